"""Writes for search: the index kept current with articles, and what readers searched."""

import atexit
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import F
from django.db.models.expressions import CombinedExpression
from django.utils import timezone

from faq.models import Article, SearchDay, SearchDocument, Step
from faq.search import engine
from faq.search.text import document_fields, normalise
from faq.services.buffer import WriteBuffer

_REBUILD_BATCH = 1000


def _fields(article: Article) -> dict[str, str]:
    steps = (
        Step.objects.filter(article=article)
        .order_by("position")
        .values_list("body_html", flat=True)
    )
    return document_fields(
        question=article.question,
        answer_intro_html=article.answer_intro_html,
        answer_outro_html=article.answer_outro_html,
        steps_html=list(steps),
    )


@transaction.atomic
def search_index_update(*, article_id: int) -> None:
    """Make the article's search document match it: its text if published, none if not."""
    article = Article.objects.filter(pk=article_id).first()
    old = SearchDocument.objects.filter(pk=article_id).first()
    fields = _fields(article) if article is not None and article.is_published else None
    if (
        old is not None
        and fields is not None
        and all(getattr(old, name) == value for name, value in fields.items())
    ):
        return
    if old is not None and fields is None:
        old.delete()
    elif fields is not None:
        SearchDocument.objects.update_or_create(article_id=article_id, defaults=fields)
    if connection.vendor == "postgresql":
        _postgres_after(article_id, old, fields)


def _postgres_after(
    article_id: int, old: SearchDocument | None, fields: dict[str, str] | None
) -> None:
    backend = engine()
    if fields is not None:
        SearchDocument.objects.filter(pk=article_id).update(
            vector=backend.vector(), question_vector=backend.question_vector()
        )
    before = backend.words_of([old.question, old.steps, old.answer]) if old else set()
    after = backend.words_of(list(fields.values())) if fields else set()
    backend.words_adjust(added=after - before, removed=before - after)


@transaction.atomic
def search_index_rebuild() -> int:
    """Index every published article afresh (after a bulk load); return how many."""
    SearchDocument.objects.all().delete()
    made = 0
    published = Article.objects.published().order_by("pk")
    last = 0
    while True:
        batch = list(published.filter(pk__gt=last)[:_REBUILD_BATCH])
        if not batch:
            break
        last = batch[-1].pk
        steps = defaultdict(list)
        for article_id, body_html in (
            Step.objects.filter(article__in=batch)
            .order_by("article_id", "position")
            .values_list("article_id", "body_html")
        ):
            steps[article_id].append(body_html)
        SearchDocument.objects.bulk_create(
            SearchDocument(
                article_id=article.pk,
                **document_fields(
                    question=article.question,
                    answer_intro_html=article.answer_intro_html,
                    answer_outro_html=article.answer_outro_html,
                    steps_html=steps[article.pk],
                ),
            )
            for article in batch
        )
        made += len(batch)
    if connection.vendor == "postgresql":
        backend = engine()
        SearchDocument.objects.update(
            vector=backend.vector(), question_vector=backend.question_vector()
        )
        backend.words_rebuild()
    else:
        # FTS5 keeps the deleted rows' entries beside the new ones until its
        # segments merge: searches read both, measured half again slower.
        engine().optimize()
    return made


@dataclass(frozen=True)
class PendingSearch:
    """A search, or an opened result, not yet written."""

    day: date
    query: str
    language: str
    results: int | None  # None: a result was opened
    opened: bool = False


@transaction.atomic
def searches_record(*, searches: Sequence[PendingSearch]) -> int:
    """Add searches and opened results to each (day, query, language)'s counts; return rows
    touched."""
    totals: dict[tuple[date, str, str], dict[str, int]] = {}
    for item in searches:
        key = (item.day, item.query, item.language)
        row = totals.setdefault(key, {"searches": 0, "opened": 0})
        if item.results is not None:
            row["searches"] += 1
            row["results"] = item.results
        row["opened"] += int(item.opened)
    # In one order everywhere, so two processes' batches never deadlock.
    for (day, query, language), row in sorted(totals.items()):
        found = SearchDay.objects.filter(day=day, query=query, language=language)
        changes: dict[str, CombinedExpression | int] = {
            "searches": F("searches") + row["searches"],
            "opened": F("opened") + row["opened"],
        }
        if "results" in row:
            changes["results"] = row["results"]
        if not found.update(**changes):
            _, created = SearchDay.objects.get_or_create(
                day=day,
                query=query,
                language=language,
                defaults={
                    "searches": row["searches"],
                    "opened": row["opened"],
                    "results": row.get("results", 0),
                },
            )
            if not created:
                found.update(**changes)
    return len(totals)


search_buffer: WriteBuffer[PendingSearch] = WriteBuffer(
    lambda items: searches_record(searches=items),
    what="recorded searches",
    size_setting="SEARCH_BUFFER_SIZE",
    seconds_setting="SEARCH_BUFFER_SECONDS",
)
atexit.register(search_buffer.shutdown)


def search_queue(*, query: str, results: int, language: str, day: date | None = None) -> bool:
    """Count a reader's search in `language`, written with others (WriteBuffer); False if
    nothing to count.

    No transaction here: it only queues in the process; searches_record writes the
    batch in one."""
    normalised = normalise(query)[: SearchDay._meta.get_field("query").max_length]
    if not normalised:
        return False
    day = day or timezone.localdate()
    search_buffer.add(PendingSearch(day=day, query=normalised, language=language, results=results))
    return True


def search_open_queue(
    *, query: str, language: str, counts_search: bool = False, day: date | None = None
) -> bool:
    """Count that a result of this search, in `language`, was opened (and, from a
    suggestion, the search too).

    No transaction here: it only queues; searches_record writes the batch in one."""
    normalised = normalise(query)[: SearchDay._meta.get_field("query").max_length]
    if not normalised:
        return False
    day = day or timezone.localdate()
    results = 1 if counts_search else None
    search_buffer.add(
        PendingSearch(day=day, query=normalised, language=language, results=results, opened=True)
    )
    return True


def searches_flush() -> int:
    """Write this process's waiting searches now, in one transaction (searches_record)."""
    return search_buffer.flush()

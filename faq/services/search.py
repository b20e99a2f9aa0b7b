"""Writes for search: the index kept current with articles, and what readers searched."""

import atexit
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.db.models.expressions import CombinedExpression
from django.utils import timezone

from faq import lang
from faq.models import (
    Article,
    ArticleTranslation,
    SearchDay,
    SearchDocument,
    SearchEmbedding,
    Step,
    StepTranslation,
)
from faq.search import engine, semantic
from faq.search.text import document_fields, normalise
from faq.services.buffer import WriteBuffer
from faq.services.content import content_version_bump
from faq.services.related import related_after_commit, related_rebuild

_REBUILD_BATCH = 1000


def _documents(articles: Sequence[Article]) -> dict[tuple[int, str], dict[str, str | bool]]:
    """Each published article's documents by (article id, language): its source text, and
    each translation with the steps translated into it."""
    published = [a for a in articles if a.is_published]
    steps: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for article_id, step_id, body_html in (
        Step.objects.filter(article__in=published)
        .order_by("article_id", "position")
        .values_list("article_id", "pk", "body_html")
    ):
        steps[article_id].append((step_id, body_html))
    translated = {
        (step_id, language): body_html
        for step_id, language, body_html in StepTranslation.objects.filter(
            step__article__in=published
        ).values_list("step_id", "language", "body_html")
    }
    found: dict[tuple[int, str], dict[str, str | bool]] = {}
    for article in published:
        found[(article.pk, article.language)] = {
            "source": True,
            **document_fields(
                question=article.question,
                answer_intro_html=article.answer_intro_html,
                answer_outro_html=article.answer_outro_html,
                steps_html=[body for _, body in steps[article.pk]],
            ),
        }
    # Only what is translated: a step shown in its source language is found
    # through the source's document, and keeps each language's words its own.
    for item in ArticleTranslation.objects.filter(article__in=published).exclude(
        language=F("article__language")
    ):
        found[(item.article_id, item.language)] = {
            "source": False,
            **document_fields(
                question=item.question,
                answer_intro_html=item.answer_intro_html,
                answer_outro_html=item.answer_outro_html,
                steps_html=[
                    translated.get((pk, item.language), "") for pk, _ in steps[item.article_id]
                ],
            ),
        }
    return found


_FIELDS = ("source", "question", "steps", "answer")


@transaction.atomic
def search_index_update(*, article_id: int) -> None:
    """Make the article's search documents match it: one per language it is in if
    published, none if not."""
    article = Article.objects.filter(pk=article_id).first()
    wanted = _documents([article]) if article is not None else {}
    old = {d.language: d for d in SearchDocument.objects.filter(article_id=article_id)}
    gone = [d for code, d in old.items() if (article_id, code) not in wanted]
    changed: dict[str, dict[str, str | bool]] = {}
    for (_, code), fields in wanted.items():
        before = old.get(code)
        if before is None or any(getattr(before, n) != fields[n] for n in _FIELDS):
            changed[code] = fields
    if gone:
        SearchDocument.objects.filter(pk__in=[d.pk for d in gone]).delete()
    written = [
        SearchDocument.objects.update_or_create(
            article_id=article_id, language=code, defaults=fields
        )[0]
        for code, fields in changed.items()
    ]
    _embeddings_write(written)
    if connection.vendor == "postgresql" and (gone or changed):
        _postgres_after(article_id, old, gone, changed)
    if gone or changed:
        related_after_commit(article_id=article_id)


def _postgres_after(
    article_id: int,
    old: dict[str, SearchDocument],
    gone: list[SearchDocument],
    changed: dict[str, dict[str, str | bool]],
) -> None:
    backend = engine()
    for code in changed:
        SearchDocument.objects.filter(article_id=article_id, language=code).update(
            vector=backend.vector(code), question_vector=backend.question_vector(code)
        )
    for code in {d.language for d in gone} | set(changed):
        before_doc = old.get(code)
        before = (
            backend.words_of([before_doc.question, before_doc.steps, before_doc.answer])
            if before_doc
            else set()
        )
        fields = changed.get(code)
        after = (
            backend.words_of([str(fields[n]) for n in ("question", "steps", "answer")])
            if fields
            else set()
        )
        backend.words_adjust(language=code, added=after - before, removed=before - after)


@transaction.atomic
def search_index_rebuild() -> int:
    """Index every published article afresh, in each of its languages (after a bulk
    load); return how many articles."""
    SearchDocument.objects.all().delete()
    made = 0
    published = Article.objects.published().order_by("pk")
    last = 0
    while True:
        batch = list(published.filter(pk__gt=last)[:_REBUILD_BATCH])
        if not batch:
            break
        last = batch[-1].pk
        written = SearchDocument.objects.bulk_create(
            SearchDocument(article_id=article_id, language=code, **fields)
            for (article_id, code), fields in _documents(batch).items()
        )
        _embeddings_write(written, new=True)
        made += len(batch)
    if connection.vendor == "postgresql":
        backend = engine()
        for code in lang.codes():
            SearchDocument.objects.filter(language=code).update(
                vector=backend.vector(code), question_vector=backend.question_vector(code)
            )
        backend.words_rebuild()
    else:
        # FTS5 keeps the deleted rows' entries beside the new ones until its
        # segments merge: searches read both, measured half again slower.
        engine().optimize()
    # Every process reads the embeddings again (faq.search.semantic keys them by it).
    content_version_bump()
    transaction.on_commit(related_rebuild, robust=True)
    return made


def _embeddings_write(documents: Sequence[SearchDocument], *, new: bool = False) -> None:
    """Embed each document's parts anew (its old embeddings go, unless the documents are
    `new`); none without the model."""
    if not documents:
        return
    if not new:
        SearchEmbedding.objects.filter(document__in=[d.pk for d in documents]).delete()
    parts = [
        (document, name, text)
        for document in documents
        for name, text in semantic.document_parts(
            question=document.question, steps=document.steps, answer=document.answer
        )
    ]
    vectors = semantic.embed([text for _, _, text in parts])
    if vectors is None:
        return
    rows = [
        (document, name, vector) for (document, name, _), vector in zip(parts, vectors, strict=True)
    ]
    # Each document's steps and answer as one more row, the one searches compare with.
    bodies: dict[int, list[Any]] = defaultdict(list)
    for document, name, vector in rows:
        if name != "question":
            bodies[document.pk].append(vector)
    by_pk = {document.pk: document for document in documents}
    for pk, found in bodies.items():
        body = semantic.body_vector(found)
        if body is not None:
            rows.append((by_pk[pk], "body", body))
    SearchEmbedding.objects.bulk_create(
        (
            SearchEmbedding(
                document=document,
                part=name,
                model=semantic.MODEL_NAME,
                vector=semantic.to_bytes(vector),
            )
            for document, name, vector in rows
        ),
        batch_size=1000,
    )


def search_embeddings_fill(*, batch_size: int = 500) -> int:
    """Embed the documents that have no embedding by the current model (those indexed
    before it, or while it could not load); return how many. A transaction a batch."""
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                SearchDocument.objects.exclude(embeddings__model=semantic.MODEL_NAME)
                .order_by("pk")
                .only("pk", "question", "steps", "answer")[:batch_size]
            )
            if not batch or semantic.model() is None:
                return done
            _embeddings_write(batch)
        done += len(batch)


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

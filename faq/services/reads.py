"""Counted reads of articles, written in batches."""

import atexit
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from faq.models import Article, ArticleView
from faq.services.buffer import WriteBuffer
from faq.sql import SqlValue


@dataclass(frozen=True)
class PendingView:
    """A read that counts, not yet written."""

    article_id: int
    visitor_key: str
    day: date
    # Not part of what makes a read the same one: a reader's day counts once,
    # in the language of the first read queued.
    language: str = field(compare=False)


@transaction.atomic
def article_views_record(*, views: Sequence[PendingView]) -> int:
    """Write counted reads in one transaction, each visitor's day once per article;
    return how many counted."""
    live = set(
        Article.objects.filter(pk__in={v.article_id for v in views}).values_list("pk", flat=True)
    )
    # In one order everywhere: two batches inserting the same rows wait for each
    # other instead of deadlocking. dict.fromkeys keeps the first of equal reads.
    rows = sorted(
        (v for v in dict.fromkeys(views) if v.article_id in live),
        key=lambda v: (v.article_id, v.visitor_key, v.day),
    )
    if not rows:
        return 0
    # RETURNING gives back only the rows the unique constraint let in, so the
    # counters move by exactly the views that are new, however requests race.
    # The ORM's bulk_create(ignore_conflicts=True) cannot say which those were.
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    params: list[SqlValue] = []
    for view in rows:
        day = connection.ops.adapt_datefield_value(view.day)
        params += [view.article_id, view.visitor_key, day, view.language]
    # Only placeholders and the model's own table name go into the text.
    sql = (
        f"INSERT INTO {ArticleView._meta.db_table} (article_id, visitor_key, day, language) "  # noqa: S608
        f"VALUES {values} ON CONFLICT DO NOTHING RETURNING article_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counted = Counter(article_id for (article_id,) in cursor.fetchall())
    # In id order, so two batches touching the same articles never deadlock.
    for article_id in sorted(counted):
        Article.objects.filter(pk=article_id).update(
            view_count=F("view_count") + counted[article_id]
        )
    return counted.total()


def article_view_record(
    *, article: Article, visitor_key: str, language: str, day: date | None = None
) -> bool:
    """Count a read, in `language`, once per visitor per article per day, now; return
    whether it counted.

    One transaction: article_views_record's."""
    day = day or timezone.localdate()
    view = PendingView(article_id=article.pk, visitor_key=visitor_key, day=day, language=language)
    return article_views_record(views=[view]) == 1


class ViewBuffer(WriteBuffer[PendingView]):
    """Counted reads waiting in this server process, written together (see WriteBuffer)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(
            lambda views: article_views_record(views=views),
            what="counted views",
            size_setting="VIEW_BUFFER_SIZE",
            seconds_setting="VIEW_BUFFER_SECONDS",
            clock=clock,
            unique=True,
        )


view_buffer = ViewBuffer()
atexit.register(view_buffer.shutdown)


def article_view_queue(
    *,
    article_id: int,
    visitor_key: str,
    language: str,
    written: bool = False,
    day: date | None = None,
) -> bool:
    """Count a read, in `language`, once per visitor per article per day, written with
    others (ViewBuffer); `written` says the database holds today's read already (the
    page's own query asked). Return whether this read counts.

    No transaction here: it only queues; the buffer's batches are written by
    article_views_record, one transaction each."""
    if written:
        return False
    day = day or timezone.localdate()
    view = PendingView(article_id=article_id, visitor_key=visitor_key, day=day, language=language)
    return view_buffer.add(view)


def article_views_flush() -> int:
    """Write this process's waiting reads now; return how many counted.

    One transaction per batch (article_views_record): the buffer hands its items over
    whole, so a failed batch is lost whole, never half counted."""
    return view_buffer.flush()


@transaction.atomic
def article_views_seed(*, article: Article, count: int, last_day: date) -> None:
    """Back a demo article's view count with view rows, one reader a day apart."""
    ArticleView.objects.bulk_create(
        ArticleView(
            article=article, visitor_key=f"demo:{i}", day=last_day - timedelta(days=i % 365)
        )
        for i in range(count)
    )
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + count)

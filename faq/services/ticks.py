"""Ticking a step and taking the tick back: the tracker's most frequent writes.

A tick checks that the step is a live step of a published article, makes the
reader's visitor row on their first write, ticks or unticks, and reads back the
article's counters and the reader's state, which its answer shows: a handful
of written-out statements in one transaction (faq.statements.tracking). Written
out: they run while SQLite holds its one write lock, and compiling them through
the ORM took longer than running them. They also keep the funnel's rollup
(faq.statements.rollup) without a statement more.

On PostgreSQL the same statements run inside a function of the database
(PL/pgSQL) that a migration installs: a tick is then one statement and one round
trip instead of nine, and its plans stay prepared in the database's session
(benchmarks/RESULTS.md). On SQLite, which has no round trips, they run one by one.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from faq.models import Article, Audience, Step, VisitorRef
from faq.models.audiences import PUBLIC
from faq.selectors.readers import (
    ArticleCounters,
    ReaderState,
    article_state_from,
    article_state_query,
)
from faq.statements.tracking import TICK_CALL, tick_statements


@dataclass(frozen=True)
class Tick:
    """What a tick leaves: the article's counters and the reader's state after it."""

    article: ArticleCounters
    state: ReaderState


def step_tick(
    *,
    article_id: int,
    step_id: int,
    visitor: VisitorRef,
    done: bool,
    language: str,
    audiences: Sequence[str] = PUBLIC,
) -> Tick | None:
    """Mark a step done (or not done) in the reader's active run, made if need be; twice
    counts once, and a run's first finish stays on record. A run made now, and a check,
    keep `language`, the reader's. None, with nothing written, if the step is not a live
    step of the published article, or the article is not for a reader of `audiences`."""
    in_function = connection.vendor == "postgresql"
    return _tick(
        article_id=article_id,
        step_id=step_id,
        visitor=visitor,
        done=done,
        language=language,
        in_function=in_function,
        audiences=audiences,
    )


def _tick(
    *,
    article_id: int,
    step_id: int,
    visitor: VisitorRef,
    done: bool,
    language: str,
    in_function: bool,
    audiences: Sequence[str] = PUBLIC,
) -> Tick | None:
    """step_tick through the PostgreSQL function, or through its statements one by one as
    on SQLite (a test runs both ways on PostgreSQL and compares what they leave)."""
    read, params = article_state_query(article_id=article_id, audiences=audiences)
    params.update(
        step=step_id,
        key=visitor.stored_key,
        user=visitor.user_id,
        done=done,
        now=connection.ops.adapt_datetimefield_value(timezone.now()),
        language=language,
    )
    with connection.cursor() as cursor:
        if in_function:
            cursor.execute(TICK_CALL, params)
        else:
            statements = tick_statements(connection.vendor)
            with transaction.atomic():
                cursor.execute(statements.tickable, params)
                tickable, params["visitor"] = cursor.fetchone()
                if not tickable:
                    return None
                if params["visitor"] is None:
                    cursor.execute(statements.visitor_add, params)
                    cursor.execute(statements.visitor_id, params)
                    params["visitor"] = cursor.fetchone()[0]
                for statement in statements.done if done else statements.undone:
                    cursor.execute(statement, params)
            # Read once the write lock is let go: every other worker's write waits on it.
            cursor.execute(read, params)
        article, state = article_state_from(cursor.fetchall(), article_id=article_id)
    return None if article is None else Tick(article=article, state=state)


def _ticked(
    *, article: Article, visitor: VisitorRef, step: Step, done: bool, language: str
) -> ReaderState:
    if step.article_id != article.pk:
        raise ValueError("The step belongs to another article.")
    # The caller holds the article already: whoever may read it is theirs to judge.
    tick = step_tick(
        article_id=article.pk,
        step_id=step.pk,
        visitor=visitor,
        done=done,
        language=language,
        audiences=Audience.values,
    )
    if tick is None:
        raise ValueError("The step is not a live step of a published article.")
    return tick.state


def step_check(*, article: Article, visitor: VisitorRef, step: Step, language: str) -> ReaderState:
    """step_tick with model instances: mark a step done; the reader's state after it."""
    return _ticked(article=article, visitor=visitor, step=step, done=True, language=language)


def step_uncheck(
    *, article: Article, visitor: VisitorRef, step: Step, language: str
) -> ReaderState:
    """step_tick with model instances: mark a step not done; the reader's state after it."""
    return _ticked(article=article, visitor=visitor, step=step, done=False, language=language)

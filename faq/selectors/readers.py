"""What the article page reads on every request: its counters, and the reader's own state.

Each is one written-out statement (faq.statements.tracking): they run on every page
view and tick, and compiling them through the ORM took longer than the database took
to answer.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.urls import reverse

from faq.models import Article, ArticleView, InboxItem, Step, VisitorRef, Vote
from faq.models.audiences import PUBLIC
from faq.models.content import ROW_ID as CONTENT_VERSION_ROW
from faq.models.reviews import review_note_due
from faq.selectors.progress import ActiveRun, Progress, progress_of
from faq.sql import SqlParams, SqlRow, SqlValue
from faq.statements.tracking import (
    ARTICLE_AND_STATE,
    AUDIENCE_SLOTS,
    COUNTERS,
    READER_STATE,
    VISIT,
)


@dataclass
class ArticleCounters:
    """What every view of a published article reads of it: its slug (in the language it
    was asked in) and counters, when it is due for review, and the content version its
    cached page is keyed by. Not a model instance: making one took longer than the query
    (benchmarks/RESULTS.md)."""

    pk: int
    slug: str
    view_count: int
    yes_count: int
    no_count: int
    review_by: date | None
    content_version: int
    is_published = True

    def get_absolute_url(self) -> str:
        return reverse("faq:article", kwargs={"pk": self.pk, "slug": self.slug})

    def review_note_due(self, today: date) -> bool:
        return review_note_due(self.review_by, today)


@dataclass(frozen=True)
class ReaderState:
    """A reader's active run on an article (its checks, its open stuck reports) and their
    vote, as the database holds them; `progress` lays them over the steps."""

    run: ActiveRun | None = None
    changed: bool = False
    done_ids: frozenset[int] = field(default_factory=frozenset)
    stuck_ids: frozenset[int] = field(default_factory=frozenset)
    vote: Vote | None = None

    @property
    def is_blank(self) -> bool:
        """No run and no vote: the page every first-time reader gets."""
        return self.run is None and self.vote is None

    def progress(self, steps: list[Step]) -> Progress:
        return progress_of(steps, self.run, self.done_ids, self.stuck_ids, self.changed)


@dataclass(frozen=True)
class Visit:
    """One page view's reads: the article's counters, the reader's state, and whether
    this reader's read of it today is already written."""

    article: ArticleCounters
    state: ReaderState
    viewed_today: bool


def _audience_params(audiences: Sequence[str]) -> dict[str, SqlValue]:
    """The reader's audiences in the page reads' slots, the first repeated into the rest."""
    if not 1 <= len(audiences) <= AUDIENCE_SLOTS:
        raise ValueError(f"A reader belongs to 1 to {AUDIENCE_SLOTS} audiences.")
    filled = [*audiences, *[audiences[0]] * (AUDIENCE_SLOTS - len(audiences))]
    return {f"audience_{n}": str(audience) for n, audience in enumerate(filled)}


def _params(
    visitor: VisitorRef | None, audiences: Sequence[str] = PUBLIC, **extra: SqlValue
) -> tuple[str, SqlParams]:
    """The visitor's column and the parameters every statement here takes."""
    params: SqlParams = {
        "published": Article.Status.PUBLISHED,
        "version_row": CONTENT_VERSION_ROW,
        "new": InboxItem.Status.NEW,
        "seen": InboxItem.Status.SEEN,
        **_audience_params(audiences),
        **extra,
    }
    if visitor is None:
        return "", params
    if visitor.user_id is not None:
        params["visitor"] = visitor.user_id
        return "user_id", params
    params["visitor"] = visitor.stored_key
    return "key", params


@dataclass
class _Rows:
    article: ArticleCounters | None = None
    state: ReaderState = field(default_factory=ReaderState)
    viewed: bool = False


# Each row's columns mean what its first one (the kind) says, so they are read by kind.
def _parse(rows: Sequence[tuple[Any, ...]], article_id: int) -> _Rows:
    """Sort out the rows of the statements above."""
    found = _Rows()
    run, vote, changed, done_ids, stuck_ids = None, None, False, set(), set()
    translated_slug = translated_review = None
    for kind, number, yes, no, version, flag, text, other in rows:
        if kind == "article":
            found.article = ArticleCounters(
                pk=article_id,
                slug=text,
                view_count=number,
                yes_count=yes,
                no_count=no,
                review_by=date.fromisoformat(other) if other else None,
                content_version=version,
            )
        elif kind == "run":
            run = ActiveRun(pk=number, outcome=text)
            changed = bool(flag)
        elif kind == "done":
            done_ids.add(number)
        elif kind == "stuck":
            stuck_ids.add(number)
        elif kind == "vote":
            vote = Vote(pk=number, article_id=article_id, helpful=bool(flag), reason=text)
        elif kind == "translation":
            translated_slug, translated_review = text, other
        else:
            found.viewed = True
    if found.article is not None and translated_slug:
        found.article.slug = translated_slug
        found.article.review_by = (
            date.fromisoformat(translated_review) if translated_review else None
        )
    found.state = ReaderState(
        run=run,
        changed=changed,
        done_ids=frozenset(done_ids),
        stuck_ids=frozenset(stuck_ids),
        vote=vote,
    )
    return found


def _read(sql: str, params: SqlParams, article_id: int) -> _Rows:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _parse(cursor.fetchall(), article_id)


def article_counters(
    *, pk: int, language: str | None = None, audiences: Sequence[str] = PUBLIC
) -> ArticleCounters:
    """A published article's slug (its translation's into `language`, if it has one),
    counters and review-by date, and the content version its cached page is keyed by, in
    one query; raises Article.DoesNotExist, also for one a reader of `audiences` may not
    read."""
    _, params = _params(None, audiences, article=pk, language=language)
    article = _read(COUNTERS, params, pk).article
    if article is None:
        raise Article.DoesNotExist
    return article


def article_visit(
    *,
    pk: int,
    visitor: VisitorRef,
    day: date,
    language: str | None = None,
    audiences: Sequence[str] = PUBLIC,
) -> Visit:
    """A page view's reads in one query: the counters (the slug in `language`), and for a
    reader who came with an id, their state and whether today's read is written; raises
    Article.DoesNotExist, also for an article a reader of `audiences` may not read."""
    if visitor.is_new:
        counters = article_counters(pk=pk, language=language, audiences=audiences)
        return Visit(article=counters, state=ReaderState(), viewed_today=False)
    stored_day = connection.ops.adapt_datefield_value(day)
    column, params = _params(
        visitor,
        audiences,
        article=pk,
        counting=visitor.counting_key,
        day=stored_day,
        language=language,
    )
    found = _read(VISIT[column], params, pk)
    if found.article is None:
        raise Article.DoesNotExist
    return Visit(article=found.article, state=found.state, viewed_today=found.viewed)


def reader_state(
    *, article: Article, steps: list[Step], visitor: VisitorRef
) -> tuple[Progress, Vote | None]:
    """A reader's progress through the article's steps and their vote, in one query."""
    if visitor.is_new:
        return ReaderState().progress(steps), None
    column, params = _params(visitor, article=article.pk)
    state = _read(READER_STATE[column], params, article.pk).state
    return state.progress(steps), state.vote


def step_progress(*, article: Article, steps: list[Step], visitor: VisitorRef) -> Progress:
    """The visitor's active run on the article: done steps, the next one, open stuck reports."""
    return reader_state(article=article, steps=steps, visitor=visitor)[0]


def view_written(*, article_id: int, visitor_key: str, day: date) -> bool:
    """Whether this reader's read of the article on `day` is in the database."""
    views = ArticleView.objects.filter(article_id=article_id, visitor_key=visitor_key, day=day)
    return views.exists()


def article_state_query(
    *, article_id: int, audiences: Sequence[str] = PUBLIC
) -> tuple[str, SqlParams]:
    """The statement of article_counters and a reader's state together, the reader named
    by their visitor row's id in %(visitor)s: for a write to read what it changed
    (faq.services.ticks), which refuses an article not for a reader of `audiences`;
    article_state_from sorts out its rows."""
    _, params = _params(None, audiences, article=article_id)
    return ARTICLE_AND_STATE, params


def article_state_from(
    rows: list[SqlRow], *, article_id: int
) -> tuple[ArticleCounters | None, ReaderState]:
    """The article's counters (None if it is not published) and the reader's state."""
    found = _parse(rows, article_id)
    return found.article, found.state

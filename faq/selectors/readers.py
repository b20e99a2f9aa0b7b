"""What the article page reads on every request: its counters, and the reader's own state.

Each is one written-out statement: they run on every page view and tick, and
compiling them through the ORM took longer than the database took to answer.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.urls import reverse

from faq.models import Article, ArticleView, ContentVersion, InboxItem, Step, VisitorRef, Vote
from faq.models.articles import review_note_due
from faq.models.content import ROW_ID as CONTENT_VERSION_ROW
from faq.selectors.progress import ActiveRun, Progress, progress_of


@dataclass
class ArticleCounters:
    """What every view of a published article reads of it: its slug and counters, when
    it is due for review, and the content version its cached page is keyed by. Not a
    model instance: making one took longer than the query (benchmarks/RESULTS.md)."""

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


# The reader's part, after a CTE "a" that holds the article's row: their active
# run (and whether the steps changed since it started), its checks, its open
# stuck reports and their vote of the article's current era. Each row is asked
# for by every column of its unique index, so the plan stays the right one
# however stale the table statistics are.
_READER_CTES = """
me AS (SELECT id FROM faq_visitor WHERE {visitor} = %(visitor)s),
run AS (
    SELECT r.id, r.outcome,
        COALESCE(r.started_at < (SELECT steps_changed_at FROM a), FALSE) AS changed
    FROM faq_run r
    WHERE r.article_id = %(article)s AND r.visitor_id = (SELECT id FROM me)
      AND r.reset_at IS NULL
)
"""
# Every row has the same eight columns: kind, four numbers, a flag, two texts,
# typed in the first row for PostgreSQL (and the tick functions' result).
_READER_ROWS = """
SELECT 'run', id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), changed,
    CAST(outcome AS TEXT), CAST(NULL AS TEXT)
FROM run
UNION ALL
SELECT 'done', step_id, NULL, NULL, NULL, NULL, NULL, NULL FROM faq_check
WHERE run_id IN (SELECT id FROM run)
UNION ALL
SELECT 'stuck', s.step_id, NULL, NULL, NULL, NULL, NULL, NULL FROM faq_stuckreport s
JOIN faq_inboxitem i ON i.stuck_report_id = s.id
WHERE s.run_id IN (SELECT id FROM run) AND i.status IN (%(new)s, %(seen)s)
UNION ALL
SELECT 'vote', v.id, NULL, NULL, NULL, v.helpful, v.reason, NULL FROM faq_vote v
WHERE v.article_id = %(article)s AND v.visitor_id = (SELECT id FROM me)
  AND v.era = (SELECT vote_era FROM a)
"""
_ARTICLE_CTE = """
a AS (
    SELECT id, slug, view_count, yes_count, no_count, review_by, vote_era, steps_changed_at
    FROM faq_article WHERE id = %(article)s AND status = %(published)s
)
"""
_STATE_CTE = """
a AS (SELECT id, vote_era, steps_changed_at FROM faq_article WHERE id = %(article)s)
"""
# The first row names the columns' types, which PostgreSQL needs for the NULLs below.
_ARTICLE_ROW = f"""
SELECT 'article', CAST(view_count AS BIGINT), CAST(yes_count AS BIGINT),
    CAST(no_count AS BIGINT),
    COALESCE((SELECT value FROM {ContentVersion._meta.db_table} WHERE id = %(version_row)s), 0),
    CAST(NULL AS BOOLEAN), CAST(slug AS TEXT), CAST(review_by AS TEXT)
FROM a
"""  # noqa: S608 (the model's own table name)
_VIEWED_ROW = """
SELECT 'viewed', NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM faq_articleview
WHERE article_id = %(article)s AND visitor_key = %(counting)s AND day = %(day)s
"""
# Only the pieces above and placeholders go into these texts.
_COUNTERS = f"WITH {_ARTICLE_CTE} {_ARTICLE_ROW}"
_VISIT = (
    f"WITH {_ARTICLE_CTE}, {_READER_CTES} {_ARTICLE_ROW} UNION ALL {_READER_ROWS}"
    f" UNION ALL {_VIEWED_ROW}"
)
_READER_STATE = f"WITH {_STATE_CTE}, {_READER_CTES} {_READER_ROWS}"
_ARTICLE_AND_STATE = f"WITH {_ARTICLE_CTE}, {_READER_CTES} {_ARTICLE_ROW} UNION ALL {_READER_ROWS}"


def _params(visitor: VisitorRef | None, **extra) -> tuple[str, dict]:
    """The visitor's column and the parameters every statement here takes."""
    params = {
        "published": Article.Status.PUBLISHED,
        "version_row": CONTENT_VERSION_ROW,
        "new": InboxItem.Status.NEW,
        "seen": InboxItem.Status.SEEN,
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


def _parse(rows: list[tuple], article_id: int) -> _Rows:
    """Sort out the rows of the statements above."""
    found = _Rows()
    run, vote, changed, done_ids, stuck_ids = None, None, False, set(), set()
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
        else:
            found.viewed = True
    found.state = ReaderState(
        run=run,
        changed=changed,
        done_ids=frozenset(done_ids),
        stuck_ids=frozenset(stuck_ids),
        vote=vote,
    )
    return found


def _read(sql: str, params: dict, article_id: int) -> _Rows:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _parse(cursor.fetchall(), article_id)


def article_counters(*, pk: int) -> ArticleCounters:
    """A published article's slug, counters and review-by date, and the content version
    its cached page is keyed by, in one query; raises Article.DoesNotExist."""
    _, params = _params(None, article=pk)
    article = _read(_COUNTERS, params, pk).article
    if article is None:
        raise Article.DoesNotExist
    return article


def article_visit(*, pk: int, visitor: VisitorRef, day: date) -> Visit:
    """A page view's reads in one query: the counters, and for a reader who came with an
    id, their state and whether today's read is written; raises Article.DoesNotExist."""
    if visitor.is_new:
        return Visit(article=article_counters(pk=pk), state=ReaderState(), viewed_today=False)
    day = connection.ops.adapt_datefield_value(day)
    column, params = _params(visitor, article=pk, counting=visitor.counting_key, day=day)
    found = _read(_VISIT.format(visitor=column), params, pk)
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
    state = _read(_READER_STATE.format(visitor=column), params, article.pk).state
    return state.progress(steps), state.vote


def step_progress(*, article: Article, steps: list[Step], visitor: VisitorRef) -> Progress:
    """The visitor's active run on the article: done steps, the next one, open stuck reports."""
    return reader_state(article=article, steps=steps, visitor=visitor)[0]


def view_written(*, article_id: int, visitor_key: str, day: date) -> bool:
    """Whether this reader's read of the article on `day` is in the database."""
    views = ArticleView.objects.filter(article_id=article_id, visitor_key=visitor_key, day=day)
    return views.exists()


def article_state_query(*, article_id: int) -> tuple[str, dict]:
    """The statement of article_counters and a reader's state together, the reader named
    by their visitor row's id in %(visitor)s: for a write to read what it changed
    (faq.services.ticks); article_state_from sorts out its rows."""
    _, params = _params(None, article=article_id)
    return _ARTICLE_AND_STATE.format(visitor="id"), params


def article_state_from(
    rows: list[tuple], *, article_id: int
) -> tuple[ArticleCounters | None, ReaderState]:
    """The article's counters (None if it is not published) and the reader's state."""
    found = _parse(rows, article_id)
    return found.article, found.state

"""Reader statistics for staff: the overview table, counted by the database in two queries."""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from faq.models import InboxItem, Run

# The score is the lower bound of the 95% Wilson score interval for the
# share of Yes votes: 1 Yes out of 1 scores 0.21, 180 out of 200 scores 0.85.
WILSON_Z = 1.96

# Sort keys staff may ask for, each an output column of the overview query.
SORTS = (
    "question",
    "views",
    "yes",
    "no",
    "share",
    "score",
    "started",
    "finished",
    "completion",
    "worked",
    "failed",
    "stuck",
)
DEFAULT_SORT = "-views"
PER_PAGE = 50


@dataclass(frozen=True)
class Period:
    """Whole days from first_day to last_day, both included, in the site's time zone."""

    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first_day, time.min))

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return timezone.make_aware(datetime.combine(self.last_day + timedelta(days=1), time.min))

    def each_day(self) -> list[date]:
        return [self.first_day + timedelta(days=i) for i in range(self.days)]

    def sql_params(self) -> dict:
        ops = connection.ops
        return {
            "first_day": ops.adapt_datefield_value(self.first_day),
            "last_day": ops.adapt_datefield_value(self.last_day),
            "start": ops.adapt_datetimefield_value(self.start),
            "end": ops.adapt_datetimefield_value(self.end),
        }


def wilson_lower_bound(yes: int, no: int, z: float = WILSON_Z) -> float:
    """The lower bound of the Wilson score interval for yes / (yes + no); 0 without votes."""
    n = yes + no
    if n == 0:
        return 0.0
    p = yes / n
    return (p + z * z / (2 * n) - z * math.sqrt((p * (1 - p) + z * z / (4 * n)) / n)) / (
        1 + z * z / n
    )


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class OverviewRow:
    """One article's numbers for a period (or, with article_id None, the totals)."""

    article_id: int | None
    question: str
    slug: str
    status: str
    views: int
    yes: int
    no: int
    started: int
    finished: int
    worked: int
    failed: int
    stuck: int
    score: float

    @property
    def share(self) -> float | None:
        """The helpful share: Yes out of all votes."""
        return share(self.yes, self.yes + self.no)

    @property
    def completion(self) -> float | None:
        return share(self.finished, self.started)

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


@dataclass(frozen=True)
class Overview:
    period: Period
    rows: list[OverviewRow]
    totals: OverviewRow
    count: int
    page: int
    pages: int


# Each reader table is counted once, grouped by article, and joined to the
# articles: no row is loaded into Python to be counted.
_COUNTED = """
WITH views AS (
    SELECT article_id, COUNT(*) AS n FROM faq_articleview
    WHERE day >= %(first_day)s AND day <= %(last_day)s {scope}
    GROUP BY article_id
), votes AS (
    SELECT article_id,
           COUNT(*) FILTER (WHERE helpful) AS yes,
           COUNT(*) FILTER (WHERE NOT helpful) AS no
    FROM faq_vote
    WHERE updated_at >= %(start)s AND updated_at < %(end)s {scope}
    GROUP BY article_id
), runs AS (
    SELECT article_id,
           COUNT(*) AS started,
           COUNT(finished_at) AS finished,
           COUNT(*) FILTER (WHERE outcome = %(worked)s) AS worked,
           COUNT(*) FILTER (WHERE outcome = %(failed)s) AS failed
    FROM faq_run
    WHERE started_at >= %(start)s AND started_at < %(end)s {scope}
    GROUP BY article_id
), stuck AS (
    SELECT article_id, COUNT(*) AS n FROM faq_inboxitem
    WHERE kind = %(stuck_kind)s AND status IN (%(new)s, %(seen)s)
      AND created_at >= %(start)s AND created_at < %(end)s {scope}
    GROUP BY article_id
), counted AS (
    SELECT a.id AS article_id, a.question, a.slug, a.status,
           COALESCE(views.n, 0) AS views,
           COALESCE(votes.yes, 0) AS yes,
           COALESCE(votes.no, 0) AS no,
           COALESCE(runs.started, 0) AS started,
           COALESCE(runs.finished, 0) AS finished,
           COALESCE(runs.worked, 0) AS worked,
           COALESCE(runs.failed, 0) AS failed,
           COALESCE(stuck.n, 0) AS stuck
    FROM faq_article a
    LEFT JOIN views ON views.article_id = a.id
    LEFT JOIN votes ON votes.article_id = a.id
    LEFT JOIN runs ON runs.article_id = a.id
    LEFT JOIN stuck ON stuck.article_id = a.id
    WHERE {where}
)
"""

_ROWS = """
, rated AS (
    SELECT counted.*, yes + no AS votes,
           CASE WHEN yes + no > 0 THEN yes * 1.0 / (yes + no) END AS share,
           CASE WHEN started > 0 THEN finished * 1.0 / started END AS completion
    FROM counted
)
SELECT article_id, question, slug, status, views, yes, no, started, finished, worked, failed,
       stuck,
       CASE WHEN votes > 0 THEN
           (share + %(z2)s / (2.0 * votes)
            - %(z)s * SQRT((share * (1 - share) + %(z2)s / (4.0 * votes)) / votes))
           / (1 + %(z2)s / votes)
       ELSE 0 END AS score,
       -- The totals of every row, not only the page's: windows run before LIMIT.
       COUNT(*) OVER (), SUM(views) OVER (), SUM(yes) OVER (), SUM(no) OVER (),
       SUM(started) OVER (), SUM(finished) OVER (), SUM(worked) OVER (), SUM(failed) OVER (),
       SUM(stuck) OVER ()
FROM rated
ORDER BY {order}
{limit}
"""

_TOTALS = """
SELECT COUNT(*), SUM(views), SUM(yes), SUM(no), SUM(started), SUM(finished), SUM(worked),
       SUM(failed), SUM(stuck)
FROM counted
"""


def _where(
    topic_id: int | None, team_id: int | None, article_id: int | None
) -> tuple[str, str, dict]:
    """The article filter, and the same filter pushed down into each counted table."""
    clauses, params = ["1 = 1"], {}
    if article_id is not None:
        clauses.append("a.id = %(article)s")
        params["article"] = article_id
    if topic_id is not None:
        clauses.append(
            "a.id IN (SELECT article_id FROM faq_article_topics WHERE topic_id = %(topic)s)"
        )
        params["topic"] = topic_id
    if team_id is not None:
        clauses.append("a.team_id = %(team)s")
        params["team"] = team_id
    where = " AND ".join(clauses)
    if article_id is not None:
        scope = "AND article_id = %(article)s"
    elif len(clauses) > 1:
        # Only the fixed clauses above, with their values as parameters.
        scope = f"AND article_id IN (SELECT a.id FROM faq_article a WHERE {where})"  # noqa: S608
    else:
        scope = ""
    return where, scope, params


def _order(sort: str) -> str:
    """ORDER BY for a sort key from SORTS, "-" first for descending; ties go by question."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        raise ValueError(f"Unknown sort: {sort!r}")
    direction = "DESC" if sort.startswith("-") else "ASC"
    if key == "question":
        return f"question {direction}, article_id ASC"
    # Articles without votes or runs have no share: they go last either way.
    return f"{key} {direction} NULLS LAST, question ASC, article_id ASC"


def _fetch_page(cursor, sql: str, params: dict, *, page: int | None, per_page: int) -> list:
    if page is not None:
        params = {**params, "limit": per_page, "offset": (page - 1) * per_page}
    cursor.execute(sql, params)
    return cursor.fetchall()


def statistics_overview(
    *,
    period: Period,
    topic_id: int | None = None,
    team_id: int | None = None,
    article_id: int | None = None,
    sort: str = DEFAULT_SORT,
    page: int | None = 1,
    per_page: int = PER_PAGE,
) -> Overview:
    """One row per article for the period, sorted, a page at a time (page=None: every row)."""
    where, scope, filters = _where(topic_id, team_id, article_id)
    params = {
        **period.sql_params(),
        **filters,
        "worked": Run.Outcome.WORKED,
        "failed": Run.Outcome.FAILED,
        "stuck_kind": InboxItem.Kind.STUCK,
        "new": InboxItem.Status.NEW,
        "seen": InboxItem.Status.SEEN,
        "z": WILSON_Z,
        "z2": WILSON_Z * WILSON_Z,
    }
    counted = _COUNTED.format(where=where, scope=scope)
    limit = "" if page is None else "LIMIT %(limit)s OFFSET %(offset)s"
    rows_sql = counted + _ROWS.format(order=_order(sort), limit=limit)
    page = None if page is None else max(page, 1)
    with connection.cursor() as cursor:
        fetched = _fetch_page(cursor, rows_sql, params, page=page, per_page=per_page)
        if fetched:
            count, *sums = fetched[0][13:]
        else:
            # No row on this page: nothing matches, or the page is past the last.
            cursor.execute(counted + _TOTALS, params)
            count, *sums = cursor.fetchone()
            if count and page is not None:
                page = math.ceil(count / per_page)
                fetched = _fetch_page(cursor, rows_sql, params, page=page, per_page=per_page)
    sums = [int(value or 0) for value in sums]
    pages = max(1, math.ceil(count / per_page))
    # PostgreSQL computes the score in NUMERIC; SQLite in floats.
    rows = [OverviewRow(*row[:12], float(row[12])) for row in fetched]
    views, yes, no, started, finished, worked, failed, stuck = sums
    totals = OverviewRow(
        None, "Total", "", "", views, yes, no, started, finished, worked, failed, stuck,
        wilson_lower_bound(yes, no),
    )  # fmt: skip
    return Overview(
        period=period, rows=rows, totals=totals, count=count, page=page or 1, pages=pages
    )

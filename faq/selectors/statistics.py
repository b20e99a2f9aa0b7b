"""Reader statistics for staff: the overview table, counted by the database in two queries."""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from faq.models import InboxItem, Run
from faq.sql import SqlParams
from faq.statements.statistics import (
    SORTS as SORTS,  # the sort keys staff may ask for: the statistics form offers them
)
from faq.statements.statistics import (
    overview_filter_sql,
    overview_rows_sql,
    overview_totals_sql,
)

# The score is the lower bound of the 95% Wilson score interval for the
# share of Yes votes: 1 Yes out of 1 scores 0.21, 180 out of 200 scores 0.85.
WILSON_Z = 1.96

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

    def sql_params(self) -> SqlParams:
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


def _fetch_page(
    cursor: CursorWrapper, sql: str, params: SqlParams, *, page: int | None, per_page: int
) -> list[tuple[Any, ...]]:
    if page is not None:
        params = {**params, "limit": per_page, "offset": (page - 1) * per_page}
    cursor.execute(sql, params)
    rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def statistics_overview(
    *,
    period: Period,
    topic_id: int | None = None,
    team_id: int | None = None,
    article_id: int | None = None,
    language: str | None = None,
    sort: str = DEFAULT_SORT,
    page: int | None = 1,
    per_page: int = PER_PAGE,
) -> Overview:
    """One row per article for the period, sorted, a page at a time (page=None: every row);
    with `language`, only what readers did in it (views read, votes cast, runs started and
    stuck reports said in it), else in every language."""
    where, scope = overview_filter_sql(
        topic=topic_id is not None,
        team=team_id is not None,
        article=article_id is not None,
        language=language is not None,
    )
    params = {
        **period.sql_params(),
        "topic": topic_id,
        "team": team_id,
        "article": article_id,
        "language": language,
        "worked": Run.Outcome.WORKED,
        "failed": Run.Outcome.FAILED,
        "stuck_kind": InboxItem.Kind.STUCK,
        "new": InboxItem.Status.NEW,
        "seen": InboxItem.Status.SEEN,
        "z": WILSON_Z,
        "z2": WILSON_Z * WILSON_Z,
    }
    rows_sql = overview_rows_sql(where=where, scope=scope, sort=sort, paged=page is not None)
    page = None if page is None else max(page, 1)
    with connection.cursor() as cursor:
        fetched = _fetch_page(cursor, rows_sql, params, page=page, per_page=per_page)
        if fetched:
            count, *sums = fetched[0][13:]
        else:
            # No row on this page: nothing matches, or the page is past the last.
            cursor.execute(overview_totals_sql(where=where, scope=scope), params)
            count, *sums = cursor.fetchone()
            if count and page is not None:
                page = math.ceil(count / per_page)
                fetched = _fetch_page(cursor, rows_sql, params, page=page, per_page=per_page)
    sums = [int(value or 0) for value in sums]
    pages = max(1, math.ceil(count / per_page))
    # PostgreSQL computes the score in NUMERIC; SQLite in floats.
    # The first twelve columns are the fields before the score (mypy cannot count them).
    rows = [OverviewRow(*row[:12], float(row[12])) for row in fetched]  # type: ignore[call-arg]
    views, yes, no, started, finished, worked, failed, stuck = sums
    totals = OverviewRow(
        None, "Total", "", "", views, yes, no, started, finished, worked, failed, stuck,
        wilson_lower_bound(yes, no),
    )  # fmt: skip
    return Overview(
        period=period, rows=rows, totals=totals, count=count, page=page or 1, pages=pages
    )

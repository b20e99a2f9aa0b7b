"""One article's statistics: views and votes by day, and the step funnel."""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from faq.markdown import html_to_text
from faq.models import Article, ArticleView, StuckReport, Vote
from faq.selectors.statistics import OverviewRow, Period, statistics_overview

# A run nobody has touched for this long, unfinished, counts as stopped.
STALE_AFTER = timedelta(days=1)
# The sentence about the step that loses most readers needs this many runs
# at the step before it, so that one reader's exit is not called a trend.
MIN_RUNS_FOR_LOSS = 5
MESSAGES_PER_STEP = 3


@dataclass(frozen=True)
class StuckMessage:
    created_at: object
    message: str


@dataclass(frozen=True)
class FunnelRow:
    """One step's numbers, keyed by the step's id so a reorder never mixes two steps up."""

    step_id: int
    position: int
    removed: bool
    text: str
    reached: int
    went_on: int
    stopped: int
    stuck: int
    median_seconds: float | None
    # Of the runs that got to this step (ticked the step before, or started,
    # for step 1), how many ticked this step or a later one.
    arrived: int = 0
    carried: int = 0
    messages: list[StuckMessage] = field(default_factory=list)

    @property
    def went_on_share(self) -> float | None:
        """The share of the previous step's runs that went on to this step or beyond."""
        return self.carried / self.arrived if self.arrived else None

    @property
    def lost(self) -> int:
        return self.arrived - self.carried

    @property
    def loss(self) -> float | None:
        return None if self.went_on_share is None else 1 - self.went_on_share


@dataclass(frozen=True)
class DayCount:
    day: date
    views: int = 0
    yes: int = 0
    no: int = 0


@dataclass(frozen=True)
class ArticleStatistics:
    article: Article
    period: Period
    summary: OverviewRow
    days: list[DayCount]
    steps: list[FunnelRow]
    removed_steps: list[FunnelRow]
    worst: FunnelRow | None
    stale_runs: int


# Counted from the rollup the tick services keep (faq.services.funnel), so no
# check is sorted into its run's order here:
# - each step's checks in the period are one range of the index on (step,
#   run start, seconds): their count is "reached", and the median of their
#   seconds since the step before is the step's time;
# - runs are grouped by their furthest live step: those ended there, so of a
#   step's checks, all but theirs went on; the stale ones stopped after it.
_FUNNEL = """
WITH runs AS (
    SELECT furthest_position,
           finished_at IS NULL AND reset_at IS NULL AND updated_at < %(stale_before)s AS stale
    FROM faq_run
    WHERE article_id = %(article)s AND started_at >= %(start)s AND started_at < %(end)s
), ends AS (
    SELECT furthest_position AS position, COUNT(*) AS ended,
           COUNT(*) FILTER (WHERE stale) AS stopped_after
    FROM runs
    WHERE furthest_position IS NOT NULL
    GROUP BY furthest_position
), checked AS (
    {checked}
), stuck AS (
    SELECT step_id, COUNT(*) AS n FROM faq_stuckreport
    WHERE article_id = %(article)s AND created_at >= %(start)s AND created_at < %(end)s
    GROUP BY step_id
)
SELECT s.id, s.position, s.removed_at IS NOT NULL, s.body_html,
       COALESCE(checked.reached, 0), COALESCE(checked.reached, 0) - COALESCE(ends.ended, 0),
       COALESCE(ends.stopped_after, 0), COALESCE(stuck.n, 0), checked.median,
       (SELECT COUNT(furthest_position) FROM runs),
       (SELECT COUNT(*) FROM runs WHERE stale)
FROM faq_step s
LEFT JOIN checked ON checked.step_id = s.id
-- Removed steps are no run's furthest; they may share a number with a live one.
LEFT JOIN ends ON ends.position = s.position AND s.removed_at IS NULL
LEFT JOIN stuck ON stuck.step_id = s.id
WHERE s.article_id = %(article)s
ORDER BY s.removed_at IS NOT NULL, s.position, s.id
"""

# Each step's checks in the period. PostgreSQL aggregates each step's range
# apart (LATERAL), so no sort by step comes before percentile_cont's own;
# SQLite reads the ranges in step order and takes median() (faq.sql).
# Checks on removed steps count as reached; their seconds are null.
_CHECKED = {
    "postgresql": """
    SELECT s.id AS step_id, c.reached, c.median
    FROM faq_step s
    CROSS JOIN LATERAL (
        SELECT COUNT(*) AS reached,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median
        FROM faq_check
        WHERE step_id = s.id AND run_started_at >= %(start)s AND run_started_at < %(end)s
    ) AS c
    WHERE s.article_id = %(article)s
    """,
    "sqlite": """
    SELECT c.step_id, COUNT(*) AS reached, median(c.seconds) AS median
    FROM faq_step s
    CROSS JOIN faq_check c
    WHERE s.article_id = %(article)s AND c.step_id = s.id
      AND c.run_started_at >= %(start)s AND c.run_started_at < %(end)s
    GROUP BY c.step_id
    """,
}


def _excerpt(html: str, limit: int = 140) -> str:
    text = " ".join(html_to_text(html).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _funnel_rows(*, article: Article, period: Period) -> tuple[list[FunnelRow], int, int]:
    """Every step's counts (removed ones too), runs that ticked any step, and stale runs."""
    sql = _FUNNEL.format(checked=_CHECKED[connection.vendor])
    params = {
        **period.sql_params(),
        "article": article.pk,
        "stale_before": connection.ops.adapt_datetimefield_value(timezone.now() - STALE_AFTER),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    ticked, stale = fetched[0][9:11] if fetched else (0, 0)
    # A stale run stopped at the step after its furthest tick; one with no
    # tick on a live step stopped at the first.
    stopped_after = {
        position: n for (_, position, removed, _, _, _, n, *_) in fetched if not removed
    }
    stopped = {p + 1: n for p, n in stopped_after.items()}
    stopped[1] = stale - sum(stopped_after.values())
    rows = [
        FunnelRow(
            step_id=pk,
            position=position,
            removed=bool(removed),
            text=_excerpt(body_html),
            reached=reached,
            went_on=0 if removed else went_on,
            stopped=0 if removed else stopped.get(position, 0),
            stuck=stuck,
            median_seconds=round(float(median), 2) if median is not None else None,
        )
        for (pk, position, removed, body_html, reached, went_on, _, stuck, median, *_) in fetched
    ]
    return rows, ticked, stale


def _carry(live: list[FunnelRow], *, started: int, ticked: int) -> list[FunnelRow]:
    """Give each live step the runs that got to it and the runs that went on past it."""
    carried = []
    arrived, went_on = started, ticked
    for row in live:
        carried.append(replace(row, arrived=arrived, carried=went_on))
        arrived, went_on = row.reached, row.went_on
    return carried


def _worst(live: list[FunnelRow]) -> FunnelRow | None:
    """The step that loses the largest share of the runs that get to it."""
    candidates = [r for r in live if r.arrived >= MIN_RUNS_FOR_LOSS and r.lost > 0]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (r.loss, r.lost, -r.position))


def _messages(*, article: Article, period: Period) -> dict[int, list[StuckMessage]]:
    """The latest few stuck messages of each step in the period."""
    latest = (
        StuckReport.objects.filter(
            article=article, created_at__gte=period.start, created_at__lt=period.end
        )
        .exclude(message="")
        .annotate(
            rank=Window(RowNumber(), partition_by=F("step_id"), order_by=F("created_at").desc())
        )
        .filter(rank__lte=MESSAGES_PER_STEP)
        .order_by("step_id", "rank")
        .values_list("step_id", "created_at", "message")
    )
    found: dict[int, list[StuckMessage]] = {}
    for step_id, created_at, message in latest:
        found.setdefault(step_id, []).append(StuckMessage(created_at, message))
    return found


def _days(*, article: Article, period: Period) -> list[DayCount]:
    """Views and votes for each day of the period, days without any included."""
    views = dict(
        ArticleView.objects.filter(
            article=article, day__gte=period.first_day, day__lte=period.last_day
        )
        .values("day")
        .annotate(n=Count("*"))
        .values_list("day", "n")
    )
    votes = {
        row["on"]: row
        for row in Vote.objects.filter(
            article=article, updated_at__gte=period.start, updated_at__lt=period.end
        )
        .annotate(on=TruncDate("updated_at"))
        .values("on")
        .annotate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
    }
    return [
        DayCount(
            day=day,
            views=views.get(day, 0),
            yes=votes.get(day, {}).get("yes", 0),
            no=votes.get(day, {}).get("no", 0),
        )
        for day in period.each_day()
    ]


def article_statistics(*, article: Article, period: Period) -> ArticleStatistics:
    """An article's numbers for the period, its views and votes by day, and its step funnel."""
    summary = statistics_overview(period=period, article_id=article.pk, page=None).rows[0]
    rows, ticked, stale = _funnel_rows(article=article, period=period)
    messages = _messages(article=article, period=period)
    rows = [replace(row, messages=messages.get(row.step_id, [])) for row in rows]
    live = _carry([r for r in rows if not r.removed], started=summary.started, ticked=ticked)
    removed = [r for r in rows if r.removed and (r.reached or r.stuck)]
    return ArticleStatistics(
        article=article,
        period=period,
        summary=summary,
        days=_days(article=article, period=period),
        steps=live,
        removed_steps=removed,
        worst=_worst(live),
        stale_runs=stale,
    )

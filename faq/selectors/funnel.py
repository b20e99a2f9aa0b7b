"""One article's statistics: views and votes by day, and the step funnel."""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from faq.markdown import html_to_text
from faq.models import Article, ArticleView, Question, StuckReport, Vote
from faq.selectors.statistics import OverviewRow, Period, statistics_overview
from faq.statements.statistics import article_funnel_sql

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
    # Questions sent to the team from this step (its "I'm stuck here").
    asked: int = 0
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


def _excerpt(html: str, limit: int = 140) -> str:
    text = " ".join(html_to_text(html).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _funnel_rows(
    *, article: Article, period: Period, language: str | None
) -> tuple[list[FunnelRow], int, int]:
    """Every step's counts (removed ones too), runs that ticked any step, and stale runs."""
    sql = article_funnel_sql(connection.vendor, language=language is not None)
    params = {
        **period.sql_params(),
        "article": article.pk,
        "language": language,
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


def _messages(
    *, article: Article, period: Period, language: str | None
) -> dict[int, list[StuckMessage]]:
    """The latest few stuck messages of each step in the period."""
    reports = StuckReport.objects.filter(
        article=article, created_at__gte=period.start, created_at__lt=period.end
    )
    if language is not None:
        reports = reports.filter(language=language)
    latest = (
        reports.exclude(message="")
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


def _asked(*, article: Article, period: Period, language: str | None) -> dict[int, int]:
    """How many questions readers sent from each step in the period."""
    questions = Question.objects.filter(
        article=article,
        step__isnull=False,
        created_at__gte=period.start,
        created_at__lt=period.end,
    )
    if language is not None:
        questions = questions.filter(language=language)
    return dict(questions.values("step_id").annotate(n=Count("pk")).values_list("step_id", "n"))


def _days(*, article: Article, period: Period, language: str | None) -> list[DayCount]:
    """Views and votes for each day of the period, days without any included."""
    in_language = {} if language is None else {"language": language}
    views = dict(
        ArticleView.objects.filter(
            article=article, day__gte=period.first_day, day__lte=period.last_day, **in_language
        )
        .values("day")
        .annotate(n=Count("*"))
        .values_list("day", "n")
    )
    votes = {
        row["on"]: row
        for row in Vote.objects.filter(
            article=article,
            updated_at__gte=period.start,
            updated_at__lt=period.end,
            **in_language,
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


def article_statistics(
    *, article: Article, period: Period, language: str | None = None
) -> ArticleStatistics:
    """An article's numbers for the period, its views and votes by day, and its step funnel;
    with `language`, of what readers did in it (the funnel: the runs started in it)."""
    summary = statistics_overview(
        period=period, article_id=article.pk, language=language, page=None
    ).rows[0]
    rows, ticked, stale = _funnel_rows(article=article, period=period, language=language)
    messages = _messages(article=article, period=period, language=language)
    asked = _asked(article=article, period=period, language=language)
    rows = [
        replace(row, messages=messages.get(row.step_id, []), asked=asked.get(row.step_id, 0))
        for row in rows
    ]
    live = _carry([r for r in rows if not r.removed], started=summary.started, ticked=ticked)
    removed = [r for r in rows if r.removed and (r.reached or r.stuck or r.asked)]
    return ArticleStatistics(
        article=article,
        period=period,
        summary=summary,
        days=_days(article=article, period=period, language=language),
        steps=live,
        removed_steps=removed,
        worst=_worst(live),
        stale_runs=stale,
    )

"""An article's numbers for the time each version was live, and two versions side by side."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from faq.models import Article
from faq.selectors.funnel import ArticleStatistics, FunnelRow, article_statistics
from faq.selectors.history import VersionRow, article_versions
from faq.selectors.statistics import Period


@dataclass(frozen=True)
class LivePeriod(Period):
    """The time a version was live: exact moments for runs, votes and reports; whole days
    for views, which are counted by the day."""

    start_at: datetime
    end_at: datetime

    @property
    def start(self) -> datetime:
        return self.start_at

    @property
    def end(self) -> datetime:
        return self.end_at


@dataclass(frozen=True)
class VersionLife:
    version: VersionRow
    period: LivePeriod


@dataclass(frozen=True)
class StepPair:
    """One step's funnel row in each version, matched by the step's id."""

    step_id: int
    a: FunnelRow | None
    b: FunnelRow | None

    @property
    def label(self) -> FunnelRow:
        row = self.b or self.a
        if row is None:
            raise ValueError(f"Step {self.step_id} is in neither version.")
        return row


@dataclass(frozen=True)
class VersionComparison:
    a: VersionLife
    b: VersionLife
    stats_a: ArticleStatistics
    stats_b: ArticleStatistics
    steps: list[StepPair]


def version_lives(*, article: Article, now: datetime | None = None) -> list[VersionLife]:
    """Each version, newest first, with the time it was live: until the next one was saved."""
    now = now or timezone.now()
    lives, until = [], now
    for version in article_versions(article=article):
        start = version.created_at
        period = LivePeriod(
            first_day=timezone.localdate(start),
            last_day=timezone.localdate(until),
            start_at=start,
            end_at=until,
        )
        lives.append(VersionLife(version=version, period=period))
        until = start
    return lives


def version_comparison(*, article: Article, a: int, b: int) -> VersionComparison | None:
    """The statistics of versions a and b and their funnels step by step; None if either
    is not one of the article's versions."""
    lives = {life.version.pk: life for life in version_lives(article=article)}
    if a not in lives or b not in lives:
        return None
    stats_a = article_statistics(article=article, period=lives[a].period)
    stats_b = article_statistics(article=article, period=lives[b].period)
    rows_a = {r.step_id: r for r in stats_a.steps + stats_a.removed_steps}
    rows_b = {r.step_id: r for r in stats_b.steps + stats_b.removed_steps}
    # In the newer version's order, then the steps only the other one had.
    order = list(rows_b) + [pk for pk in rows_a if pk not in rows_b]
    pairs = [StepPair(step_id=pk, a=rows_a.get(pk), b=rows_b.get(pk)) for pk in order]
    return VersionComparison(a=lives[a], b=lives[b], stats_a=stats_a, stats_b=stats_b, steps=pairs)

"""The plan of the activity: who reads what, how far each run gets, and when."""

import math
import random
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate, pairwise

from django.utils import timezone

from demo.activity.words import (
    COMMENTS,
    REASONS_DONE,
    REASONS_FAILED,
    REASONS_STOPPED,
    STUCK_MESSAGES,
)
from faq.models import Article, Run, Step

EXAMPLE_SLUG = "sync-endnote-library-to-new-library"

# Where readers of the seed article give up in real life: deleting everything
# online (3), typing #!resetLocalSync (5) and the "break the link" prompt (7).
EXAMPLE_HARD_STEPS = (3, 5, 7)
RUNS_PER_VISITOR = 1.6
VOTE_SHARE = 0.25
OUTCOME_SHARE = 0.6
WORKED_SHARE = 0.85
STUCK_SHARE = 0.04

# Readers come in office hours, less at night and at weekends.
HOUR_WEIGHTS = (1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 18, 17, 14, 16, 17, 16, 13, 10, 8, 7, 6, 4, 3, 2)
WEEKEND_WEIGHT = 0.45
STUCK_SILENT = 0.3
COMMENT_SHARE = 0.35


@dataclass(frozen=True)
class PlannedArticle:
    pk: int
    slug: str
    step_ids: list[int]
    positions: list[int]
    bodies: list[str]
    hard: tuple[int, ...]
    # Cumulative drop-off hazard after each step: a run ticks step n while
    # factor * reach[n-1] stays within its exponential draw.
    reach: list[float]
    median_seconds: list[float]


@dataclass(frozen=True)
class PlannedVote:
    helpful: bool
    reason: str
    comment: str
    created: float
    updated: float


@dataclass(slots=True)
class PlannedRun:
    article: int
    visitor: int
    ticks: int
    # Where its tick offsets (seconds after its start) begin in the shared array.
    first: int
    updated: float
    span: float
    outcome: str
    stuck: tuple[float, str] | None
    vote: PlannedVote | None
    start: float = 0.0
    reset_at: float | None = None


@dataclass(frozen=True)
class Window:
    """The days the activity spreads over, as seconds after their first midnight (UTC)."""

    first_day: date
    opens: datetime
    day_starts: list[float]

    @classmethod
    def of(cls, *, days: int, end: date) -> "Window":
        first = end - timedelta(days=days - 1)
        midnights = [
            timezone.make_aware(datetime.combine(first + timedelta(days=i), time.min)).astimezone(
                UTC
            )
            for i in range(days + 1)
        ]
        return cls(first, midnights[0], [(m - midnights[0]).total_seconds() for m in midnights])

    @property
    def days(self) -> int:
        return len(self.day_starts) - 1

    @property
    def length(self) -> float:
        return self.day_starts[-1]

    def at(self, offset: float) -> datetime:
        return self.opens + timedelta(seconds=offset)

    def day_index(self, offset: float) -> int:
        return min(bisect_right(self.day_starts, offset) - 1, self.days - 1)

    def day(self, index: int) -> date:
        return self.first_day + timedelta(days=index)

    def day_weights(self) -> list[float]:
        """Weekends quieter, recent days a little busier."""
        last = max(self.days - 1, 1)
        return [
            (WEEKEND_WEIGHT if self.day(i).weekday() >= 5 else 1.0) * (1 + 0.3 * i / last)
            for i in range(self.days)
        ]


def say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(f"{message}\n")


def catalogue_build(*, rng: random.Random) -> list[PlannedArticle]:
    """Published articles by popularity (the seed article first), each with its step profile."""
    # Sorted here, not by the database, whose collation may order slugs differently.
    published = sorted(
        Article.objects.published().values_list("pk", "slug"), key=lambda row: (row[1], row[0])
    )
    steps: dict[int, list[tuple[int, int, str]]] = {}
    for article_id, pk, position, body in (
        Step.objects.filter(article__status=Article.Status.PUBLISHED)
        .order_by("article_id", "position")
        .values_list("article_id", "pk", "position", "body")
    ):
        steps.setdefault(article_id, []).append((pk, position, body))
    example = [row for row in published if row[1] == EXAMPLE_SLUG][:1]
    others = [row for row in published if row not in example]
    rng.shuffle(others)
    return [
        article_profile(rng=rng, pk=pk, slug=slug, steps=steps.get(pk, []))
        for pk, slug in example + others
    ]


def article_profile(
    *, rng: random.Random, pk: int, slug: str, steps: list[tuple[int, int, str]]
) -> PlannedArticle:
    count = len(steps)
    if slug == EXAMPLE_SLUG:
        hard = tuple(n for n in EXAMPLE_HARD_STEPS if n <= count)
    elif count >= 2:
        many = 1 if count <= 5 else rng.choice((1, 2)) if count <= 9 else rng.choice((2, 3))
        hard = tuple(sorted(rng.sample(range(2, count + 1), many)))
    else:
        hard = ()
    hazards, medians = [], []
    for n in range(1, count + 1):
        if n in hard:
            hazards.append(rng.uniform(5.0, 9.0))
            medians.append(math.exp(rng.uniform(math.log(120), math.log(360))))
        else:
            # A run starts with a tick, so few end before the first step.
            hazards.append(rng.uniform(0.1, 0.3) if n == 1 else rng.uniform(0.5, 1.5))
            medians.append(math.exp(rng.uniform(math.log(20), math.log(150))))
    return PlannedArticle(
        pk=pk,
        slug=slug,
        step_ids=[s[0] for s in steps],
        positions=[s[1] for s in steps],
        bodies=[s[2] for s in steps],
        hard=hard,
        reach=list(accumulate(hazards)),
        median_seconds=medians,
    )


def calibrate(
    *, catalogue: list[PlannedArticle], article_of: list[int], energy: list[float], target: int
) -> tuple[float, int]:
    """The drop-off factor whose runs tick closest to `target` steps, and the most possible."""
    # Counted on the draws themselves rather than in expectation, so a small
    # fill lands on the target as closely as a big one.
    drawn: dict[int, list[float]] = {}
    for article, value in zip(article_of, energy, strict=True):
        drawn.setdefault(article, []).append(value)
    groups = [(catalogue[article].reach, sorted(values)) for article, values in drawn.items()]

    def ticked(factor: float) -> int:
        return sum(
            len(values) - bisect_left(values, factor * hazard)
            for reach, values in groups
            for hazard in reach
        )

    possible = ticked(0.0)
    if possible <= target:
        return 0.0, possible
    low, high = 0.0, 1.0
    while ticked(high) > target and high < 1e12:
        low, high = high, high * 2
    for _ in range(100):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if ticked(middle) > target:
            low = middle
        else:
            high = middle
    best = low if abs(ticked(low) - target) < abs(ticked(high) - target) else high
    return best, possible


def duration_draw(rng: random.Random, median: float) -> float:
    """Seconds a reader takes over a step: lognormal around its median, within reason."""
    return min(max(rng.lognormvariate(math.log(median), 0.6), 3.0), 3 * 3600.0)


def runs_plan(
    *, rng: random.Random, catalogue: list[PlannedArticle], runs: int, checks: int, window: Window
) -> tuple[list[PlannedRun], array, int]:
    """Every run's article, reader, ticks and times, before any row is written."""
    offsets = array("d")
    eligible = [i for i, article in enumerate(catalogue) if article.step_ids]
    if runs == 0 or not eligible:
        return [], offsets, 0
    # Zipf: the article at rank r (among all published ones) gets weight 1/r.
    article_of = rng.choices(
        eligible, cum_weights=list(accumulate(1 / (i + 1) for i in eligible)), k=runs
    )
    energy = [rng.expovariate(1.0) for _ in range(runs)]
    factor, possible = calibrate(
        catalogue=catalogue, article_of=article_of, energy=energy, target=checks
    )
    scaled = {i: [factor * hazard for hazard in catalogue[i].reach] for i in eligible}
    ticks_of = [bisect_right(scaled[a], e) for a, e in zip(article_of, energy, strict=True)]
    # Enough of the runs that stop before a hard step say they are stuck there
    # to make about STUCK_SHARE of all runs.
    stalled = sum(
        1
        for a, ticks in zip(article_of, ticks_of, strict=True)
        if ticks < len(catalogue[a].step_ids) and ticks + 1 in catalogue[a].hard
    )
    stuck_share = min(1.0, STUCK_SHARE * runs / stalled) if stalled else 0.0

    visitors = max(1, round(runs / RUNS_PER_VISITOR))
    visitor_of = list(range(visitors)) + [rng.randrange(visitors) for _ in range(runs - visitors)]
    rng.shuffle(visitor_of)

    voted: set[tuple[int, int]] = set()
    plan = []
    for a, visitor, ticks in zip(article_of, visitor_of, ticks_of, strict=True):
        article = catalogue[a]
        first = len(offsets)
        at = 0.0
        for n in range(ticks):
            if n:
                at += duration_draw(rng, article.median_seconds[n])
            offsets.append(at)
        finished = ticks == len(article.step_ids)
        outcome, updated = "", at
        if finished and rng.random() < OUTCOME_SHARE:
            outcome = Run.Outcome.WORKED if rng.random() < WORKED_SHARE else Run.Outcome.FAILED
            updated = at + rng.uniform(5.0, 180.0)
        stuck = None
        if not finished and ticks + 1 in article.hard and rng.random() < stuck_share:
            said = at + duration_draw(rng, article.median_seconds[ticks])
            message = "" if rng.random() < STUCK_SILENT else rng.choice(STUCK_MESSAGES)
            stuck = (said, message)
        span = max(updated, stuck[0] if stuck else 0.0)
        vote = None
        if rng.random() < VOTE_SHARE and (visitor, a) not in voted:
            voted.add((visitor, a))
            vote = vote_draw(
                rng=rng,
                progress=ticks / len(article.step_ids),
                finished=finished,
                outcome=outcome,
                after=span,
            )
            span = vote.updated
        plan.append(PlannedRun(a, visitor, ticks, first, updated, span, outcome, stuck, vote))

    starts_draw(rng=rng, plan=plan, window=window)
    return plan, offsets, possible


def vote_draw(
    *, rng: random.Random, progress: float, finished: bool, outcome: str, after: float
) -> PlannedVote:
    if outcome == Run.Outcome.FAILED:
        yes, reasons = 0.1, REASONS_FAILED
    elif finished:
        yes, reasons = (0.95 if outcome else 0.85), REASONS_DONE
    else:
        yes, reasons = 0.15 + 0.25 * progress, REASONS_STOPPED
    created = after + rng.uniform(10.0, 600.0)
    if rng.random() < yes:
        return PlannedVote(True, "", "", created, created)
    reason = rng.choices(list(reasons), weights=list(reasons.values()))[0]
    comment = rng.choice(COMMENTS[reason]) if rng.random() < COMMENT_SHARE else ""
    return PlannedVote(False, reason, comment, created, created + rng.uniform(5.0, 90.0))


def starts_draw(*, rng: random.Random, plan: list[PlannedRun], window: Window) -> None:
    """Start times in the window; a reader's runs on one article follow each other."""
    days = rng.choices(range(window.days), weights=window.day_weights(), k=len(plan))
    hours = rng.choices(range(24), weights=HOUR_WEIGHTS, k=len(plan))
    for run, day, hour in zip(plan, days, hours, strict=True):
        length = window.day_starts[day + 1] - window.day_starts[day]
        run.start = window.day_starts[day] + length * (hour + rng.random()) / 24
    together: dict[tuple[int, int], list[PlannedRun]] = {}
    for run in plan:
        together.setdefault((run.visitor, run.article), []).append(run)
    last = window.length - 1.0
    longest_gap = min(2 * 86400.0, window.length / 8)
    for runs in together.values():
        runs.sort(key=lambda run: run.start)
        done = None
        for run in runs:
            if done is not None:
                run.start = max(run.start, done + rng.uniform(60.0, longest_gap))
            done = run.start + run.span
        if done is None:
            continue
        # Nothing may happen after the window closes: move late readers earlier,
        # by a little more than needed so they do not all end on the last second.
        late = done - last
        if late > 0:
            late += rng.uniform(0.0, longest_gap / 4)
            for run in runs:
                run.start = max(0.0, run.start - late)
        # Starting again ends the run before: the database allows one active run.
        for before, after in pairwise(runs):
            before.reset_at = after.start

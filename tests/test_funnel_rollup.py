"""The funnel's rollup (a run's furthest step, a check's seconds since the step before) stays
what a full count from the checks gives, through every way ticks and steps change, for
every language together and for each language's runs."""

import itertools
import statistics
from datetime import timedelta

import pytest
from django.utils import timezone

from faq import services
from faq.models import Check, Run, Step
from faq.selectors.funnel import STALE_AFTER, _funnel_rows
from faq.selectors.statistics import Period
from tests.factories import make_article, make_visitor

pytestmark = pytest.mark.django_db


class Clock:
    """timezone.now for the services, moved on by hand (runs start at the real now)."""

    def __init__(self):
        self.now = timezone.now().replace(microsecond=0)

    def __call__(self):
        return self.now

    def tick(self, minutes: float = 1) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


def week() -> Period:
    today = timezone.localdate()
    return Period(today - timedelta(days=6), today)


LANGUAGES = ("en", "sv", "de")


def tick(clock, article, visitor, position, *, done=True, minutes=1):
    """A tick in one of the languages, by reader and step: readers switch as they go."""
    clock.tick(minutes)
    step = Step.objects.get(article=article, position=position)
    language = LANGUAGES[(visitor.pk + position // 2) % 3]
    if done:
        services.step_check(article=article, visitor=visitor.ref, step=step, language=language)
    else:
        services.step_uncheck(article=article, visitor=visitor.ref, step=step, language=language)


def full_count(article, period, language=None):
    """The funnel counted from the checks alone, as the window query did before the rollup:
    (step id, position, removed, reached, went on, stopped, median) per step, ticked, stale;
    with `language`, of the runs started in it."""
    runs = Run.objects.filter(
        article=article, started_at__gte=period.start, started_at__lt=period.end
    ).prefetch_related("checks__step")
    if language is not None:
        runs = runs.filter(language=language)
    steps = list(Step.all_objects.filter(article=article).order_by("position", "pk"))
    stale_before = timezone.now() - STALE_AFTER
    reached = {s.pk: 0 for s in steps}
    went_on = dict(reached)
    stopped = {s.position: 0 for s in steps if s.removed_at is None}
    durations = {s.pk: [] for s in steps}
    ticked = stale = 0
    for run in runs:
        is_stale = (
            run.finished_at is None and run.reset_at is None and run.updated_at < stale_before
        )
        stale += is_stale
        for check in run.checks.all():
            reached[check.step_id] += 1
        live = sorted(
            (c for c in run.checks.all() if c.step.removed_at is None),
            key=lambda c: c.step.position,
        )
        ticked += bool(live)
        for before, after in itertools.pairwise(live):
            went_on[before.step_id] += 1
            seconds = (after.checked_at - before.checked_at).total_seconds()
            if after.step.position == before.step.position + 1 and seconds >= 0:
                durations[after.step_id].append(seconds)
        if is_stale:
            stopped[live[-1].step.position + 1 if live else 1] = (
                stopped.get(live[-1].step.position + 1 if live else 1, 0) + 1
            )
    rows = [
        (
            s.pk,
            s.position,
            s.removed_at is not None,
            reached[s.pk],
            went_on[s.pk],
            0 if s.removed_at else stopped.get(s.position, 0),
            round(statistics.median(durations[s.pk]), 2) if durations[s.pk] else None,
        )
        for s in sorted(steps, key=lambda s: (s.removed_at is not None, s.position, s.pk))
    ]
    return rows, ticked, stale


def rolled_up(article, period, language=None):
    rows, ticked, stale = _funnel_rows(article=article, period=period, language=language)
    got = [
        (r.step_id, r.position, r.removed, r.reached, r.went_on, r.stopped, r.median_seconds)
        for r in rows
    ]
    return got, ticked, stale


def rollup_columns(article):
    runs = dict(Run.objects.filter(article=article).values_list("pk", "furthest_position"))
    checks = {
        pk: (started, None if seconds is None else round(seconds, 3))
        for pk, started, seconds in Check.objects.filter(run__article=article).values_list(
            "pk", "run_started_at", "seconds"
        )
    }
    return runs, checks


def assert_rollup_right(article):
    """The funnel equals the full count, in every language and in each, and the columns
    equal a recount from scratch."""
    got = rolled_up(article, week())
    assert got == full_count(article, week())
    assert got[1] > 0, "no run in the period"
    for language in LANGUAGES:
        assert rolled_up(article, week(), language) == full_count(article, week(), language)
    kept = rollup_columns(article)
    services.funnel_recount(article_id=article.pk)
    assert rollup_columns(article) == kept


@pytest.fixture
def article():
    return make_article("How do I sync EndNote?", steps=5)


def some_readers(clock, article, count=4):
    """Readers who tick in order, a minute or more per step, and stop at different steps."""
    for n in range(count):
        visitor = make_visitor()
        for position in range(1, 6 - n % 3):
            tick(clock, article, visitor, position, minutes=1 + n + position)
    clock.tick(60 * 24 * 2)


def test_ticks_in_order_keep_the_rollup(clock, article):
    some_readers(clock, article)
    assert_rollup_right(article)
    rows, ticked, stale = rolled_up(article, week())
    assert (ticked, stale) == (4, 2)
    # Reader n took n + 3 minutes from step 1 to step 2.
    assert rows[1][6] == statistics.median([180, 240, 300, 360])


def test_ticks_out_of_order_time_only_steps_done_after_the_one_before(clock, article):
    visitor = make_visitor()
    for position in (3, 1, 2, 5, 4):
        tick(clock, article, visitor, position, minutes=2)
    some_readers(clock, article, count=2)
    assert_rollup_right(article)
    run = Run.objects.filter(visitor=visitor).get()
    seconds = dict(run.checks.values_list("step__position", "seconds"))
    # Step 2 came 2 minutes after step 1 and step 4 8 minutes after step 3; step 1
    # has no step before it, steps 3 and 5 came before the step before them.
    assert seconds == {1: None, 2: 120.0, 3: None, 4: 480.0, 5: None}
    assert run.furthest_position == 5


def test_taking_back_the_step_before_leaves_the_next_untimed(clock, article):
    visitor = make_visitor()
    for position in (1, 2, 3):
        tick(clock, article, visitor, position)
    tick(clock, article, visitor, 2, done=False)
    run = Run.objects.get(visitor=visitor)
    assert dict(run.checks.values_list("step__position", "seconds")) == {1: None, 3: None}
    assert run.furthest_position == 3
    assert_rollup_right(article)
    # Ticked again, step 2 is timed from step 1; step 3 came before it, so stays untimed.
    tick(clock, article, visitor, 2, minutes=5)
    assert dict(run.checks.values_list("step__position", "seconds")) == {1: None, 2: 480.0, 3: None}
    assert_rollup_right(article)
    # Taking back the furthest step moves the run's furthest back.
    tick(clock, article, visitor, 3, done=False)
    run.refresh_from_db()
    assert run.furthest_position == 2
    some_readers(clock, article)
    assert_rollup_right(article)


def test_taking_back_a_step_nobody_ticked_changes_nothing(clock, article):
    visitor = make_visitor()
    tick(clock, article, visitor, 1)
    tick(clock, article, visitor, 4, done=False)
    assert Run.objects.get(visitor=visitor).furthest_position == 1
    state = services.step_uncheck(
        article=article,
        visitor=make_visitor().ref,
        step=Step.objects.get(article=article, position=1),
        language="en",
    )
    assert state.run is None
    assert_rollup_right(article)


def test_a_reorder_recounts_the_rollup(clock, article):
    some_readers(clock, article)
    visitor = make_visitor()
    for position in (1, 3, 2):
        tick(clock, article, visitor, position)
    s1, s2, s3, s4, s5 = Step.objects.filter(article=article).order_by("position")
    services.step_list_save(
        article=article,
        steps=[
            services.StepInput(body=s.body, position=p, step=s)
            for s, p in [(s1, 1), (s3, 2), (s2, 3), (s5, 4), (s4, 5)]
        ],
    )
    assert_rollup_right(article)
    run = Run.objects.get(visitor=visitor)
    # Step 3 now comes second and was ticked a minute after step 1.
    assert dict(run.checks.values_list("step_id", "seconds"))[s3.pk] == 60.0
    assert run.furthest_position == 3


def test_removing_and_adding_steps_recounts_the_rollup(clock, article):
    some_readers(clock, article)
    steps = list(Step.objects.filter(article=article).order_by("position"))
    removed = steps[2]
    services.step_list_save(
        article=article,
        steps=[
            services.StepInput(body=s.body, position=s.position, step=s)
            for s in steps
            if s != removed
        ]
        + [services.StepInput(body="A new last step.", position=9)],
        deleted=[removed],
    )
    assert_rollup_right(article)
    # Checks on the removed step keep counting as reached, and have no time.
    assert not Check.objects.filter(step=removed, seconds__isnull=False).exists()
    rows, _, _ = rolled_up(article, week())
    assert [(r[1], r[2]) for r in rows] == [(1, False), (2, False), (3, False), (4, False),
                                            (5, False), (3, True)]  # fmt: skip
    # Step 4 now follows step 2: timed from it.
    assert rows[2][6] is not None


def test_editing_a_step_text_does_not_recount(clock, article):
    some_readers(clock, article, count=1)
    steps = list(Step.objects.filter(article=article).order_by("position"))
    inputs = [
        services.StepInput(body=s.body + " Edited.", position=s.position, step=s) for s in steps
    ]
    Check.objects.update(seconds=12345)
    services.step_list_save(article=article, steps=inputs)
    assert set(Check.objects.values_list("seconds", flat=True)) == {12345}


def test_a_reset_run_keeps_its_rollup_and_the_next_starts_anew(clock, article):
    visitor = make_visitor()
    for position in (1, 2, 3):
        tick(clock, article, visitor, position)
    services.run_reset(article=article, visitor=visitor.ref)
    for position in (1, 2):
        tick(clock, article, visitor, position, minutes=10)
    old, new = Run.objects.filter(visitor=visitor).order_by("pk")
    assert (old.furthest_position, new.furthest_position) == (3, 2)
    assert dict(new.checks.values_list("step__position", "seconds")) == {1: None, 2: 600.0}
    clock.tick(60 * 24 * 2)
    assert_rollup_right(article)


def test_taking_back_a_removed_step_leaves_the_live_steps_times(clock, article):
    visitor = make_visitor()
    for position in range(1, 6):
        tick(clock, article, visitor, position)
    steps = list(Step.objects.filter(article=article).order_by("position"))
    removed = steps[2]
    services.step_list_save(
        article=article,
        steps=[
            services.StepInput(body=s.body, position=s.position, step=s)
            for s in steps
            if s != removed
        ],
        deleted=[removed],
    )
    # The removed step kept number 3: it cannot be taken back (readers no longer see it),
    # and the live step now numbered 4 keeps its time.
    with pytest.raises(ValueError, match="not a live step"):
        services.step_uncheck(article=article, visitor=visitor.ref, step=removed, language="en")
    run = Run.objects.get(visitor=visitor)
    assert dict(run.checks.values_list("step_id", "seconds"))[steps[4].pk] == 60.0
    assert_rollup_right(article)

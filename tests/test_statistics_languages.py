"""The statistics by language: each language counts what readers did in it, the funnel the
runs started in it, and every language together counts what it did before languages."""

from dataclasses import astuple
from datetime import timedelta

import pytest
from django.utils import timezone

from faq import selectors, services
from faq.models import Step
from faq.selectors.statistics import Period
from tests.factories import make_article, make_run, make_visitor

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "sv", "de")


def summed(numbers):
    """Each column's sum over a language's numbers each."""
    return tuple(map(sum, zip(*numbers, strict=True)))


# The overview's counted columns.
NUMBERS = ("views", "yes", "no", "started", "finished", "worked", "failed", "stuck")


def last_week() -> Period:
    today = timezone.localdate()
    return Period(today - timedelta(days=6), today)


def check(article, visitor, position, language):
    step = Step.objects.get(article=article, position=position)
    services.step_check(article=article, visitor=visitor.ref, step=step, language=language)


def funnel(article, language=None):
    """(position, reached, went on, stopped) of each live step, and the runs started."""
    stats = selectors.article_statistics(article=article, period=last_week(), language=language)
    rows = [(r.position, r.reached, r.went_on, r.stopped) for r in stats.steps]
    return rows, stats.summary.started


def test_ticks_in_swedish_and_english_on_one_run_count_once_per_step_and_by_its_start():
    article = make_article("How do I sync EndNote?", steps=3)
    switcher, english = make_visitor(), make_visitor()
    check(article, switcher, 1, "sv")
    check(article, switcher, 2, "en")
    check(article, switcher, 1, "en")  # twice: once
    for position in (1, 2, 3):
        check(article, english, position, "en")
    assert funnel(article) == ([(1, 2, 2, 0), (2, 2, 1, 0), (3, 1, 0, 0)], 2)
    # The switcher's run started in Swedish: all of it counts there, none in English.
    assert funnel(article, "sv") == ([(1, 1, 1, 0), (2, 1, 0, 0), (3, 0, 0, 0)], 1)
    assert funnel(article, "en") == ([(1, 1, 1, 0), (2, 1, 1, 0), (3, 1, 0, 0)], 1)
    assert funnel(article, "de") == ([(1, 0, 0, 0), (2, 0, 0, 0), (3, 0, 0, 0)], 0)


@pytest.fixture
def readers_in_three_languages():
    """Runs, stuck reports, outcomes, votes and views in English, Swedish and German."""
    article = make_article("How do I sync EndNote?", steps=5)
    other = make_article("How do I install NVivo?", steps=2)
    start = timezone.now() - timedelta(hours=30)
    runs = [
        ("en", {1: 0, 2: 1, 3: 3, 4: 6, 5: 10}, None, "worked"),
        ("en", {1: 0, 2: 2}, None, ""),
        ("sv", {1: 0, 2: 1, 3: 4, 4: 8, 5: 13}, None, "failed"),
        ("sv", {1: 0, 2: 3, 3: 5}, (4, "Menyn Synk saknas"), ""),
        ("sv", {1: 0}, None, ""),
        ("de", {1: 0, 2: 5}, (3, "Wo ist das Menü?"), ""),
    ]
    for n, (language, ticks, stuck, outcome) in enumerate(runs):
        make_run(
            article,
            start=start + timedelta(minutes=n),
            ticks=ticks,
            stuck=stuck,
            outcome=outcome,
            language=language,
        )
    make_run(other, start=start, ticks={1: 0, 2: 1}, language="sv")
    for language, helpful in [("en", True), ("sv", False), ("sv", True)]:
        services.vote_cast(
            article=article, visitor=make_visitor().ref, helpful=helpful, language=language
        )
    for n, language in enumerate(["en", "en", "sv", "de", "sv"]):
        services.article_view_record(article=article, visitor_key=f"a:{n}", language=language)
    services.article_view_record(article=other, visitor_key="a:9", language="de")
    return article


def overview_numbers(language=None):
    overview = selectors.statistics_overview(period=last_week(), language=language)
    rows = {r.question: tuple(getattr(r, n) for n in NUMBERS) for r in overview.rows}
    return rows, tuple(getattr(overview.totals, n) for n in NUMBERS)


def test_the_overview_in_swedish_counts_only_what_readers_did_in_swedish(
    readers_in_three_languages,
):
    rows, totals = overview_numbers("sv")
    # views, yes, no, runs started, finished, worked, failed, open stuck
    assert rows["How do I sync EndNote?"] == (2, 1, 1, 3, 1, 0, 1, 1)
    assert rows["How do I install NVivo?"] == (0, 0, 0, 1, 1, 0, 0, 0)
    assert totals == (2, 1, 1, 4, 2, 0, 1, 1)
    assert overview_numbers("de")[1] == (2, 0, 0, 1, 0, 0, 0, 1)


def test_every_language_together_is_the_sum_of_each_and_the_unfiltered_numbers(
    readers_in_three_languages,
):
    every_rows, every_totals = overview_numbers()
    assert every_rows["How do I sync EndNote?"] == (5, 2, 1, 6, 2, 1, 1, 2)
    by_language = [overview_numbers(language) for language in LANGUAGES]
    for question, numbers in every_rows.items():
        assert numbers == summed(rows[question] for rows, _ in by_language)
    assert every_totals == summed(totals for _, totals in by_language)
    article = readers_in_three_languages
    every = funnel(article)
    # Untouched for a day: the unfinished runs stopped after their furthest step.
    assert every == ([(1, 6, 5, 0), (2, 5, 3, 1), (3, 3, 2, 2), (4, 2, 2, 1), (5, 2, 0, 0)], 6)
    each = [funnel(article, language) for language in LANGUAGES]
    assert sum(started for _, started in each) == every[1]
    for i, row in enumerate(every[0]):
        assert row[1:] == summed(rows[i][1:] for rows, _ in each)


def test_the_funnel_in_one_language_has_its_stuck_reports_medians_and_days(
    readers_in_three_languages,
):
    article = readers_in_three_languages
    swedish = selectors.article_statistics(article=article, period=last_week(), language="sv")
    by_position = {r.position: r for r in swedish.steps}
    assert [m.message for m in by_position[4].messages] == ["Menyn Synk saknas"]
    assert by_position[3].messages == []
    assert (by_position[4].stuck, by_position[3].stuck) == (1, 0)
    # Step 2 came 1 and 3 minutes after step 1 in the two Swedish runs that got there.
    assert by_position[2].median_seconds == 120.0
    assert sum(day.views for day in swedish.days) == 2
    assert sum(day.no for day in swedish.days) == 1
    german = selectors.article_statistics(article=article, period=last_week(), language="de")
    assert [(r.position, r.stuck) for r in german.steps if r.stuck] == [(3, 1)]
    assert sum(day.views for day in german.days) == 1


def test_every_language_is_what_the_statistics_counted_before_languages(
    readers_in_three_languages,
):
    article = readers_in_three_languages
    unfiltered = selectors.article_statistics(article=article, period=last_week())
    every = selectors.article_statistics(article=article, period=last_week(), language=None)
    assert [astuple(r) for r in every.steps] == [astuple(r) for r in unfiltered.steps]
    assert every.summary == unfiltered.summary
    assert every.days == unfiltered.days


def test_a_language_costs_the_statistics_no_more_queries(
    readers_in_three_languages, django_assert_num_queries
):
    with django_assert_num_queries(1):
        selectors.statistics_overview(period=last_week(), language="sv")
    with django_assert_num_queries(6):
        selectors.article_statistics(
            article=readers_in_three_languages, period=last_week(), language="sv"
        )

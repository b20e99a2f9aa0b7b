"""The numbers staff read: a small known data set, with every count worked out by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from faq import selectors, services
from faq.models import InboxItem, Visitor, Vote
from faq.selectors.statistics import Period, wilson_lower_bound
from tests.factories import make_article, make_run, make_team, make_topic, make_visitor

pytestmark = pytest.mark.django_db

# Each run: the steps it ticked, at minutes after its start; "stuck" files a
# report on that step; "age" is how long ago the run started, in hours.
RUNS = {
    "r1": {"ticks": {1: 0, 2: 1, 3: 3, 4: 6, 5: 10}, "outcome": "worked"},
    "r2": {"ticks": {1: 0, 2: 2, 3: 6, 4: 9, 5: 14}, "outcome": "failed"},
    "r3": {"ticks": {1: 0, 2: 1, 3: 4, 4: 8, 5: 13}},
    "r4": {"ticks": {1: 0, 2: 3, 3: 5}},
    "r5": {"ticks": {1: 0, 2: 2, 3: 6}},
    "r6": {"ticks": {1: 0, 2: 1}},
    "r7": {"ticks": {1: 0}},
    "r8": {"ticks": {1: 0, 2: 5, 3: 10}, "stuck": (4, "The Sync menu is missing")},
    "r9": {"ticks": {}, "stuck": (1, "")},
    "r10": {"ticks": {1: 0, 3: 2}},  # skipped step 2
    "r11": {"ticks": {1: 0, 2: 1}, "age": 1},  # touched an hour ago: not stopped yet
    "r12": {"ticks": {1: 0, 2: 1}, "reset": True},  # started over: not stopped either
}


@pytest.fixture
def funnel_article():
    article = make_article("How do I sync EndNote?", steps=5)
    now = timezone.now()
    for i, spec in enumerate(RUNS.values()):
        fields = {k: v for k, v in spec.items() if k != "age"}
        make_run(article, start=now - timedelta(hours=spec.get("age", 72 - i)), **fields)
    return article


def last_week() -> Period:
    today = timezone.localdate()
    return Period(today - timedelta(days=6), today)


def test_funnel_counts_drop_offs_and_median_times(funnel_article):
    stats = selectors.article_statistics(article=funnel_article, period=last_week())
    got = [
        (
            r.position,
            r.reached,
            r.went_on,
            r.arrived,
            r.carried,
            r.stopped,
            r.stuck,
            r.median_seconds,
        )
        for r in stats.steps
    ]
    assert got == [
        # step, reached, went on past it, got to it, went on from the step before,
        # stopped here, stuck, median seconds since the step before
        (1, 11, 10, 12, 11, 1, 1, None),
        (2, 9, 6, 11, 10, 1, 0, 60.0),
        (3, 7, 3, 9, 6, 1, 0, 210.0),
        (4, 3, 3, 7, 3, 4, 1, 180.0),
        (5, 3, 0, 3, 3, 0, 0, 300.0),
    ]
    assert [round(r.went_on_share, 3) for r in stats.steps] == [0.917, 0.909, 0.667, 0.429, 1.0]
    assert stats.stale_runs == 7
    assert stats.worst.position == 4
    assert round(stats.worst.loss, 3) == 0.571
    assert stats.removed_steps == []


def test_summary_completion_outcomes_and_open_stuck(funnel_article):
    summary = selectors.article_statistics(article=funnel_article, period=last_week()).summary
    assert (summary.started, summary.finished, summary.worked, summary.failed) == (12, 3, 1, 1)
    assert summary.completion == 0.25
    assert summary.stuck == 2
    stuck_on_one = InboxItem.objects.get(kind="stuck", stuck_report__step_position=1)
    services.inbox_items_mark(item_ids=[stuck_on_one.pk], status="resolved", user=None)
    after = selectors.article_statistics(article=funnel_article, period=last_week()).summary
    assert after.stuck == 1


def test_stuck_messages_sit_on_their_step(funnel_article):
    stats = selectors.article_statistics(article=funnel_article, period=last_week())
    by_position = {r.position: [m.message for m in r.messages] for r in stats.steps}
    assert by_position[4] == ["The Sync menu is missing"]
    assert by_position[1] == []  # an empty message is counted, not listed


def test_funnel_rows_follow_step_ids_through_a_reorder(funnel_article):
    s1, s2, s3, s4, s5 = funnel_article.steps.order_by("position")
    services.step_list_save(
        article=funnel_article,
        steps=[
            services.StepInput(body=s.body, position=p, step=s)
            for s, p in [(s1, 1), (s3, 2), (s2, 3), (s4, 4), (s5, 5)]
        ],
    )
    stats = selectors.article_statistics(article=funnel_article, period=last_week())
    reached = {r.step_id: (r.position, r.reached, r.stuck) for r in stats.steps}
    assert reached[s2.pk] == (3, 9, 0)
    assert reached[s3.pk] == (2, 7, 0)
    assert reached[s4.pk] == (4, 3, 1)


def test_a_removed_step_keeps_its_past_counts(funnel_article):
    steps = list(funnel_article.steps.order_by("position"))
    s4 = steps[3]
    services.step_list_save(
        article=funnel_article,
        steps=[
            services.StepInput(body=s.body, position=s.position, step=s) for s in steps if s != s4
        ],
        deleted=[s4],
    )
    stats = selectors.article_statistics(article=funnel_article, period=last_week())
    assert [r.position for r in stats.steps] == [1, 2, 3, 4]
    [removed] = stats.removed_steps
    assert (removed.step_id, removed.removed, removed.position) == (s4.pk, True, 4)
    assert (removed.reached, removed.stuck) == (3, 1)
    # The last step moved up to number 4 and kept its own counts.
    assert (stats.steps[3].step_id, stats.steps[3].reached) == (steps[4].pk, 3)


def test_runs_outside_the_period_are_not_counted(funnel_article):
    today = timezone.localdate()
    stats = selectors.article_statistics(
        article=funnel_article,
        period=Period(today - timedelta(days=60), today - timedelta(days=30)),
    )
    assert stats.summary.started == 0
    assert [r.reached for r in stats.steps] == [0, 0, 0, 0, 0]
    assert stats.worst is None


def test_views_and_votes_by_day_include_empty_days():
    article = make_article(steps=2)
    today = timezone.localdate()
    for key, days_ago in [("a", 0), ("b", 0), ("c", 2)]:
        services.article_view_record(
            article=article, visitor_key=key, day=today - timedelta(days=days_ago), language="en"
        )
    for helpful in (True, True, False):
        services.vote_cast(
            article=article, visitor=make_visitor().ref, helpful=helpful, language="en"
        )
    days = selectors.article_statistics(
        article=article, period=Period(today - timedelta(days=2), today)
    ).days
    assert [(d.day, d.views, d.yes, d.no) for d in days] == [
        (today - timedelta(days=2), 1, 0, 0),
        (today - timedelta(days=1), 0, 0, 0),
        (today, 2, 2, 1),
    ]


def bulk_votes(article, yes: int, no: int) -> None:
    visitors = Visitor.objects.bulk_create(Visitor(key=Visitor.new_key()) for _ in range(yes + no))
    Vote.objects.bulk_create(
        Vote(article=article, visitor=v, helpful=i < yes) for i, v in enumerate(visitors)
    )


def test_score_is_the_wilson_lower_bound_and_ranks_sure_answers_first():
    one = make_article("One happy reader")
    many = make_article("Many happy readers")
    unvoted = make_article("Nobody voted")
    bulk_votes(one, yes=1, no=0)
    bulk_votes(many, yes=180, no=20)
    overview = selectors.statistics_overview(period=last_week(), sort="-score")
    assert [r.question for r in overview.rows] == [
        "Many happy readers",
        "One happy reader",
        "Nobody voted",
    ]
    scores = {r.article_id: r.score for r in overview.rows}
    assert scores[many.pk] == pytest.approx(0.8506, abs=1e-4)
    assert scores[one.pk] == pytest.approx(0.2065, abs=1e-4)
    assert scores[unvoted.pk] == 0
    # The database and Python agree, so the totals row scores the same way.
    assert scores[many.pk] == pytest.approx(wilson_lower_bound(180, 20), abs=1e-9)
    by_share = selectors.statistics_overview(period=last_week(), sort="-share").rows
    assert [r.question for r in by_share][:2] == ["One happy reader", "Many happy readers"]
    assert by_share[-1].share is None


def test_overview_rows_totals_and_filters(funnel_article):
    topic, other_team = make_topic("NVivo"), make_team("Research IT")
    quiet = make_article("A quiet answer", topics=[topic], team=other_team)
    services.vote_cast(article=quiet, visitor=make_visitor().ref, helpful=False, language="en")
    overview = selectors.statistics_overview(period=last_week())
    rows = {r.question: r for r in overview.rows}
    endnote = rows["How do I sync EndNote?"]
    assert (endnote.started, endnote.finished, endnote.worked, endnote.failed) == (12, 3, 1, 1)
    assert (rows["A quiet answer"].yes, rows["A quiet answer"].no) == (0, 1)
    assert overview.count == 2
    assert (overview.totals.started, overview.totals.no, overview.totals.stuck) == (12, 1, 2)
    by_topic = selectors.statistics_overview(period=last_week(), topic_id=topic.pk)
    assert [r.question for r in by_topic.rows] == ["A quiet answer"]
    by_team = selectors.statistics_overview(period=last_week(), team_id=other_team.pk)
    assert [r.question for r in by_team.rows] == ["A quiet answer"]
    assert by_team.totals.started == 0


def test_overview_query_count_does_not_grow_with_articles(django_assert_num_queries):
    make_article(steps=3)
    with django_assert_num_queries(1):
        selectors.statistics_overview(period=last_week())
    for _ in range(25):
        article = make_article(steps=3)
        services.vote_cast(article=article, visitor=make_visitor().ref, helpful=True, language="en")
    with django_assert_num_queries(1):
        overview = selectors.statistics_overview(period=last_week(), per_page=10)
    assert (overview.count, overview.pages, len(overview.rows)) == (26, 3, 10)
    assert overview.totals.yes == 25


def test_overview_page_past_the_last_shows_the_last_with_the_same_totals():
    for _ in range(5):
        article = make_article()
        services.vote_cast(article=article, visitor=make_visitor().ref, helpful=True, language="en")
    overview = selectors.statistics_overview(period=last_week(), page=99, per_page=2)
    assert (overview.page, overview.pages, len(overview.rows)) == (3, 3, 1)
    assert (overview.count, overview.totals.yes) == (5, 5)
    nothing = selectors.statistics_overview(period=last_week(), topic_id=make_topic().pk)
    assert (nothing.rows, nothing.count, nothing.pages, nothing.totals.yes) == ([], 0, 1, 0)


def test_article_statistics_query_count_does_not_grow_with_steps_or_runs(
    funnel_article, django_assert_num_queries
):
    small = make_article(steps=1)
    with django_assert_num_queries(6):
        selectors.article_statistics(article=small, period=last_week())
    with django_assert_num_queries(6):
        selectors.article_statistics(article=funnel_article, period=last_week())


def test_wilson_lower_bound_by_hand():
    assert wilson_lower_bound(0, 0) == 0
    assert wilson_lower_bound(1, 0) == pytest.approx(1 / 4.8416, abs=1e-9)
    assert wilson_lower_bound(0, 5) == pytest.approx(0, abs=1e-12)
    assert wilson_lower_bound(180, 20) > wilson_lower_bound(9, 1) > wilson_lower_bound(1, 0)

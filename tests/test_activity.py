"""The reader activity generator: sizes, rules the services keep, and the same rows per seed."""

import hashlib
import io
import statistics
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.utils import timezone

from demo import content
from demo.activity.plan import EXAMPLE_SLUG
from faq import selectors, services
from faq.models import (
    Article,
    ArticleView,
    Check,
    InboxItem,
    Run,
    Step,
    StuckReport,
    Visitor,
    Vote,
)
from faq.selectors.statistics import Period
from tests.factories import make_article, make_visitor

pytestmark = pytest.mark.django_db

END = date(2025, 3, 31)
DAYS = 30
# The demo alone has 15 articles (two of them closed); 20 adds a few made-up ones.
SIZES = {"articles": 20, "runs": 300, "checks": 2000, "views": 400}


def fill(seed: int = 3, **sizes) -> str:
    out = io.StringIO()
    options = {**SIZES, **sizes}
    call_command(
        "fill_activity",
        *(f"--{name}={value}" for name, value in options.items()),
        f"--seed={seed}",
        f"--days={DAYS}",
        f"--end={END.isoformat()}",
        stdout=out,
    )
    return out.getvalue()


def window() -> tuple[datetime, datetime]:
    first = END - timedelta(days=DAYS - 1)
    return (
        timezone.make_aware(datetime.combine(first, time.min)),
        timezone.make_aware(datetime.combine(END + timedelta(days=1), time.min)),
    )


def activity_digest() -> str:
    """The rows' natural content, without primary keys."""
    tables = [
        Visitor.objects.values_list("key", "created_at"),
        Run.objects.values_list(
            "visitor__key",
            "article__slug",
            "started_at",
            "updated_at",
            "finished_at",
            "reset_at",
            "outcome",
            "language",
        ),
        Check.objects.values_list(
            "run__visitor__key",
            "run__article__slug",
            "run__started_at",
            "step__position",
            "checked_at",
            "language",
        ),
        StuckReport.objects.values_list(
            "visitor__key",
            "article__slug",
            "step_position",
            "step_text",
            "done_positions",
            "message",
            "created_at",
            "language",
        ),
        Vote.objects.values_list(
            "visitor__key",
            "article__slug",
            "helpful",
            "reason",
            "comment",
            "created_at",
            "updated_at",
            "language",
        ),
        ArticleView.objects.exclude(visitor_key__startswith="demo:").values_list(
            "article__slug", "visitor_key", "day", "language"
        ),
        InboxItem.objects.values_list("kind", "article__slug", "created_at", "language"),
        Article.objects.values_list("slug", "view_count", "yes_count", "no_count"),
    ]
    text = repr([sorted(tuple(map(str, row)) for row in table) for table in tables])
    return hashlib.sha256(text.encode()).hexdigest()


def activity_delete() -> None:
    InboxItem.objects.all().delete()
    StuckReport.objects.all().delete()
    Check.objects.all().delete()
    Run.objects.all().delete()
    Vote.objects.all().delete()
    ArticleView.objects.exclude(visitor_key__startswith="demo:").delete()
    Visitor.objects.all().delete()


def test_fill_makes_what_was_asked():
    out = fill()

    assert Article.objects.count() == 20
    assert Run.objects.count() == 300
    assert abs(Check.objects.count() - 2000) <= 2000 * 0.02
    assert "300 runs" in out
    assert f"{Check.objects.count()} checks" in out
    # One view per run, once a reader, article and day; then the extra readers.
    run_views = {
        (run.article_id, run.visitor.key.hex, timezone.localtime(run.started_at).date())
        for run in Run.objects.select_related("visitor")
    }
    assert ArticleView.objects.filter(visitor_key__startswith="a:").count() == len(run_views)
    assert ArticleView.objects.filter(visitor_key__startswith="g:").count() == 400
    assert services.counters_recount() == []
    # Readers said things, and each one is in the inbox.
    assert Vote.objects.filter(helpful=False).exists()
    assert StuckReport.objects.exists()
    assert Run.objects.filter(outcome=Run.Outcome.FAILED).exists()
    assert not Vote.objects.filter(helpful=False, inbox_item__isnull=True).exists()
    assert not StuckReport.objects.filter(inbox_item__isnull=True).exists()
    assert not Run.objects.filter(outcome=Run.Outcome.FAILED, inbox_item__isnull=True).exists()
    assert InboxItem.objects.count() == (
        Vote.objects.filter(helpful=False).count()
        + StuckReport.objects.count()
        + Run.objects.filter(outcome=Run.Outcome.FAILED).count()
    )
    # The made-up articles are published, with distinct questions and a plausible shape.
    made = Article.objects.exclude(slug__in=[item["slug"] for item in content.ARTICLES])
    assert made.count() == 20 - len(content.ARTICLES) == 5
    assert len(set(made.values_list("question", flat=True))) == 5
    for article in made:
        assert article.is_published
        assert article.question.endswith("?")
        assert article.steps.count() == 0 or 3 <= article.steps.count() <= 15
    assert Vote.objects.filter(helpful=True).exclude(reason="", comment="").count() == 0
    assert not Vote.objects.filter(helpful=False, reason="").exists()


def test_the_same_seed_makes_the_same_rows_and_another_seed_does_not():
    fill(seed=5)
    first = activity_digest()
    activity_delete()
    fill(seed=5)
    assert activity_digest() == first
    activity_delete()
    fill(seed=6)
    assert activity_digest() != first


def test_readers_drop_off_more_at_some_steps():
    fill()
    article = Article.objects.get(slug=EXAMPLE_SLUG)
    steps = article.steps.count()
    ticked = [
        row["n"]
        for row in Run.objects.filter(article=article).annotate(n=Count("checks")).values("n")
    ]
    assert len(ticked) >= 50
    losses = []
    for position in range(1, steps + 1):
        arrived = sum(1 for n in ticked if n >= position - 1)
        stopped = sum(1 for n in ticked if n == position - 1)
        if arrived >= 10:
            losses.append(stopped / arrived)
    median = statistics.median(losses)
    assert max(losses) >= 2 * median
    assert max(losses) - median >= 0.05
    # Stuck readers name the step they stopped at, after the steps they did.
    for report in StuckReport.objects.filter(article=article):
        assert report.done_positions == list(range(1, report.step_position))
        assert report.step_text == report.step.body


def test_refuses_a_database_with_readers():
    make_article(steps=2)
    make_visitor()
    before = [
        model.objects.count()
        for model in (Article, Step, Visitor, Vote, Run, Check, ArticleView, InboxItem)
    ]
    with pytest.raises(CommandError, match="use a fresh database"):
        fill()
    after = [
        model.objects.count()
        for model in (Article, Step, Visitor, Vote, Run, Check, ArticleView, InboxItem)
    ]
    assert after == before


def test_runs_keep_the_rules_and_their_times_in_order():
    fill()
    opens, closes = window()
    assert not (
        Run.objects.active()
        .values("visitor", "article")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )
    assert Run.objects.filter(reset_at__isnull=False).exists()
    steps = dict(Article.objects.annotate(n=Count("steps")).values_list("pk", "n"))
    ticks: dict[int, list[tuple[int, datetime]]] = {}
    for run_id, position, checked_at in Check.objects.values_list(
        "run_id", "step__position", "checked_at"
    ):
        assert opens <= checked_at < closes
        ticks.setdefault(run_id, []).append((position, checked_at))
    for run in Run.objects.all():
        done = sorted(ticks.get(run.pk, []))
        assert [position for position, _ in done] == list(range(1, len(done) + 1))
        times = [when for _, when in done]
        assert times == sorted(times)
        assert len(set(times)) == len(times)
        if times:
            assert run.started_at == times[0]
            assert run.updated_at >= times[-1]
        finished = len(done) == steps[run.article_id]
        assert (run.finished_at is not None) == finished
        if finished:
            assert run.finished_at == times[-1]
        if run.reset_at is not None:
            assert run.reset_at > run.updated_at
    for report in StuckReport.objects.select_related("run"):
        last = max((when for _, when in ticks.get(report.run_id, [])), default=None)
        assert last is None or report.created_at > last
    # Most unfinished runs had been left for more than a day when the window closed.
    unfinished = Run.objects.filter(finished_at__isnull=True, reset_at__isnull=True)
    stale = unfinished.filter(updated_at__lt=closes - timedelta(days=1))
    assert stale.count() >= 0.8 * unfinished.count()


def test_fill_sets_the_funnel_rollup_the_services_would_count():
    fill()
    runs = dict(Run.objects.values_list("pk", "furthest_position"))
    # Runs tick their steps in order from the first: the furthest is the last one.
    ticked = dict(Run.objects.annotate(n=Count("checks")).values_list("pk", "n"))
    assert runs == {pk: n or None for pk, n in ticked.items()}
    checks = {
        pk: (s, t) for pk, s, t in Check.objects.values_list("pk", "run_started_at", "seconds")
    }
    assert sum(t is not None for _, t in checks.values()) > 100
    services.funnel_recount()
    assert dict(Run.objects.values_list("pk", "furthest_position")) == runs
    for pk, started, seconds in Check.objects.values_list("pk", "run_started_at", "seconds"):
        assert started == checks[pk][0]
        assert seconds == pytest.approx(checks[pk][1], abs=1e-6)


def test_a_fifth_of_the_readers_read_in_swedish_and_a_tenth_in_german():
    fill()
    for model in (Run, Vote, ArticleView):
        rows = model.objects.exclude(language="")
        if model is ArticleView:
            rows = rows.exclude(visitor_key__startswith="demo:")
        shares = Counter(rows.values_list("language", flat=True))
        total = sum(shares.values())
        # About 20% and 10% of a couple of hundred readers.
        assert 0.1 < shares["sv"] / total < 0.3, (model, shares)
        assert 0.05 < shares["de"] / total < 0.2, (model, shares)
    # A reader keeps to their language: their runs, ticks, reports, votes and views.
    many = Run.objects.values("visitor").annotate(n=Count("language", distinct=True))
    assert not many.filter(n__gt=1).exists()
    assert not Check.objects.exclude(language=F("run__language")).exists()
    assert not StuckReport.objects.exclude(language=F("run__language")).exists()
    assert not Vote.objects.exclude(language=F("visitor__runs__language")).exists()
    for item in InboxItem.objects.select_related("vote", "stuck_report", "run"):
        assert item.language == (item.vote or item.stuck_report or item.run).language
    # So the statistics in Swedish and in German have something to show.
    first = END - timedelta(days=DAYS - 1)
    for language in ("sv", "de"):
        overview = selectors.statistics_overview(
            period=Period(first, END), language=language, page=None
        )
        totals = overview.totals
        assert min(totals.views, totals.started, totals.yes + totals.no) > 0, language

"""Migrations that fill new tables and columns keep what is already on record."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = ("faq", "0003_step_tracker"), ("faq", "0004_statistics_inbox")


def test_existing_feedback_gets_inbox_items_and_resolved_reports_stay_resolved():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    Team, Article, Step = (old.get_model("faq", m) for m in ("Team", "Article", "Step"))
    Visitor, Vote, Run = (old.get_model("faq", m) for m in ("Visitor", "Vote", "Run"))
    StuckReport = old.get_model("faq", "StuckReport")
    now = timezone.now()
    article = Article.objects.create(
        question="Q?", slug="q", team=Team.objects.create(name="T"), status="published",
        published_at=now,
    )  # fmt: skip
    step = Step.objects.create(article=article, position=1, body="Do it.")
    a, b, c = (Visitor.objects.create(key=uuid.uuid4()) for _ in range(3))
    Vote.objects.create(article=article, visitor=a, helpful=False, reason="out_of_date")
    Vote.objects.create(article=article, visitor=b, helpful=True)
    run = Run.objects.create(article=article, visitor=c, finished_at=now, outcome="failed")
    StuckReport.objects.create(
        article=article, step=step, step_position=1, visitor=a, message="Open"
    )
    StuckReport.objects.create(
        article=article, step=step, step_position=1, visitor=b, message="Done", resolved_at=now
    )

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps
    InboxItem = new.get_model("faq", "InboxItem")
    items = sorted(
        InboxItem.objects.values_list("kind", "status", "run_id", "stuck_report__message")
    )
    assert items == [
        ("failed", "new", run.pk, None),
        ("not_helpful", "new", None, None),
        ("stuck", "new", None, "Open"),
        ("stuck", "resolved", None, "Done"),
    ]
    call_command("migrate", verbosity=0)


ROLLUP_BEFORE, ROLLUP_AFTER = ("faq", "0006_content_version"), ("faq", "0007_funnel_rollup")


def test_existing_runs_and_checks_get_their_furthest_step_and_times():
    executor = MigrationExecutor(connection)
    executor.migrate([ROLLUP_BEFORE])
    old = executor.loader.project_state([ROLLUP_BEFORE]).apps
    Team, Article, Step = (old.get_model("faq", m) for m in ("Team", "Article", "Step"))
    Visitor, Run, Check = (old.get_model("faq", m) for m in ("Visitor", "Run", "Check"))
    now = timezone.now().replace(microsecond=250_000)
    article = Article.objects.create(
        question="Q?", slug="q", team=Team.objects.create(name="T"), status="published",
        published_at=now,
    )  # fmt: skip
    s1, s2, s3, s4 = (
        Step.objects.create(article=article, position=p, body=f"Step {p}.") for p in (1, 2, 3, 4)
    )
    # Step 3 was removed: step 4 keeps its old number, as after an edit that only removed.
    Step.objects.filter(pk=s3.pk).update(removed_at=now)
    run = Run.objects.create(
        article=article, visitor=Visitor.objects.create(key=uuid.uuid4()), started_at=now
    )
    empty = Run.objects.create(article=article, visitor=Visitor.objects.create(key=uuid.uuid4()))
    for step, minutes in ((s1, 0), (s2, 1.5), (s3, 2), (s4, 3)):
        Check.objects.create(run=run, step=step, checked_at=now + timedelta(minutes=minutes))

    executor = MigrationExecutor(connection)
    executor.migrate([ROLLUP_AFTER])
    new = executor.loader.project_state([ROLLUP_AFTER]).apps
    Run, Check = new.get_model("faq", "Run"), new.get_model("faq", "Check")
    assert Run.objects.get(pk=run.pk).furthest_position == 4
    assert Run.objects.get(pk=empty.pk).furthest_position is None
    checks = {c.step_id: c for c in Check.objects.all()}
    assert {c.run_started_at for c in checks.values()} == {now}
    # Times run from the live step just before, by position: step 4 has none at 3.
    assert [checks[s.pk].seconds for s in (s1, s2, s3, s4)] == [None, 90.0, None, None]
    call_command("migrate", verbosity=0)


SEARCH_BEFORE, SEARCH_AFTER = ("faq", "0010_review_dates"), ("faq", "0011_search_index")


def test_the_search_index_is_built_for_articles_already_there():
    from faq.search import search

    executor = MigrationExecutor(connection)
    executor.migrate([SEARCH_BEFORE])
    old = executor.loader.project_state([SEARCH_BEFORE]).apps
    Team, Article, Step = (old.get_model("faq", m) for m in ("Team", "Article", "Step"))
    team = Team.objects.create(name="T")
    now = timezone.now()
    review_by = now.date()
    shown = Article.objects.create(
        question="How do I feed the walrus?", slug="walrus", team=team, status="published",
        published_at=now, review_by=review_by,
    )  # fmt: skip
    Step.objects.create(
        article=shown, position=1, body="x", body_html="<p>Run <code>#!resetLocalSync</code></p>"
    )
    Article.objects.create(
        question="Walrus draft?", slug="draft", team=team, status="draft", review_by=review_by
    )

    executor = MigrationExecutor(connection)
    executor.migrate([SEARCH_AFTER])
    call_command("migrate", verbosity=0)
    assert [hit.article.pk for hit in search("walrus").items] == [shown.pk]
    assert [hit.article.pk for hit in search("resetLocalSync").items] == [shown.pk]


LANGUAGE_BEFORE = ("faq", "0014_step_tick_function")
LANGUAGE_AFTER = ("faq", "0017_activity_language")


def test_what_readers_did_before_languages_is_on_record_in_english():
    executor = MigrationExecutor(connection)
    executor.migrate([LANGUAGE_BEFORE])
    old = executor.loader.project_state([LANGUAGE_BEFORE]).apps
    Team, Article, Step = (old.get_model("faq", m) for m in ("Team", "Article", "Step"))
    Visitor, Vote, Run = (old.get_model("faq", m) for m in ("Visitor", "Vote", "Run"))
    Check, StuckReport = old.get_model("faq", "Check"), old.get_model("faq", "StuckReport")
    InboxItem, ArticleView = old.get_model("faq", "InboxItem"), old.get_model("faq", "ArticleView")
    SearchDay = old.get_model("faq", "SearchDay")
    now = timezone.now()
    article = Article.objects.create(
        question="Q?", slug="q", team=Team.objects.create(name="T"), status="published",
        published_at=now, review_by=now.date(),
    )  # fmt: skip
    step = Step.objects.create(article=article, position=1, body="Do it.")
    visitor = Visitor.objects.create(key=uuid.uuid4())
    run = Run.objects.create(article=article, visitor=visitor)
    Check.objects.create(run=run, step=step, run_started_at=run.started_at)
    vote = Vote.objects.create(article=article, visitor=visitor, helpful=False)
    report = StuckReport.objects.create(article=article, step=step, step_position=1, run=run)
    InboxItem.objects.create(kind="not_helpful", article=article, vote=vote)
    InboxItem.objects.create(kind="stuck", article=article, stuck_report=report)
    ArticleView.objects.create(article=article, visitor_key="a:1", day=now.date())
    SearchDay.objects.create(day=now.date(), query="endnote", searches=3)

    executor = MigrationExecutor(connection)
    executor.migrate([LANGUAGE_AFTER])
    new = executor.loader.project_state([LANGUAGE_AFTER]).apps
    for model in ("Run", "Check", "Vote", "StuckReport", "InboxItem", "ArticleView", "SearchDay"):
        rows = new.get_model("faq", model).objects.values_list("language", flat=True)
        assert set(rows) == {"en"}, model
    # A query is counted once a day in each language.
    new.get_model("faq", "SearchDay").objects.create(day=now.date(), query="endnote", language="sv")
    # Code from before the column (a server not restarted yet) still writes its rows.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO faq_articleview (article_id, visitor_key, day) VALUES (%s, %s, %s)",
            [article.pk, "a:2", connection.ops.adapt_datefield_value(now.date())],
        )
    assert new.get_model("faq", "ArticleView").objects.get(visitor_key="a:2").language == "en"
    call_command("migrate", verbosity=0)


SEARCH_LANGUAGES_BEFORE = ("faq", "0017_activity_language")
SEARCH_LANGUAGES_AFTER = ("faq", "0018_search_languages")


def test_translations_already_there_are_searched_in_their_language():
    from faq.search import search

    executor = MigrationExecutor(connection)
    executor.migrate([SEARCH_LANGUAGES_BEFORE])
    old = executor.loader.project_state([SEARCH_LANGUAGES_BEFORE]).apps
    Team, Article, Step = (old.get_model("faq", m) for m in ("Team", "Article", "Step"))
    ArticleTranslation = old.get_model("faq", "ArticleTranslation")
    StepTranslation = old.get_model("faq", "StepTranslation")
    now = timezone.now()
    article = Article.objects.create(
        question="How do I feed the walrus?", slug="walrus", team=Team.objects.create(name="T"),
        status="published", published_at=now, review_by=now.date(),
    )  # fmt: skip
    step = Step.objects.create(article=article, position=1, body="x", body_html="<p>Use fish.</p>")
    ArticleTranslation.objects.create(
        article=article, language="sv", question="Hur matar jag valrossen?", slug="valross",
        review_by=now.date(),
    )  # fmt: skip
    StepTranslation.objects.create(step=step, language="sv", body="x", body_html="<p>Ge sill.</p>")

    executor = MigrationExecutor(connection)
    executor.migrate([SEARCH_LANGUAGES_AFTER])
    call_command("migrate", verbosity=0)
    assert [h.article.pk for h in search("valrossen sill", language="sv").items] == [article.pk]
    assert [h.language for h in search("walrus", language="de").items] == ["en"]
    assert search("walrus", language="sv").items == []

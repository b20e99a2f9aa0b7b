"""The migration that opened the inbox keeps the feedback already on record."""

import uuid

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

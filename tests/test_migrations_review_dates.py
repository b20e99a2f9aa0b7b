"""Migration 0009 gives every article on record its review-by date, and makes the Editors."""

from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = ("faq", "0009_step_image"), ("faq", "0010_review_dates")


def test_existing_articles_get_a_review_date_from_their_update_and_topics():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    Team, Article, Topic = (old.get_model("faq", m) for m in ("Team", "Article", "Topic"))
    team = Team.objects.create(name="T")
    updated = timezone.make_aware(datetime(2024, 2, 29, 12))
    plain = Article.objects.create(question="A?", slug="a", team=team, updated_at=updated)
    filed = Article.objects.create(question="B?", slug="b", team=team, updated_at=updated)
    filed.topics.add(Topic.objects.create(name="NVivo", slug="nvivo"))

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps
    Article = new.get_model("faq", "Article")
    assert Article.objects.get(pk=plain.pk).review_by == date(2025, 2, 28)
    assert Article.objects.get(pk=filed.pk).review_by == date(2025, 2, 28)
    Group = new.get_model("auth", "Group")
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert "change_article" in codenames
    assert "delete_article" not in codenames
    call_command("migrate", verbosity=0)

"""Statistics for the time each version was live, and two versions side by side."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from faq import selectors, services
from tests.factories import make_article, make_run, make_staff

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
REWRITE = NOW - timedelta(days=10)


@pytest.fixture
def rewritten():
    """Three steps; step 2 rewritten ten days ago. Before: 4 runs, after: 3 runs."""
    article = make_article("How do I sync?", steps=["Open.", "Sync.", "Check."])
    first = Version.objects.get_for_object(article).get()
    Revision.objects.filter(pk=first.revision_id).update(date_created=NOW - timedelta(days=40))
    two = article.steps.get(position=2)
    services.step_list_save(
        article=article,
        steps=[
            services.StepInput(
                body=s.body if s != two else "Sync, then wait.", position=s.position, step=s
            )
            for s in article.steps.all()
        ],
    )
    second = services.article_version_record(article=article, note="Step 2 rewritten.")
    Revision.objects.filter(pk=second.pk).update(date_created=REWRITE)
    before = REWRITE - timedelta(days=5)
    for ticks in ({1: 0}, {1: 0}, {1: 0, 2: 4}, {1: 0, 2: 6, 3: 7}):
        make_run(article, start=before, ticks=ticks)
    after = REWRITE + timedelta(days=2)
    for ticks in ({1: 0, 2: 1, 3: 2}, {1: 0, 2: 3, 3: 4}, {1: 0}):
        make_run(article, start=after, ticks=ticks)
    versions = list(Version.objects.get_for_object(article))
    return article, versions[1].pk, versions[0].pk


def test_each_version_is_live_until_the_next_one(rewritten):
    article, old, new = rewritten
    lives = selectors.version_lives(article=article, now=NOW)
    assert [life.version.pk for life in lives] == [new, old]
    assert (lives[0].period.start, lives[0].period.end) == (REWRITE, NOW)
    assert lives[1].period.end == REWRITE


def test_the_comparison_counts_each_versions_runs_step_by_step(rewritten):
    article, old, new = rewritten
    comparison = selectors.version_comparison(article=article, a=old, b=new)
    assert (comparison.stats_a.summary.started, comparison.stats_b.summary.started) == (4, 3)
    rows = [
        (p.label.position, p.a.reached, p.b.reached, p.a.went_on_share, p.b.went_on_share)
        for p in comparison.steps
    ]
    assert rows == [
        (1, 4, 3, 1.0, 1.0),
        (2, 2, 2, 0.5, pytest.approx(2 / 3)),
        (3, 1, 2, 0.5, 1.0),
    ]
    assert [p.b.median_seconds for p in comparison.steps] == [None, 120.0, 60.0]
    assert [p.a.median_seconds for p in comparison.steps] == [None, 300.0, 60.0]


def test_a_version_of_another_article_compares_nothing(rewritten):
    article, old, _ = rewritten
    other = make_article("Other?")
    foreign = Version.objects.get_for_object(other).get().pk
    assert selectors.version_comparison(article=article, a=old, b=foreign) is None


def test_the_comparison_page_shows_both_versions(admin_client, rewritten):
    article, old, new = rewritten
    url = reverse("admin:faq_statistics_versions", args=[article.pk])
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reached before" in page
    assert "Sync, then wait." in page
    assert "67%" in page
    # Bounded: the versions, then each version's statistics.
    assert len(queries) <= 25
    explicit = admin_client.get(url, {"a": new, "b": old})
    assert explicit.status_code == 200


@pytest.mark.parametrize(
    "query", [{"a": "x"}, {"a": "0", "b": "1"}, {"b": "9" * 30}, {"a": "999999"}]
)
def test_junk_versions_get_a_400_with_the_reason(admin_client, rewritten, query):
    article, _, _ = rewritten
    response = admin_client.get(reverse("admin:faq_statistics_versions", args=[article.pk]), query)
    assert response.status_code == 400
    assert "Choose two of this article" in response.content.decode()


def test_one_version_only_says_so(admin_client):
    article = make_article("Q?")
    page = admin_client.get(reverse("admin:faq_statistics_versions", args=[article.pk]))
    assert "has one version so far" in page.content.decode()


def test_the_comparison_is_for_staff_with_the_statistics_permission(client, rewritten):
    article, _, _ = rewritten
    url = reverse("admin:faq_statistics_versions", args=[article.pk])
    assert client.get(url)["Location"].startswith(reverse("admin:login"))
    client.force_login(make_staff())
    assert client.get(url).status_code == 403
    viewer = make_staff()
    viewer.user_permissions.add(Permission.objects.get(codename="view_statistics"))
    client.force_login(viewer)
    assert client.get(url).status_code == 200

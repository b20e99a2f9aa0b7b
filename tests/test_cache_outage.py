"""With the cache (Redis) really unreachable, pages and reader writes still work."""

import socket

import pytest
from django.core.cache import caches

from faq import services
from faq.models import ArticleView, Check, StuckReport, Vote
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
HTMX = {**BROWSER, "HTTP_HX_REQUEST": "true"}


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_gone(settings):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    backend = {
        "BACKEND": "faq.cache.ResilientRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {"default": backend, "ratelimit": {**backend, "KEY_PREFIX": "rl"}}
    assert caches["default"].get("anything", "missing") == "missing"
    return url


@pytest.fixture
def article():
    return make_article("How do I sync my EndNote library?", steps=3)


def test_the_article_page_is_served_and_counted_without_the_cache(client, redis_gone, article):
    response = client.get(article.get_absolute_url(), **BROWSER)
    assert response.status_code == 200
    assert "How do I sync my EndNote library?" in response.content.decode()
    assert services.article_views_flush() == 1
    assert ArticleView.objects.filter(article=article).count() == 1
    # The same reader again the same day: the database's unique row still says no.
    client.get(article.get_absolute_url(), **BROWSER)
    assert services.article_views_flush() == 0
    article.refresh_from_db()
    assert article.view_count == 1


def test_votes_ticks_and_stuck_reports_work_without_the_cache(client, redis_gone, article):
    url = article.get_absolute_url()
    client.get(url, **BROWSER)
    step = article.steps.get(position=2)
    assert client.post(f"{url}vote/", {"helpful": "yes"}, **HTMX).status_code == 200
    assert client.post(f"{url}steps/{step.pk}/", {"done": "1"}, **HTMX).status_code == 200
    stuck = client.post(f"{url}steps/{step.pk}/stuck/", {"message": "No sync button"}, **BROWSER)
    assert stuck.status_code == 303
    assert Vote.objects.get(article=article).helpful is True
    assert Check.objects.filter(step=step).count() == 1
    assert StuckReport.objects.get(step=step).message == "No sync button"
    article.refresh_from_db()
    assert article.yes_count == 1


def test_the_cache_is_left_alone_for_a_while_after_it_failed(redis_gone):
    cache = caches["default"]
    assert cache.get("key") is None
    assert not cache.is_available
    assert cache.add("key", 1) is True
    assert cache.get_many(["a", "b"]) == {}

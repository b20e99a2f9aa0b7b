"""/readyz reports the database and the cache; /healthz stays a liveness check."""

import json
import os
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches

from faq.models import Vote
from tests.factories import make_article
from tests.servers import TcpProxy, free_port

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
HTMX = {**BROWSER, "HTTP_HX_REQUEST": "true"}
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_at(settings, url: str) -> None:
    backend = {
        "BACKEND": "faq.cache.ResilientRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {"default": backend, "ratelimit": {**backend, "KEY_PREFIX": "rl-ready"}}


def test_ready_with_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    report = json.loads(response.content)
    assert report["status"] == "ready"
    assert report["database"] == "ok"
    assert report["cache"] in {"ok", "local"}


def test_still_ready_without_redis_but_says_so(client, settings):
    redis_at(settings, f"redis://127.0.0.1:{free_port()}/0")
    response = client.get("/readyz")
    # The site serves without its cache, so it stays in the load balancer.
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "database": "ok",
        "cache": "unreachable",
        "status": "ready",
    }


def test_healthz_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").content == b"ok"


@pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL")
def test_redis_cut_and_back_through_a_proxy(client, settings):
    target = urlsplit(REDIS_URL)
    proxy = TcpProxy(target.hostname, target.port or 6379).start()
    try:
        redis_at(settings, f"redis://127.0.0.1:{proxy.port}{target.path or '/0'}")
        article = make_article("How do I sync my EndNote library?", steps=2)
        url = article.get_absolute_url()
        assert json.loads(client.get("/readyz").content)["cache"] == "ok"
        proxy.stop()
        assert client.get(url, **BROWSER).status_code == 200
        assert client.post(f"{url}vote/", {"helpful": "yes"}, **HTMX).status_code == 200
        step = article.steps.get(position=1)
        assert client.post(f"{url}steps/{step.pk}/", {"done": "1"}, **HTMX).status_code == 200
        assert json.loads(client.get("/readyz").content)["cache"] == "unreachable"
        proxy.start()
        assert json.loads(client.get("/readyz").content)["cache"] == "ok"
        # Back in use at once: readiness found it answering again.
        caches["default"].set("back", 1)
        assert caches["default"].get("back") == 1
        assert Vote.objects.get(article=article).helpful is True
    finally:
        proxy.stop()

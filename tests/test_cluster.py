"""Two app servers behind nginx, sharing PostgreSQL and Redis: a reader whose requests
alternate between them keeps one vote and their progress, rate limits are shared,
and an edit shows on both at once."""

import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from deploy.cluster import cluster
from faq import services
from faq.models import Check, Vote
from tests.factories import make_article

ON_SHARED_SERVICES = connection.vendor == "postgresql" and bool(os.environ.get("REDIS_URL"))
HAS_NGINX = bool(shutil.which("nginx") or Path("/usr/sbin/nginx").exists())

pytestmark = [
    pytest.mark.skipif(not ON_SHARED_SERVICES, reason="needs PostgreSQL and REDIS_URL"),
    pytest.mark.skipif(not HAS_NGINX, reason="needs Debian's nginx (apt-get install nginx-light)"),
    pytest.mark.django_db(transaction=True),
]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


class Reader:
    """One browser's cookie jar, sending to whichever server it is told."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def send(self, base: str, method: str, path: str, body: str = "") -> tuple[int, str]:
        parts = urlsplit(base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
        headers = {
            "User-Agent": BROWSER,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if method == "POST":
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
                "HX-Request": "true",
            }
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                jar = SimpleCookie()
                jar.load(value)
                self.cookies |= {k: m.value for k, m in jar.items() if m.value}
        text = response.read().decode()
        conn.close()
        return response.status, text


@pytest.fixture
def running():
    db = settings.DATABASES["default"]
    user = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    env = {
        "DATABASE_URL": f"postgres://{user}{host}/{db['NAME']}",
        "REDIS_URL": os.environ["REDIS_URL"],
        "CACHE_PREFIX": f"cluster-test-{os.getpid()}",
        # An hour, not a minute: a window that closes mid-test would let a vote through.
        "RATE_LIMIT_VISITOR": "6/h",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="helpdesk-static-"),
        "TESTING_STATIC_PLAIN": "1",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, **env},
        check=True,
    )
    with cluster(env, workers=1) as started:
        yield started


def test_a_reader_alternating_between_servers_keeps_one_vote_and_progress(running):
    article = make_article("How do I sync my EndNote library?", steps=3)
    url = article.get_absolute_url()
    one, two = running.app_urls
    steps = list(article.steps.values_list("pk", flat=True))
    reader = Reader()
    assert reader.send(one, "GET", url)[0] == 200
    assert reader.send(two, "POST", f"{url}vote/", "helpful=yes")[0] == 200
    assert reader.send(one, "POST", f"{url}vote/", "helpful=no")[0] == 200
    assert reader.send(two, "POST", f"{url}steps/{steps[0]}/", "done=1")[0] == 200
    assert reader.send(one, "POST", f"{url}steps/{steps[1]}/", "done=1")[0] == 200
    for server in (one, two):
        status, page = reader.send(server, "GET", url)
        assert status == 200
        assert "2 of 3 steps done" in page
        assert re.search(r'value="no" id="vote-no"[^>]*\s+aria-pressed="true"', page)
    assert Vote.objects.get(article=article).helpful is False
    assert Check.objects.filter(step__article=article).count() == 2
    article.refresh_from_db()
    assert (article.yes_count, article.no_count) == (0, 1)


def test_rate_limits_count_across_servers(running):
    article = make_article(steps=1)
    url = article.get_absolute_url()
    reader = Reader()
    reader.send(running.app_urls[0], "GET", url)
    # Six votes an hour for one reader, counted in Redis: alternating between the
    # servers does not give them six each.
    codes = [
        reader.send(running.app_urls[i % 2], "POST", f"{url}vote/", "helpful=yes")[0]
        for i in range(8)
    ]
    assert codes == [200] * 6 + [429] * 2


def test_an_edit_shows_on_both_servers_at_once(running):
    article = make_article("How do I export my references?", steps=2)
    url = article.get_absolute_url()
    reader = Reader()
    for server in running.app_urls:
        # Each server builds and keeps the article's cached page.
        for _ in range(2):
            assert "How do I export my references?" in reader.send(server, "GET", url)[1]
    article.question = "How do I export my library?"
    services.article_save(article=article)
    for server in running.app_urls:
        assert "How do I export my library?" in reader.send(server, "GET", url)[1]


def test_through_nginx_both_servers_answer_one_reader(running):
    article = make_article(steps=2)
    url = article.get_absolute_url()
    step = article.steps.first().pk
    reader = Reader()
    statuses = [reader.send(running.url, "GET", url)[0] for _ in range(4)]
    statuses.append(reader.send(running.url, "POST", f"{url}vote/", "helpful=yes")[0])
    statuses.append(reader.send(running.url, "POST", f"{url}steps/{step}/", "done=1")[0])
    statuses.append(reader.send(running.url, "GET", url)[0])
    page = reader.send(running.url, "GET", url)[1]
    assert statuses == [200] * 7
    assert "1 of 2 steps done" in page
    assert Vote.objects.filter(article=article).count() == 1
    # Round robin: each app server answered some of this one reader's requests.
    assert url in running.access_log(0)
    assert url in running.access_log(1)


def test_nginx_names_no_server(running):
    parts = urlsplit(running.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    conn.request("GET", "/healthz")
    response = conn.getresponse()
    assert response.status == 200
    assert response.getheader("Server") is None
    assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin"
    conn.close()

"""Through a real gunicorn, as a client sees it: what happens before Django (odd
charsets, the Server header), static files, and outages of the database."""

import http.client
import json
import os
import tempfile
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import make_article
from tests.servers import TcpProxy, free_port, get, gunicorn

ON_POSTGRES = connection.vendor == "postgresql"


def raw(base: str, method: str, path: str, headers: dict, body: bytes = b""):
    """A request exactly as written, which urllib would tidy up."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    result = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    conn.close()
    return result


@pytest.fixture(scope="module")
def served():
    db = os.path.join(tempfile.mkdtemp(prefix="helpdesk-served-"), "db.sqlite3")
    with gunicorn({"DATABASE_URL": f"sqlite:///{db}", "REDIS_URL": ""}) as base:
        yield base


@pytest.mark.parametrize("path", ["/healthz?x", "/search/?q=sync", "/?a=1&b=%C3%A9"])
def test_a_query_string_with_an_odd_charset_is_a_styled_400(served, path):
    status, headers, body = raw(served, "GET", path, {"Content-Type": "text/plain; charset=rot13"})
    assert status == 400
    assert b"We could not read that request" in body
    assert "content-security-policy" in headers
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("charset", ["idna", "punycode", "utf-7", "utf-16", "zlib_codec"])
@pytest.mark.parametrize("path", ["/search/?q=caf%C3%A9", "/faq/1/sync/?q=x"])
def test_a_charset_that_does_not_read_ascii_as_ascii_is_a_400_not_a_500(served, charset, path):
    status, headers, body = raw(
        served, "GET", path, {"Content-Type": f"text/plain; charset={charset}"}
    )
    assert status == 400
    assert b"could not read the charset" in body
    assert "content-security-policy" in headers


def test_a_form_post_in_latin1_is_a_400_through_gunicorn(served):
    form = "application/x-www-form-urlencoded; charset=latin1"
    status, _, body = raw(served, "POST", "/accounts/login/", {"Content-Type": form}, b"a=1")
    assert status == 400
    assert b"could not read the charset" in body


def test_utf8_spelled_otherwise_still_reaches_the_page(served):
    status, _, _ = raw(served, "GET", "/healthz?x", {"Content-Type": "text/plain; charset=UTF8"})
    assert status == 200


@pytest.mark.parametrize("path", ["/healthz", "/no-such-page/", "/static/css/site.css"])
def test_no_server_header(served, path):
    _, headers, _ = raw(served, "GET", path, {})
    assert "server" not in headers


def test_static_files_are_not_open_to_every_origin(served):
    status, headers, _ = raw(served, "GET", "/static/css/site.css", {"Origin": "https://evil.test"})
    assert status == 200
    assert "access-control-allow-origin" not in headers
    assert headers["cross-origin-resource-policy"] == "same-origin"


def closed_port() -> int:
    return free_port()


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent-helpdesk-dir/db.sqlite3",
        f"postgres://postgres@127.0.0.1:{closed_port()}/helpdesk",
    ],
    ids=["sqlite-missing", "postgres-closed-port"],
)
def test_an_unreachable_database_is_a_styled_503_and_not_ready(database_url):
    with gunicorn({"DATABASE_URL": database_url, "REDIS_URL": ""}) as base:
        # A client's own timeout well under the pool's old 30 s.
        status, headers, body = get(base + "/", timeout=8)
        assert status == 503
        assert headers["Retry-After"] == "10"
        assert b"briefly unavailable" in body
        assert "Content-Security-Policy" in headers
        status, _, body = get(base + "/readyz", timeout=8)
        assert status == 503
        assert json.loads(body)["database"] == "unreachable"
        # Liveness does not depend on the database: the process itself is fine.
        assert get(base + "/healthz")[0] == 200


@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_postgres_cut_and_back_through_a_proxy():
    article = make_article("How do I sync my EndNote library?", steps=2)
    db = settings.DATABASES["default"]
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)).start()
    user = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    url = f"postgres://{user}127.0.0.1:{proxy.port}/{db['NAME']}"
    try:
        with gunicorn({"DATABASE_URL": url, "REDIS_URL": ""}) as base:
            page = base + article.get_absolute_url()
            assert get(page)[0] == 200
            assert json.loads(get(base + "/readyz")[2])["database"] == "ok"
            proxy.stop()
            status, headers, _ = get(page, timeout=8)
            assert status == 503
            assert headers["Retry-After"] == "10"
            assert get(base + "/readyz", timeout=8)[0] == 503
            proxy.start()
            # The pool drops its broken connections and makes new ones.
            assert get(page, timeout=8)[0] == 200
            assert get(base + "/readyz", timeout=8)[0] == 200
    finally:
        proxy.stop()

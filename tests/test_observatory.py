"""The article page scored by Mozilla Observatory's published rubric (the HTTP
Observatory's tests and score modifiers), served by gunicorn under HTTPS=1 behind a
TLS proxy (X-Forwarded-Proto). The baseline is 100; bonuses count only from 90 up."""

import http.client
import os
import re
import tempfile
from http.cookies import SimpleCookie

import pytest

from tests.servers import gunicorn

ARTICLE = "/faq/1/sync-endnote-library-to-new-library/"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
SIX_MONTHS = 15_768_000
PRIVATE_REFERRERS = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
UNSAFE_REFERRERS = {"origin", "origin-when-cross-origin", "unsafe-url"}


class Answer:
    def __init__(self, response: http.client.HTTPResponse):
        self.status = response.status
        self.headers = {k.lower(): v for k, v in response.getheaders()}
        self.cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
        self.body = response.read().decode("utf-8", "replace")


def fetch(port: int, path: str, *, https: bool = True, headers: dict | None = None) -> Answer:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    sent = {"User-Agent": BROWSER, **(headers or {})}
    if https:
        sent["X-Forwarded-Proto"] = "https"
    conn.request("GET", path, headers=sent)
    answer = Answer(conn.getresponse())
    conn.close()
    return answer


def csp_policy(header: str) -> dict[str, list[str]]:
    policy = {}
    for directive in header.split(";"):
        words = directive.strip().lower().split()
        if words:
            policy.setdefault(words[0], words[1:])
    return policy


def score_csp(page: Answer) -> tuple[str, int]:
    header = page.headers.get("content-security-policy")
    if not header:
        return "csp-not-implemented", -25
    policy = csp_policy(header)
    default = policy.get("default-src", ["*"])
    scripts = policy.get("script-src", default)
    styles = policy.get("style-src", default)
    active = scripts + policy.get("object-src", default)
    passive = policy.get("img-src", default) + policy.get("media-src", default)
    insecure = {"*", "http:", "ftp:"}
    if "'unsafe-inline'" in scripts or "data:" in scripts:
        return "csp-implemented-with-unsafe-inline", -20
    if "'unsafe-eval'" in scripts:
        return "csp-implemented-with-unsafe-eval", -10
    if insecure & set(active) or any(s.startswith("http://") for s in active):
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-inline'" in styles:
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if insecure & set(passive) or any(s.startswith("http://") for s in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10
    if policy.get("default-src") == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 0


def score_cookies(page: Answer) -> tuple[str, int]:
    if not page.cookies:
        return "cookies-not-found", 0
    jar = SimpleCookie()
    for line in page.cookies:
        jar.load(line)
    hsts = "strict-transport-security" in page.headers
    secure = all(c["secure"] for c in jar.values())
    session = [c for n, c in jar.items() if "sess" in n.lower() or "login" in n.lower()]
    csrf = [c for n, c in jar.items() if "csrf" in n.lower()]
    if not all(c["secure"] for c in session):
        return "cookies-session-without-secure-flag", -40
    if not all(c["httponly"] for c in session):
        return "cookies-session-without-httponly-flag", -10
    if any(not c["samesite"] for c in csrf):
        return "cookies-anticsrf-without-samesite-flag", -20
    if any(
        c["samesite"] and c["samesite"].lower() not in {"lax", "strict", "none"}
        for c in jar.values()
    ):
        return "cookies-samesite-flag-invalid", -20
    if not secure:
        return (
            ("cookies-without-secure-flag-but-protected-by-hsts", -5)
            if hsts
            else (
                "cookies-without-secure-flag",
                -20,
            )
        )
    if all(c["samesite"] for c in jar.values()):
        return "cookies-secure-with-httponly-sessions-and-samesite", 5
    return "cookies-secure-with-httponly-sessions", 0


def score_cors(page: Answer, port: int) -> tuple[str, int]:
    if page.headers.get("access-control-allow-origin", "").strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    for policy_file in ("/crossdomain.xml", "/clientaccesspolicy.xml"):
        if fetch(port, policy_file).status == 200:
            return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    return "cross-origin-resource-sharing-not-implemented", 0


def score_redirection(port: int) -> tuple[str, int]:
    first = fetch(port, ARTICLE, https=False)
    if first.status not in {301, 302, 307, 308}:
        return "redirection-missing", -20
    if not first.headers["location"].startswith("https://127.0.0.1"):
        return "redirection-not-to-https-on-initial-redirection", -10
    return "redirection-to-https", 0


def score_referrer(page: Answer) -> tuple[str, int]:
    header = page.headers.get("referrer-policy")
    if header is None:
        return "referrer-policy-not-implemented", 0
    values = {v.strip().lower() for v in header.split(",")}
    if values & UNSAFE_REFERRERS:
        return "referrer-policy-unsafe", -5
    if values <= PRIVATE_REFERRERS:
        return "referrer-policy-private", 5
    if values == {"no-referrer-when-downgrade"}:
        return "referrer-policy-no-referrer-when-downgrade", 0
    return "referrer-policy-header-invalid", -5


def score_hsts(page: Answer) -> tuple[str, int]:
    header = page.headers.get("strict-transport-security")
    if header is None:
        return "hsts-not-implemented", -20
    match = re.search(r"max-age=(\d+)", header)
    if not match:
        return "hsts-header-invalid", -20
    # "hsts-preloaded" (+5) needs the host on the browsers' preload list: not scored here.
    if int(match.group(1)) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


def score_sri(page: Answer) -> tuple[str, int]:
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"([^>]*)>", page.body)
    if not scripts:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    external = [(src, rest) for src, rest in scripts if re.match(r"^(https?:)?//", src)]
    if not external:
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0
    if all("integrity=" in rest for _, rest in external):
        return "sri-implemented-and-external-scripts-loaded-securely", 5
    return "sri-not-implemented-but-external-scripts-loaded-securely", -5


def score_nosniff(page: Answer) -> tuple[str, int]:
    if page.headers.get("x-content-type-options", "").strip().lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-not-implemented", -5


def score_framing(page: Answer) -> tuple[str, int]:
    policy = csp_policy(page.headers.get("content-security-policy", ""))
    if "frame-ancestors" in policy:
        return "x-frame-options-implemented-via-csp", 5
    if page.headers.get("x-frame-options", "").upper() in {"DENY", "SAMEORIGIN"}:
        return "x-frame-options-sameorigin-or-deny", 0
    return "x-frame-options-not-implemented", -20


def score_corp(page: Answer) -> tuple[str, int]:
    header = page.headers.get("cross-origin-resource-policy")
    if header is None:
        return "corp-not-implemented", 0
    if header.strip().lower() in {"same-origin", "same-site", "cross-origin"}:
        return f"corp-implemented-with-{header.strip().lower()}", 0
    return "corp-header-invalid", -5


def observatory(port: int) -> tuple[int, dict[str, tuple[str, int]]]:
    page = fetch(port, ARTICLE)
    assert page.status == 200, page.status
    results = {
        "content-security-policy": score_csp(page),
        "cookies": score_cookies(page),
        "cross-origin-resource-sharing": score_cors(page, port),
        "redirection": score_redirection(port),
        "referrer-policy": score_referrer(page),
        "strict-transport-security": score_hsts(page),
        "subresource-integrity": score_sri(page),
        "x-content-type-options": score_nosniff(page),
        "x-frame-options": score_framing(page),
        "cross-origin-resource-policy": score_corp(page),
    }
    penalties = sum(m for _, m in results.values() if m < 0)
    bonuses = sum(m for _, m in results.values() if m > 0)
    score = 100 + penalties
    if score >= 90:
        score += bonuses
    return score, results


@pytest.fixture(scope="module")
def https_server():
    db = os.path.join(tempfile.mkdtemp(prefix="helpdesk-observatory-"), "db.sqlite3")
    env = {
        "DATABASE_URL": f"sqlite:///{db}",
        "REDIS_URL": "",
        "HTTPS": "1",
        "DEBUG": "0",
        "SECRET_KEY": "observatory-test-only-" + "k" * 40,
        "DJANGO_SUPERUSER_PASSWORD": "pw-for-tests-only",
    }
    prepare = (
        ["migrate", "-v0"],
        ["load_demo"],
        ["createsuperuser", "--noinput", "--username", "lead", "--email", "lead@example.edu"],
    )
    with gunicorn(env, prepare=prepare) as base:
        yield int(base.rsplit(":", 1)[1])


def test_the_article_page_scores_at_least_120(https_server):
    score, results = observatory(https_server)
    assert results["content-security-policy"][1] == 10, results
    assert results["cookies"][1] == 5, results
    assert results["x-frame-options"][1] == 5, results
    assert results["referrer-policy"][1] == 5, results
    assert all(modifier >= 0 for _, modifier in results.values()), results
    assert score >= 120, results
    assert score == 125


def test_cookies_carry_the_host_prefix_under_https(https_server):
    page = fetch(https_server, ARTICLE)
    jar = SimpleCookie()
    for line in page.cookies:
        jar.load(line)
    assert set(jar) == {"__Host-csrftoken", "__Host-hd_visitor"}
    for cookie in jar.values():
        # What the prefix demands, or browsers drop the cookie.
        assert cookie["secure"]
        assert cookie["path"] == "/"
        assert not cookie["domain"]
        assert cookie["httponly"]
        assert cookie["samesite"] == "Lax"


def test_signing_in_over_https_sets_a_host_prefixed_session(https_server):
    login = fetch(https_server, "/accounts/login/")
    jar = SimpleCookie()
    for line in login.cookies:
        jar.load(line)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.body).group(1)
    conn = http.client.HTTPConnection("127.0.0.1", https_server, timeout=15)
    body = f"csrfmiddlewaretoken={token}&username=lead&password=pw-for-tests-only"
    conn.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "User-Agent": BROWSER,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://127.0.0.1:{https_server}",
            "Referer": f"https://127.0.0.1:{https_server}/accounts/login/",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"__Host-csrftoken={jar['__Host-csrftoken'].value}",
        },
    )
    answer = Answer(conn.getresponse())
    conn.close()
    assert answer.status == 302, answer.body[:500]
    session = SimpleCookie()
    for line in answer.cookies:
        session.load(line)
    assert "__Host-sessionid" in session
    assert session["__Host-sessionid"]["secure"]
    assert session["__Host-sessionid"]["httponly"]
    assert "server" not in answer.headers


def test_security_headers_on_every_kind_of_answer(https_server):
    for path in (ARTICLE, "/", "/no-such-page/", "/static/css/site.css", "/healthz", "/readyz"):
        answer = fetch(https_server, path)
        assert "server" not in answer.headers, path
        assert answer.headers["cross-origin-resource-policy"] == "same-origin", path
        assert "camera=()" in answer.headers["permissions-policy"], path
        assert answer.headers["x-content-type-options"] == "nosniff", path
        assert "access-control-allow-origin" not in answer.headers, path

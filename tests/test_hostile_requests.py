"""The exact requests that once got a 5xx: odd form charsets, odd charsets on a GET,
NUL in the admin's filters, and a rate-limited htmx tick; each now gets a clear 4xx."""

import codecs

import pytest
from django.test import Client

from faq.charsets import guard_environ, text_codec
from faq.models import Check, Vote
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
REFUSED = [f"{FORM}; charset=latin1", f"{FORM}; charset=rot13", f"{FORM}; charset=nonsense"]
HTMX = {"HTTP_HX_REQUEST": "true"}
# Codecs that do not give back ASCII, fed one byte at a time, as itself: not for text
# (rot13, base64_codec, zlib_codec), holding bytes back (idna), reading ASCII as
# something else (utf-16, utf-32-be, utf-7's "+", EBCDIC's cp037, the backslash of
# raw_unicode_escape) or raising anything else (punycode, undefined).
ODD_CHARSETS = [
    "idna",
    "punycode",
    "utf-7",
    "utf-16",
    "utf-32-be",
    "cp037",
    "raw_unicode_escape",
    "rot13",
    "base64_codec",
    "zlib_codec",
    "undefined",
]
# Of those, the ones Django can build a request for: the test client, which builds it
# before any middleware as Django's WSGI handler does, can send these without the guard.
BUILDABLE = ["idna", "utf-7", "utf-16", "utf-32-be", "cp037"]
READABLE = ["utf-8", "UTF8", "latin1", "cp1252", "ascii", "shift_jis", "koi8-r"]
# "café" in the query, as a browser sends it.
QUERIES = ["q=x", "q=caf%C3%A9"]


@pytest.fixture
def article():
    return make_article("How do I sync my EndNote library?", steps=3)


@pytest.fixture
def browser():
    """A client that checks CSRF the way a real server does, with a token from a page."""
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    client.token = client.cookies["csrftoken"].value
    return client


def post_endpoints(article) -> list[tuple[str, bytes]]:
    url = article.get_absolute_url()
    step = article.steps.get(position=1).pk
    return [
        (f"{url}vote/", b"helpful=yes"),
        (f"{url}vote/reason/", b"reason=unclear&comment=x"),
        (f"{url}steps/{step}/", b"done=1"),
        (f"{url}steps/{step}/stuck/", b"message=stuck"),
        (f"{url}progress/reset/", b"next=/"),
        (f"{url}progress/outcome/", b"worked=yes"),
        ("/ask/", b"question=Help&email=a%40example.edu"),
        ("/accounts/login/", b"username=kim&password=guess"),
        ("/accounts/logout/", b"next=/"),
        ("/admin/login/", b"username=kim&password=guess"),
        ("/admin/logout/", b"next=/"),
    ]


@pytest.mark.parametrize("content_type", REFUSED)
def test_a_form_in_another_charset_is_a_400_on_every_post_endpoint(browser, article, content_type):
    for url, body in post_endpoints(article):
        for headers in ({"HTTP_X_CSRFTOKEN": browser.token}, {}, HTMX):
            response = browser.generic("POST", url, body, content_type=content_type, **headers)
            assert response.status_code == 400, (url, headers, response.status_code)
            assert "could not read the charset" in response.content.decode()
            # The styled page, with the site's security headers.
            assert "Content-Security-Policy" in response.headers
    assert not Vote.objects.exists()
    assert not Check.objects.exists()


def test_utf8_spelled_otherwise_is_read_as_utf8(browser, article):
    url = f"{article.get_absolute_url()}vote/"
    for spelling in ("UTF8", "utf_8", "UTF-8"):
        response = browser.generic(
            "POST",
            url,
            b"helpful=yes",
            content_type=f"{FORM}; charset={spelling}",
            HTTP_X_CSRFTOKEN=browser.token,
        )
        assert response.status_code == 303, spelling
    assert Vote.objects.get().helpful is True


def test_a_quoted_utf8_and_a_multipart_form_in_utf8_are_read(browser, article):
    url = f"{article.get_absolute_url()}vote/"
    quoted = browser.generic(
        "POST",
        url,
        b"helpful=no",
        content_type=f'{FORM}; charset="UTF8"',
        HTTP_X_CSRFTOKEN=browser.token,
    )
    assert quoted.status_code == 303
    body = (
        b'--b0undary\r\nContent-Disposition: form-data; name="helpful"\r\n\r\n'
        b"yes\r\n--b0undary--\r\n"
    )
    multipart = browser.generic(
        "POST",
        url,
        body,
        content_type="multipart/form-data; boundary=b0undary; charset=U8",
        HTTP_X_CSRFTOKEN=browser.token,
    )
    assert multipart.status_code == 303
    assert Vote.objects.get().helpful is True


def test_sign_in_with_utf8_spelled_otherwise_works(browser, django_user_model):
    django_user_model.objects.create_user(username="kim", password="pw-for-tests-only")
    response = browser.generic(
        "POST",
        "/accounts/login/",
        b"username=kim&password=pw-for-tests-only",
        content_type=f"{FORM}; charset=UTF8",
        HTTP_X_CSRFTOKEN=browser.token,
    )
    assert response.status_code == 302


def test_a_body_too_big_is_a_400_not_a_500(browser, article, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = browser.post(
        f"{article.get_absolute_url()}vote/",
        {"helpful": "yes", "comment": "x" * 5000},
        HTTP_X_CSRFTOKEN=browser.token,
    )
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()


def test_nul_in_an_admin_filter_is_a_400(client, settings):
    client.force_login(make_staff())
    user = client.session["_auth_user_id"]
    assert user
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=user).update(is_superuser=True)
    for query in ("reason__exact=%00", "q=%00", "%00=1", "o=%00", "article__id__exact=%00"):
        response = client.get(f"/admin/faq/vote/?{query}")
        assert response.status_code == 400, query
        assert "NUL" in response.content.decode()
    assert client.get("/admin/faq/vote/?reason__exact=unclear").status_code == 200


def test_nul_in_public_queries_is_harmless(client, article):
    assert client.get("/search/?q=%00").status_code in {200, 400}
    assert client.get(f"{article.get_absolute_url()}?x=%00").status_code == 200


def step_url(article, position):
    step = article.steps.get(position=position)
    return f"{article.get_absolute_url()}steps/{step.pk}/"


def test_a_rate_limited_htmx_tick_gets_only_a_message(article, settings):
    settings.RATE_LIMIT_STEPS = "2/d"
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
    client.get(article.get_absolute_url())
    for _ in range(2):
        assert client.post(step_url(article, 1), {"done": "1"}, **HTMX).status_code == 200
    response = client.post(step_url(article, 2), {"done": "1"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 429
    assert response["HX-Reswap"] == "none"
    assert "<html" not in html
    assert "<header" not in html
    assert 'id="tracker-alert"' in html
    assert 'role="alert"' in html
    assert "Please wait a minute" in html
    assert not Check.objects.filter(step__position=2).exists()


@pytest.mark.parametrize("what", ["reset", "outcome", "stuck"])
def test_other_rate_limited_htmx_step_controls_get_only_a_message(client, article, settings, what):
    settings.RATE_LIMIT_STEPS = "0/m"
    settings.RATE_LIMIT_VISITOR = "0/m"
    settings.RATE_LIMIT_IP = "0/m"
    settings.RATE_LIMIT_STEPS_IP = "0/m"
    url = article.get_absolute_url()
    target = {
        "reset": f"{url}progress/reset/",
        "outcome": f"{url}progress/outcome/",
        "stuck": f"{step_url(article, 1)}stuck/",
    }[what]
    response = client.post(target, {"worked": "yes", "message": "x"}, **HTMX)
    assert response.status_code == 429
    assert "<html" not in response.content.decode()
    plain = client.post(target, {"worked": "yes", "message": "x"})
    assert plain.status_code == 429
    assert "<html" in plain.content.decode()


class GuardedClient(Client):
    """The test client behind the WSGI guard gunicorn's requests pass (helpdesk/wsgi.py)."""

    def request(self, **request):
        guard_environ(request)
        return super().request(**request)


def get_pages(client, article, charset: str) -> list[tuple[str, int, str]]:
    """Search and the article page with each query, naming `charset` as a GET might."""
    answers = []
    for path in ("/search/", article.get_absolute_url()):
        for query in QUERIES:
            response = client.get(
                path, QUERY_STRING=query, CONTENT_TYPE=f"text/plain; charset={charset}"
            )
            answers.append((f"{path}?{query}", response.status_code, response.content.decode()))
    return answers


@pytest.mark.parametrize("charset", ODD_CHARSETS)
def test_a_charset_that_does_not_read_ascii_as_ascii_is_refused(charset):
    assert text_codec(charset) is None


@pytest.mark.parametrize("charset", READABLE)
def test_a_charset_that_reads_ascii_as_ascii_is_kept(charset):
    assert text_codec(charset) == codecs.lookup(charset).name


def test_a_codec_is_judged_by_decoding_with_it_not_by_its_name():
    """Two codecs no list could name: one reads "x" as "y", the other reads ASCII as ASCII."""
    swapped = "".join(chr(b) for b in range(256)).translate(str.maketrans("xy", "yx"))
    plain = "".join(chr(b) for b in range(256))

    def charmap(name: str, table: str) -> codecs.CodecInfo:
        class Decoder(codecs.IncrementalDecoder):
            def decode(self, data, final=False):
                return codecs.charmap_decode(data, self.errors, table)[0]

        return codecs.CodecInfo(
            name=name,
            encode=lambda text, errors="strict": codecs.charmap_encode(text, errors, None),
            decode=lambda data, errors="strict": codecs.charmap_decode(data, errors, table),
            incrementaldecoder=Decoder,
        )

    codecs_by_name = {
        "helpdesk_test_swapped": charmap("helpdesk_test_swapped", swapped),
        "helpdesk_test_plain": charmap("helpdesk_test_plain", plain),
    }
    codecs.register(codecs_by_name.get)
    try:
        assert text_codec("helpdesk_test_swapped") is None
        assert text_codec("helpdesk_test_plain") == "helpdesk_test_plain"
    finally:
        codecs.unregister(codecs_by_name.get)


@pytest.mark.parametrize(
    ("charset", "status", "shown"),
    [(charset, 400, "could not read the charset") for charset in ODD_CHARSETS]
    + [(charset, 200, "How do I sync my EndNote library?") for charset in READABLE],
)
def test_a_get_through_the_wsgi_guard_refuses_only_odd_charsets(article, charset, status, shown):
    client = GuardedClient(raise_request_exception=False)
    for url, answered, html in get_pages(client, article, charset):
        assert answered == status, (url, answered)
        assert shown in html


@pytest.mark.parametrize("charset", BUILDABLE)
def test_an_odd_charset_on_a_get_is_a_400_through_the_test_client(article, charset):
    client = Client(raise_request_exception=False)
    response = client.get("/search/?q=x", CONTENT_TYPE=f"text/plain; charset={charset}")
    assert response.status_code == 400
    assert "could not read the charset" in response.content.decode()
    page = client.get(
        f"{article.get_absolute_url()}?q=x", CONTENT_TYPE=f"text/plain; charset={charset}"
    )
    assert page.status_code == 400
    assert page["Content-Security-Policy"]

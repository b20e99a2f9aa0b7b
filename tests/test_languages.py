"""Language in the address: English where it always was, Swedish under /sv/, German
under /de/, and a first visit sent to the browser's language until the reader chooses."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from tests.factories import make_article, make_topic

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0"}
HTMX = {"HTTP_HX_REQUEST": "true"}
SWEDISH = {"HTTP_ACCEPT_LANGUAGE": "sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7"}


@pytest.fixture
def article():
    topic = make_topic("EndNote")
    return make_article("How do I sync my EndNote library?", steps=3, topics=[topic])


def html_lang(response) -> str:
    return re.search(r"<html lang=\"([^\"]*)\"", response.content.decode()).group(1)


def reader(**extra) -> Client:
    return Client(**BROWSER, **extra)


def pages(article) -> dict[str, str]:
    """Each kind of reader page, at its English address."""
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "topic": "/topics/endnote/",
        "search": "/search/?q=endnote",
        "sign-in": "/accounts/login/",
    }


# Addresses


def test_english_addresses_are_the_ones_people_bookmarked(article):
    assert reverse("faq:home") == "/"
    assert article.get_absolute_url() == f"/faq/{article.pk}/how-do-i-sync-my-endnote-library/"
    assert reverse("faq:topic", args=["endnote"]) == "/topics/endnote/"
    assert reverse("faq:search") == "/search/"
    assert reverse("login") == "/accounts/login/"
    assert reverse("set_language") == "/i18n/setlang/"
    with translation.override("sv"):
        assert reverse("faq:home") == "/sv/"
        assert article.get_absolute_url().startswith(f"/sv/faq/{article.pk}/")
        assert reverse("login") == "/sv/accounts/login/"
        # The rest has one address whatever the language.
        assert reverse("admin:index") == "/admin/"
        assert reverse("healthz") == "/healthz"
        assert reverse("set_language") == "/i18n/setlang/"


@pytest.mark.parametrize("language", ["en", "sv", "de"])
@pytest.mark.parametrize("name", ["home", "article", "topic", "search", "sign-in"])
def test_every_reader_page_is_served_in_each_language(article, language, name):
    prefix = "" if language == "en" else f"/{language}"
    response = reader().get(prefix + pages(article)[name])
    assert response.status_code == 200
    assert html_lang(response) == language
    assert response["Content-Language"] == language


@pytest.mark.parametrize("language", ["sv", "de"])
def test_short_and_stale_article_addresses_redirect_within_their_language(article, language):
    canonical = f"/{language}{article.get_absolute_url()}"
    for address in [f"/{language}/faq/{article.pk}/", f"/{language}/faq/{article.pk}/old-slug/"]:
        response = reader().get(address)
        assert response.status_code == 301
        assert response["Location"] == canonical


@pytest.mark.parametrize(
    "address",
    [
        "/xx/faq/{pk}/how-do-i-sync-my-endnote-library/",
        "/xx/",
        "/fr/",
        "/sv-se/",
        "/SV/faq/{pk}/",
        "/sv/sv/",
        # English has no prefix: /en/ was never an address, so nothing links to it,
        # and a redirect would take a reader who typed it out of English again.
        "/en/",
        "/en/faq/{pk}/how-do-i-sync-my-endnote-library/",
        "/en/search/?q=endnote",
        # Only readers' pages have a language.
        "/sv/admin/",
        "/sv/healthz",
        "/sv/robots.txt",
        "/sv/sitemap.xml",
        "/sv/i18n/setlang/",
    ],
)
def test_an_unknown_or_needless_prefix_is_a_styled_404(article, address):
    response = reader(**SWEDISH).get(address.format(pk=article.pk))
    assert response.status_code == 404
    # The styled 404, in Swedish where the address had a Swedish prefix Django knows.
    assert (
        b"We cannot find that page" in response.content
        or b"Vi hittar inte den sidan" in response.content
    )


def test_a_missing_page_under_a_prefix_is_a_404_in_that_language(article):
    response = reader().get("/de/no-such-page/")
    assert response.status_code == 404
    assert html_lang(response) == "de"


def test_a_prefix_without_its_slash_gets_one(article):
    response = reader().get("/sv")
    assert response.status_code == 301
    assert response["Location"] == "/sv/"


def test_the_rest_stays_unprefixed(article, client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_robots_keep_crawlers_off_every_languages_sign_in(client):
    robots = client.get("/robots.txt").content.decode()
    for prefix in ["", "/sv", "/de"]:
        assert f"Disallow: {prefix}/accounts/\n" in robots


def test_signing_in_under_a_prefix_returns_to_that_language(article, django_user_model):
    django_user_model.objects.create_user(username="ann", password="pw-for-tests-only")
    client = reader()
    page = client.get(f"/sv{article.get_absolute_url()}").content.decode().replace("%2F", "/")
    assert f'href="/sv/accounts/login/?next=/sv/faq/{article.pk}/' in page
    signed_in = client.post(
        "/sv/accounts/login/", {"username": "ann", "password": "pw-for-tests-only"}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/sv/"


def test_english_keeps_its_british_dates():
    from datetime import date

    from django.utils.formats import date_format, get_format

    with translation.override("en"):
        assert date_format(date(2024, 1, 9)) == "9 Jan 2024"
        assert get_format("FIRST_DAY_OF_WEEK") == 1
    with translation.override("de"):
        assert date_format(date(2024, 1, 9)) == "9. Januar 2024"


# The first visit


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("sv", "sv"),
        ("sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7", "sv"),
        ("de-CH", "de"),
        ("de-DE, de;q=0.9", "de"),
        # The best language we have, by the header's own order of preference.
        ("fr-FR, fr;q=0.9, de;q=0.8, en;q=0.5", "de"),
        ("en;q=0.2, sv;q=0.8", "sv"),
        # English, or none of ours: English.
        ("en-GB,en;q=0.9,sv;q=0.8", "en"),
        ("en", "en"),
        ("fr, nb", "en"),
        ("*", "en"),
        ("", "en"),
    ],
)
@pytest.mark.parametrize("name", ["home", "article", "topic", "search", "sign-in"])
def test_a_first_visit_goes_to_the_browsers_language(article, header, language, name):
    address = pages(article)[name]
    response = reader(HTTP_ACCEPT_LANGUAGE=header).get(address)
    if language == "en":
        assert response.status_code == 200
        assert html_lang(response) == "en"
    else:
        assert response.status_code == 302
        assert response["Location"] == f"/{language}{address}"
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_the_redirect_keeps_the_query_string(article):
    response = reader(**SWEDISH).get("/search/", {"q": "endnote sync", "page": "2"})
    assert response.status_code == 302
    assert response["Location"] == "/sv/search/?q=endnote+sync&page=2"
    assert reader(**SWEDISH).head("/?utm_source=mail")["Location"] == "/sv/?utm_source=mail"


@pytest.mark.parametrize(
    ("cookie", "header", "expected"),
    [
        # A choice made with the switcher wins over the header, either way.
        ("sv", "", "/sv/"),
        ("de", "sv", "/de/"),
        ("en", "sv", None),
        ("en", "de-DE,de;q=0.9", None),
        # A cookie that names no language of ours is no choice: the header decides.
        ("fr", "sv", "/sv/"),
        ("xx", "", None),
        ("../../etc", "de", "/de/"),
        ("sv" * 400, "", None),
        ("", "de", "/de/"),
    ],
)
def test_a_chosen_language_wins_over_the_browsers(article, cookie, header, expected):
    client = reader(HTTP_ACCEPT_LANGUAGE=header)
    client.cookies["django_language"] = cookie
    response = client.get("/")
    assert response.status_code == (302 if expected else 200)
    assert response.get("Location") == expected


@pytest.mark.parametrize("prefix", ["/sv", "/de"])
def test_a_prefixed_address_is_never_redirected(article, prefix):
    client = reader(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    for address in pages(article).values():
        response = client.get(prefix + address)
        assert response.status_code == 200
        assert html_lang(response) == prefix[1:]
        # A prefixed page is the same for everyone: it varies by neither.
        assert "Accept-Language" not in response.get("Vary", "")


def test_forms_are_never_redirected(article):
    client = reader(**SWEDISH)
    step = article.steps.get(position=1).pk
    address = article.get_absolute_url()
    tick = client.post(f"{address}steps/{step}/", {"done": "1"})
    assert tick.status_code == 303
    assert tick["Location"].startswith(address)
    vote = client.post(f"{address}vote/", {"helpful": "yes"})
    assert vote.status_code == 303
    assert vote["Location"].startswith(address)
    assert client.post(f"{address}vote/", {"helpful": "yes"}, **HTMX).status_code == 200


def test_htmx_asking_for_part_of_the_page_it_is_on_is_not_redirected(article):
    response = reader(**SWEDISH).get("/search/suggest/", {"q": "endnote"}, **HTMX)
    assert response.status_code == 200
    assert b"<html" not in response.content


@pytest.mark.parametrize("address", ["/healthz", "/robots.txt", "/sitemap.xml", "/favicon.ico"])
def test_addresses_without_a_language_are_not_redirected(article, address):
    response = reader(**SWEDISH).get(address)
    assert response.status_code in {200, 301}
    assert not response.get("Location", "").startswith("/sv")


def test_a_crawler_without_accept_language_reads_english(article):
    googlebot = Client(HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    for address in pages(article).values():
        response = googlebot.get(address)
        assert response.status_code == 200
        assert html_lang(response) == "en"


def test_a_cached_english_article_is_never_served_to_a_swedish_first_visit(article):
    address = article.get_absolute_url()
    for _ in range(2):  # built, then from the shell's cache
        assert html_lang(reader().get(address)) == "en"
    response = reader(**SWEDISH).get(address)
    assert response.status_code == 302
    assert response["Location"] == f"/sv{address}"


@pytest.mark.parametrize(
    "header",
    [
        "x" * 10_000,
        ",".join(["sv;q=0.1"] * 2000),
        "sv;q=banana",
        "sv;q=2",
        ";;;,,,",
        "\x00sv",
        "ünïcödé",
        "sv-" + "a" * 600,
        "de" + "-abcdefgh" * 100,
    ],
)
def test_junk_accept_language_is_ignored(article, header):
    response = reader(HTTP_ACCEPT_LANGUAGE=header).get(article.get_absolute_url())
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        # Only a header whose readable part names a language of ours.
        assert response["Location"].startswith(("/sv/", "/de/"))


# What a header can carry: WSGI hands them over as Latin-1.
LATIN_1 = st.characters(max_codepoint=255)


@examples(max_examples=60, deadline=None)
@given(header=st.text(LATIN_1, max_size=300), cookie=st.text(LATIN_1, max_size=80))
def test_no_header_or_cookie_makes_a_500(header, cookie):
    cookie = cookie.replace(";", "").replace("\r", "").replace("\n", "")
    response = Client().get(
        "/", HTTP_ACCEPT_LANGUAGE=header, HTTP_COOKIE=f"django_language={cookie}"
    )
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert response["Location"] in {"/sv/", "/de/"}

"""The header's language switcher (a form to set_language), <html lang>, hreflang, the
article page's cache by language, and htmx's parts under a prefix."""

import re

import pytest
from django.test import Client
from django.utils import translation

from faq.views.shell import forget_local
from tests.factories import make_article, make_topic

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0"}
HTMX = {"HTTP_HX_REQUEST": "true"}
YEAR = 365 * 24 * 60 * 60


@pytest.fixture
def article():
    topic = make_topic("EndNote")
    return make_article("How do I sync my EndNote library?", steps=3, topics=[topic])


def reader(**extra) -> Client:
    return Client(**BROWSER, **extra)


def html_lang(response) -> str:
    return re.search(r"<html lang=\"([^\"]*)\"", response.content.decode()).group(1)


def switcher(html: str) -> dict[str, str | None]:
    """Each language the switcher offers, and the `next` its form posts (None: current)."""
    nav = re.search(r'<nav class="languages".*?</nav>', html, re.S).group()
    offered = {}
    for code in re.findall(r'<li>.*?lang="(\w+)"', nav):
        item = re.search(rf'<li>(?:(?!</li>).)*lang="{code}"(?:(?!</li>).)*</li>', nav, re.S)
        form = item.group()
        if 'aria-current="true"' in form:
            offered[code] = None
            continue
        assert 'method="post" action="/i18n/setlang/"' in form
        assert 'name="csrfmiddlewaretoken"' in form
        assert f'name="language" value="{code}"' in form
        offered[code] = re.search(r'name="next" value="([^"]*)"', form).group(1)
    return offered


def choose(client: Client, language: str, next_url: str, **extra):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url}, **extra)


# The switcher


def test_the_switcher_offers_this_page_in_each_language(article):
    address = article.get_absolute_url()
    assert switcher(reader().get(address).content.decode()) == {
        "en": None,
        "sv": f"/sv{address}",
        "de": f"/de{address}",
    }
    assert switcher(reader().get("/sv/search/?q=endnote+sync").content.decode()) == {
        "en": "/search/?q=endnote+sync",
        "sv": None,
        "de": "/de/search/?q=endnote+sync",
    }
    assert switcher(reader().get("/de/topics/endnote/").content.decode()) == {
        "en": "/topics/endnote/",
        "sv": "/sv/topics/endnote/",
        "de": None,
    }


def test_the_switcher_names_each_language_in_itself_and_marks_the_current_one(article):
    html = reader().get("/sv/").content.decode()
    nav = re.search(r'<nav class="languages" aria-label="[^"]+">.*?</nav>', html, re.S).group()
    assert re.search(
        r'<span class="languages__current" aria-current="true" lang="sv">Svenska<', nav
    )
    assert re.search(r'lang="en">English</button>', nav)
    assert re.search(r'lang="de">Deutsch</button>', nav)
    assert nav.count("aria-current") == 1


def test_a_page_that_is_not_in_every_language_offers_each_home(article):
    # A 404 has no other language to go to.
    assert switcher(reader().get("/sv/no-such-page/").content.decode()) == {
        "en": "/",
        "sv": None,
        "de": "/de/",
    }


def test_switching_without_javascript_keeps_the_reader_on_the_page(article):
    client = reader(HTTP_ACCEPT_LANGUAGE="en")
    address = article.get_absolute_url()
    offered = switcher(client.get(address).content.decode())
    response = choose(client, "sv", offered["sv"], follow=True)
    assert response.redirect_chain == [(f"/sv{address}", 302)]
    assert response.status_code == 200
    assert html_lang(response) == "sv"
    cookie = client.cookies["django_language"]
    assert cookie.value == "sv"
    assert cookie["max-age"] == YEAR
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    # The choice decides the next visit to an English address, whatever the browser says.
    assert client.get("/topics/endnote/")["Location"] == "/sv/topics/endnote/"
    # And back to English, which then stays English for a Swedish browser.
    back = choose(client, "en", switcher(response.content.decode())["en"], follow=True)
    assert back.redirect_chain == [(address, 302)]
    assert html_lang(back) == "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    assert client.get("/").status_code == 200


def test_switching_with_the_csrf_check_on(article):
    client = Client(enforce_csrf_checks=True, **BROWSER)
    html = client.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        "/i18n/setlang/", {"language": "de", "next": "/de/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert response["Location"] == "/de/"
    assert (
        Client(enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "de"}).status_code
        == 403
    )


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "http://testserver@evil.example/",
        "javascript:alert(1)",
        "\\\\evil.example",
    ],
)
def test_an_off_site_next_is_refused(article, next_url):
    client = reader()
    response = choose(client, "sv", next_url)
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert "javascript" not in response["Location"]
    # Django falls back to the site's home, here in the chosen language.
    assert response["Location"] == "/sv/"


@pytest.mark.parametrize("language", ["fr", "xx", "", "EN", "sv-se", "../", "de" * 300, "sv\x00"])
def test_a_language_we_do_not_have_changes_nothing(article, language):
    client = reader()
    response = choose(client, language, article.get_absolute_url())
    assert response.status_code == 400
    assert b"We do not have the help desk in that language." in response.content
    assert "django_language" not in response.cookies
    assert "django_language" not in client.cookies


def test_the_switcher_answers_only_posts(article):
    response = reader().get("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert response.status_code == 405
    assert "django_language" not in response.cookies


# <html lang> and hreflang


@pytest.mark.parametrize("language", ["sv", "de"])
def test_error_pages_are_in_the_language_of_their_address(article, language):
    bad_search = reader().get(f"/{language}/search/", {"q": "x\x00"})
    assert bad_search.status_code == 400
    assert html_lang(bad_search) == language
    wrong_method = reader().delete(f"/{language}/")
    assert wrong_method.status_code == 405
    assert html_lang(wrong_method) == language
    expired = Client(enforce_csrf_checks=True).post(f"/{language}{article.get_absolute_url()}vote/")
    assert expired.status_code == 403
    assert html_lang(expired) == language


def test_the_500_and_503_pages_say_their_language(rf):
    from faq.views import server_error

    with translation.override("de"):
        response = server_error(rf.get("/de/"))
    assert html_lang(response) == "de"
    assert html_lang(server_error(rf.get("/"))) == "en"


def test_the_admin_is_in_the_editors_language(staff_client):
    assert html_lang(staff_client.get("/admin/")) == "en"
    swedish = staff_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9")
    assert html_lang(swedish) == "sv"
    assert "Accept-Language" in swedish["Vary"]
    staff_client.cookies["django_language"] = "de"
    german = staff_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="sv")
    assert html_lang(german) == "de"
    assert "Abmelden" in german.content.decode()
    # The admin's sign-in page too, before anyone has signed in.
    assert (
        "Anmelden" in Client(HTTP_COOKIE="django_language=de").get("/admin/login/").content.decode()
    )


def alternates(html: str) -> dict[str, str]:
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    return dict(links)


@pytest.mark.parametrize(
    ("address", "path"),
    [
        ("/", "/"),
        ("/sv/", "/"),
        ("/de/topics/endnote/", "/topics/endnote/"),
        ("/sv/search/?q=endnote&utm_source=mail", "/search/"),
    ],
)
def test_pages_link_their_other_languages_for_search_engines(article, address, path):
    html = reader().get(address).content.decode()
    prefix = "http://testserver"
    assert alternates(html) == {
        "en": f"{prefix}{path}",
        "sv": f"{prefix}/sv{path}",
        "de": f"{prefix}/de{path}",
        "x-default": f"{prefix}{path}",
    }


def test_error_pages_link_no_other_languages(article):
    assert alternates(reader().get("/sv/no-such-page/").content.decode()) == {}
    assert alternates(reader().get("/xx/").content.decode()) == {}


# The article page's cache


def test_the_cached_article_page_is_kept_per_language(article):
    address = article.get_absolute_url()
    first = {}
    for language in ["en", "sv", "de"]:
        prefix = "" if language == "en" else f"/{language}"
        response = reader().get(prefix + address)
        assert html_lang(response) == language
        first[language] = response.content.decode()
    assert len(set(first.values())) == 3
    # From the shared cache now (Redis, when REDIS_URL is set), not this process's copies:
    # each language still gets its own page.
    forget_local()
    for language, html in first.items():
        prefix = "" if language == "en" else f"/{language}"
        again = Client().get(prefix + address).content.decode()
        assert html_lang_of(again) == language
        assert switcher(again) == switcher(html)
        assert f'<a href="{prefix}/">' in again


def html_lang_of(html: str) -> str:
    return re.search(r"<html lang=\"([^\"]*)\"", html).group(1)


def test_a_shell_first_built_with_a_query_string_does_not_keep_it(article):
    address = article.get_absolute_url()
    reader().get(f"/sv{address}?utm_source=newsletter")
    html = reader().get(f"/sv{address}").content.decode()
    assert "utm_source" not in html
    assert switcher(html)["en"] == address


def test_a_shell_first_built_by_a_swedish_tick_is_swedish(article):
    address = article.get_absolute_url()
    step = article.steps.get(position=1).pk
    tick = reader().post(f"/sv{address}steps/{step}/", {"done": "1"}, **HTMX)
    assert tick.status_code == 200
    html = reader().get(f"/sv{address}").content.decode()
    assert html_lang_of(html) == "sv"
    assert switcher(html)["en"] == address
    assert html_lang(reader().get(address)) == "en"


# htmx under a prefix


def test_htmx_parts_under_a_prefix_are_still_parts(article):
    address = f"/sv{article.get_absolute_url()}"
    client = reader()
    step = article.steps.get(position=1).pk
    tick = client.post(f"{address}steps/{step}/", {"done": "1"}, **HTMX)
    assert tick.status_code == 200
    assert b"<html" not in tick.content
    assert b"1 av 3 steg klara" in tick.content
    vote = client.post(f"{address}vote/", {"helpful": "no"}, **HTMX)
    assert vote.status_code == 200
    assert b"<html" not in vote.content
    suggest = client.get("/sv/search/suggest/", {"q": "endnote"}, **HTMX)
    assert suggest.status_code == 200
    assert b"<html" not in suggest.content
    assert f'data-href="/sv/search/open/{article.pk}/'.encode() in suggest.content
    results = client.get("/sv/search/", {"q": "endnote"}, HTTP_HX_TARGET="search-results", **HTMX)
    assert results.status_code == 200
    assert b"<html" not in results.content
    assert f'href="/sv/search/open/{article.pk}/'.encode() in results.content
    opened = client.get(f"/sv/search/open/{article.pk}/", {"q": "endnote"})
    assert opened["Location"] == address


def test_forms_under_a_prefix_come_back_to_that_language_without_javascript(article):
    address = f"/sv{article.get_absolute_url()}"
    client = reader()
    step = article.steps.get(position=2).pk
    tick = client.post(f"{address}steps/{step}/", {"done": "1"})
    assert tick.status_code == 303
    assert tick["Location"].startswith(address)
    vote = client.post(f"{address}vote/", {"helpful": "yes"})
    assert vote.status_code == 303
    assert vote["Location"].startswith(address)
    # And the ticks are the same ticks in English.
    assert b"1 of 3 steps done" in client.get(article.get_absolute_url()).content

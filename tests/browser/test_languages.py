"""The language switcher in Chromium, with JavaScript on and off: the reader stays on the
article, their ticks follow them, and the choice outlasts the browser's own language."""

from urllib.parse import urlsplit

import pytest
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from demo.loader import demo_load
from faq.models import Article
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def endnote(transactional_db) -> Article:
    demo_load()
    return Article.objects.get(slug="sync-endnote-library-to-new-library")


def watch(page: Page) -> list[str]:
    """Console errors and failed requests, as the console_errors fixture collects them."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return errors


def switch(page: Page, name: str) -> None:
    page.locator("nav.languages").get_by_role("button", name=name, exact=True).click()


def path(page: Page) -> str:
    return urlsplit(page.url).path


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_switching_language_keeps_the_article_and_its_ticks(
    browser: Browser, live_server, endnote: Article, javascript: bool
):
    context = browser.new_context(
        java_script_enabled=javascript, base_url=live_server.url, locale="en-GB"
    )
    page = context.new_page()
    errors = watch(page)
    english = endnote.get_absolute_url()
    page.goto(english)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav.languages [aria-current=true]")).to_have_text("English")

    switch(page, "Svenska")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert path(page).startswith(f"/sv/faq/{endnote.pk}/")
    expect(page.locator("nav.languages [aria-current=true]")).to_have_text("Svenska")
    # The steps are found by their place, not their words, which are Swedish here.
    for position in (1, 2, 3):
        toggle = page.locator(f"#step-{position} .step-toggle")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#progress-card progress")).to_have_attribute("value", "3")

    switch(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert path(page) == english
    expect(page.locator("#progress-card progress")).to_have_attribute("value", "3")
    expect(page.locator("#progress-card progress")).to_have_attribute("max", "13")
    expect(page.locator("#progress-card")).to_contain_text("3 of 13 steps done")
    assert errors == []
    context.close()


def test_a_first_visit_follows_the_browser_until_the_reader_chooses(
    browser: Browser, live_server, endnote: Article
):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    errors = watch(page)
    page.goto("/topics/endnote/")
    assert path(page) == "/sv/topics/endnote/"
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    switch(page, "English")
    assert path(page) == "/topics/endnote/"
    page.goto("/")
    assert path(page) == "/"
    expect(page.locator("html")).to_have_attribute("lang", "en")

    switch(page, "Deutsch")
    assert path(page) == "/de/"
    page.goto(endnote.get_absolute_url())
    # The German address, with the article's German slug.
    german = endnote.translations.get(language="de").slug
    assert path(page) == f"/de/faq/{endnote.pk}/{german}/"
    assert errors == []
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_swedish_pages_pass_axe(browser: Browser, live_server, endnote: Article, width):
    # axe is injected as an inline script, which the site's CSP rightly refuses.
    context = browser.new_context(bypass_csp=True, base_url=live_server.url)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for address in ["/sv/", f"/sv{endnote.get_absolute_url()}", "/de/search/?q=endnote"]:
        page.goto(address)
        found[address] = violations(page)
    assert {address: v for address, v in found.items() if v} == {}
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_switcher_in_the_header(page: Page, endnote: Article, console_errors, width):
    page.set_viewport_size({"width": width, "height": 800})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    header = page.locator("header.site-header")
    for address, language in [("/", "en"), (f"/sv{endnote.get_absolute_url()}", "sv")]:
        page.goto(address)
        header.screenshot(path=SCREENSHOTS / f"language-switcher-{language}-{width}.png")
        # Every language on one line, inside the page, none of them cut off.
        boxes = [page.locator("nav.languages li").nth(i).bounding_box() for i in range(3)]
        assert len({round(box["y"]) for box in boxes}) == 1
        assert all(box["x"] >= 0 and box["x"] + box["width"] <= width for box in boxes)
    # The keyboard reaches each choice, and shows where it is.
    page.locator("nav.languages").get_by_role("button", name="English").focus()
    page.keyboard.press("Tab")
    expect(page.locator("nav.languages").get_by_role("button", name="Deutsch")).to_be_focused()
    header.screenshot(path=SCREENSHOTS / f"language-switcher-focus-{width}.png")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_article_in_swedish_and_german_for_a_person_to_look_at(
    page: Page, endnote: Article, console_errors, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    nvivo = Article.objects.get(slug="install-nvivo-on-windows")
    for language, article, name in [
        ("sv", endnote, "article-endnote"),
        ("de", endnote, "article-endnote"),
        ("de", nvivo, "article-nvivo-fallback"),
    ]:
        with translation.override(language):
            address = article.get_absolute_url()
        page.goto(address)
        expect(page.locator("html")).to_have_attribute("lang", language)
        # Nothing wider than the window: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(f"{name}-{language}-{width}")
    # The German reader of an article not in German is told so, and the English text
    # says it is English.
    expect(page.locator(".translation-note").first).to_have_text(
        "Dieser Artikel ist noch nicht auf Deutsch verfügbar."
    )
    expect(page.locator("#article-title")).to_have_attribute("lang", "en")

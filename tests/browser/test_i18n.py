"""The scripts' words in Swedish, from the JavaScript catalog, in Chromium."""

import pytest
from playwright.sync_api import Page, expect

from demo.loader import demo_load
from faq.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "sv-SE"}


@pytest.fixture
def swedish(transactional_db):
    # A browser that prefers Swedish: its first visit to an English address is sent
    # to the same page under /sv/, which the rest of the visit stays on.
    demo_load()
    return Article.objects.get(slug="sync-endnote-library-to-new-library")


def test_copy_buttons_and_suggestions_speak_swedish(
    page: Page, context, swedish, console_errors, screenshot
):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(swedish.get_absolute_url())

    expect(page.locator("#vote-title")).to_have_text("Var detta till hjälp?")
    copy = page.locator("#step-5").get_by_role("button", name="Kopiera #!resetLocalSync").first
    expect(copy).to_have_text("Kopiera")
    copy.click()
    expect(copy).to_have_text("Kopierat")
    page.get_by_role("button", name="Kopiera länk").click()
    expect(page.locator(".action-status")).to_have_text("Länken har kopierats till urklipp.")
    screenshot("article-sv-1280")

    page.goto("/")
    page.locator("#home-q").press_sequentially("endn", delay=60)
    options = page.locator("#home-list").get_by_role("option")
    expect(options.first).to_contain_text("EndNote")
    status = page.locator("form[data-combobox]").nth(1).locator("[data-combobox-status]")
    expect(status).to_have_text(
        f"{options.count() - 1} förslag. Använd pil upp och pil ner för att välja ett."
    )

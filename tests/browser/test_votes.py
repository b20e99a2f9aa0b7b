import re

import pytest
from playwright.sync_api import Browser, Page, expect

from faq.models import Article, Vote
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def article(transactional_db):
    return make_article("How do I reset my password?", steps=3)


def test_vote_with_javascript_swaps_only_the_panel(
    page: Page, article: Article, console_errors, screenshot
):
    page.goto(article.get_absolute_url())
    # A full page load would wipe this marker; an htmx swap keeps it.
    page.evaluate("window.__sameDocument = true")
    yes = page.get_by_role("button", name=re.compile(r"^Yes"))
    expect(yes).to_have_attribute("aria-pressed", "false")
    yes.click()
    expect(page.locator("#vote-yes")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#vote-yes .vote-button__count")).to_have_text("1")
    expect(page.locator("#vote-announcer")).to_have_text("Thanks! Glad it helped.")
    assert page.evaluate("window.__sameDocument") is True
    expect(page.locator("#vote-yes")).to_be_focused()

    page.locator("#vote-no").click()
    expect(page.locator("#vote-no")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#vote-yes .vote-button__count")).to_have_text("0")
    expect(page.locator("#vote-no .vote-button__count")).to_have_text("1")
    page.get_by_label("The steps did not work").check()
    page.get_by_label("Anything else we should know?").fill("Step 2 has no Sync menu.")
    screenshot("vote-reasons-1280")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".vote-panel__thanks")).to_contain_text("The steps did not work")
    assert page.evaluate("window.__sameDocument") is True
    vote = Vote.objects.get()
    assert (vote.helpful, vote.reason, vote.comment) == (
        False,
        "steps_failed",
        "Step 2 has no Sync menu.",
    )


def test_vote_without_javascript_uses_plain_forms(browser: Browser, live_server, article: Article):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name=re.compile(r"^Yes")).click()
    expect(page.locator(".messages")).to_contain_text("Thanks! Glad it helped.")
    expect(page.locator("#vote-yes")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#vote-yes .vote-button__count")).to_have_text("1")
    assert page.url.endswith("#vote-panel")

    page.get_by_role("button", name=re.compile(r"^No")).click()
    expect(page.locator("#vote-no .vote-button__count")).to_have_text("1")
    page.get_by_label("It is out of date").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".vote-panel__thanks")).to_contain_text("It is out of date")
    article.refresh_from_db()
    assert (article.yes_count, article.no_count) == (0, 1)
    context.close()

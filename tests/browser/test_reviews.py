"""Review dates in Chromium: the admin's list of articles due, Mark reviewed, and the
reader's out-of-date note going away on the next request."""

import pytest
from playwright.sync_api import Browser, Page, expect

from demo.loader import demo_load
from faq.models import Article
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_statistics import axe_violations
from tests.factories import make_editor

pytestmark = pytest.mark.django_db(transaction=True)

STALE = "open-nvivo-project-from-newer-version"
NOTE = "may be out of date"


def sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#site-name")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 375])
def test_an_editor_marks_an_overdue_article_reviewed(
    browser: Browser, page: Page, live_server, console_errors, screenshot, width
):
    demo_load()
    make_editor("ann")
    article = Article.objects.get(slug=STALE)
    page.set_viewport_size({"width": width, "height": 900})

    # A reader, not signed in, gets the cached page with the quiet note.
    reader = browser.new_context(base_url=live_server.url, viewport=page.viewport_size)
    reader_page = reader.new_page()
    reader_page.goto(article.get_absolute_url())
    note = reader_page.locator(".review-note")
    expect(note).to_contain_text("This answer was last reviewed on May 16, 2023")
    expect(note.get_by_role("link", name="contact Support Alfasoft")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reader_page.screenshot(path=SCREENSHOTS / f"article-review-note-{width}.png", full_page=True)
    assert axe_violations(browser, reader_page) == []

    # The editor sees the count on the admin index, and the list of articles due.
    sign_in(page, "ann")
    reviews = page.locator(".helpdesk-reviews")
    expect(reviews).to_contain_text("2 overdue, 2 due within 30 days")
    reviews.get_by_role("link", name="Reviews").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(4)
    expect(page.locator("#result_list")).to_contain_text("overdue")
    expect(page.locator("#changelist-filter")).to_contain_text("Due or overdue")
    screenshot(f"review-admin-{width}")
    assert axe_violations(browser, page) == []

    page.get_by_role("link", name=article.question).click()
    expect(page.locator(".field-last_reviewed")).to_contain_text("Never marked reviewed")
    expect(page.locator(".deletelink")).to_have_count(0)
    page.get_by_role("button", name="Mark reviewed").click()
    expect(page.locator(".messagelist")).to_contain_text("Marked reviewed")
    expect(page.locator(".field-last_reviewed")).to_contain_text("by Ann Editor")
    page.locator(".field-last_reviewed").scroll_into_view_if_needed()
    screenshot(f"review-change-{width}")

    # The very next request of the reader's has no note.
    reader_page.reload()
    expect(reader_page.locator("h1")).to_have_text(article.question)
    expect(reader_page.locator(".review-note")).to_have_count(0)
    expect(reader_page.locator("body")).not_to_contain_text(NOTE)
    reader.close()

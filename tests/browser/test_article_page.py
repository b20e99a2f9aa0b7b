import pytest
from playwright.sync_api import Page, expect

from demo.loader import demo_load
from faq.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def endnote_url(transactional_db):
    demo_load()
    return Article.objects.get(slug="sync-endnote-library-to-new-library").get_absolute_url()


def test_endnote_article_reads_well_and_copies_code(
    page: Page, context, endnote_url, console_errors, screenshot
):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(endnote_url)

    expect(page.locator("h1")).to_have_text("How do I sync my Endnote library to a new library?")
    expect(page.locator("ol.steps > li")).to_have_count(13)
    expect(page.get_by_role("note", name="Heads up!")).to_be_visible()
    expect(page.locator(".meta-side")).to_contain_text("Kim McBride")

    step5 = page.locator("#step-5")
    copy = step5.get_by_role("button", name="Copy #!resetLocalSync").first
    copy.click()
    expect(copy).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == "#!resetLocalSync"
    screenshot("article-1280")

    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".action-status")).to_have_text("Link copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()").endswith(endnote_url)


def test_endnote_article_on_a_phone(page: Page, endnote_url, console_errors, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(endnote_url)
    expect(page.locator(".meta-top")).to_be_visible()
    expect(page.locator(".meta-side")).to_be_hidden()
    # Nothing sticks out sideways on a narrow screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot("article-375")


def test_print_view_hides_navigation_and_buttons(page: Page, endnote_url, console_errors):
    page.goto(endnote_url)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".sidebar")).to_be_hidden()
    expect(page.locator(".copy-code").first).to_be_hidden()
    expect(page.locator("ol.steps > li").nth(12)).to_be_visible()


@pytest.mark.parametrize(
    "path", ["/", "/topics/endnote/", "/search/?q=endnote", "/accounts/login/"]
)
def test_other_pages_load_cleanly(page: Page, live_server, endnote_url, console_errors, path):
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width

"""Search in Chromium: suggestions as you type, the keyboard, results, axe on the open list."""

import pytest
from playwright.sync_api import Browser, Page, expect

from demo.loader import demo_load
from faq.models import Article
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import AXE, violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def endnote(transactional_db):
    demo_load()
    return Article.objects.get(slug="sync-endnote-library-to-new-library")


def test_typing_suggests_and_the_keyboard_opens_one(page: Page, endnote, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    box = page.locator("#home-q")
    box.press_sequentially("endn", delay=60)
    listbox = page.locator("#home-list")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text("EndNote")
    assert 1 <= options.count() <= 7  # up to 6 articles and "See all results"
    # The live region of the home box (the header's comes first) says how many.
    status = page.locator("form[data-combobox]").nth(1).locator("[data-combobox-status]")
    expect(status).to_have_text(
        f"{options.count() - 1} suggestions. Use the up and down arrows to choose one."
    )

    box.press("ArrowDown")
    first = options.first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press("ArrowDown")
    expect(listbox).to_be_visible()
    expect(first).to_have_attribute("aria-selected", "true")
    chosen = first.locator(".suggestion__question").inner_text()
    box.press("Enter")
    page.wait_for_url("**/faq/*/*/")
    expect(page.locator("h1")).to_have_text(chosen)


def test_enter_without_a_choice_submits_to_the_results_page(page: Page, endnote, console_errors):
    page.goto(endnote.get_absolute_url())
    box = page.locator("#site-search-q")
    box.fill("resetLocalSync")
    box.press("Enter")
    page.wait_for_url("**/search/?q=resetLocalSync")
    expect(page.locator(".result mark").first).to_have_text("resetLocalSync")


def test_without_javascript_the_form_still_searches(browser: Browser, live_server, endnote):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/")
    page.locator("#home-q").fill("endnote synk")
    page.locator("#home-q").press("Enter")
    page.wait_for_url("**/search/?q=endnote+synk")
    expect(page.locator(".did-you-mean")).to_contain_text("endnote sync")
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_open_combobox_and_results_have_no_axe_violations(
    browser: Browser, live_server, endnote, width
):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test`, which installs axe-core with npm.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(bypass_csp=True, base_url=live_server.url)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/search/?q=sync+endnote+library")
    found = {"results": violations(page)}
    page.screenshot(path=str(SCREENSHOTS / f"search-results-{width}.png"), full_page=True)
    box = page.locator("#site-search-q")
    box.fill("")
    box.press_sequentially("endn", delay=60)
    expect(page.locator("#site-search-list")).to_be_visible()
    box.press("ArrowDown")
    found["open combobox"] = violations(page)
    page.screenshot(path=str(SCREENSHOTS / f"search-suggestions-{width}.png"))
    page.goto("/search/?q=qwertyuiop")
    found["no results"] = violations(page)
    page.screenshot(path=str(SCREENSHOTS / f"search-no-results-{width}.png"), full_page=True)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}

"""Answers not everyone may read, in Chromium: the sign-in prompt and back to the answer,
staff's Internal badge in search, and the audience in the admin's article form."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from demo.loader import demo_load
from faq.models import Article
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import AXE, violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-browser-tests"
WIDTHS = [1280, 375]


@pytest.fixture
def demo(transactional_db):
    demo_load()
    get_user_model().objects.create_user("reader", password=PASSWORD)
    get_user_model().objects.create_user(
        "lead", password=PASSWORD, is_staff=True, is_superuser=True
    )
    return {
        "members": Article.objects.get(slug="borrow-loan-laptop-with-spss-and-nvivo"),
        "internal": Article.objects.get(slug="issue-replacement-endnote-licence-key"),
    }


def sign_in(page: Page, username: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_sign_in_prompt_leads_back_to_the_answer(browser: Browser, live_server, demo, width):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test`, which installs axe-core with npm.")
    context = browser.new_context(bypass_csp=True, base_url=live_server.url)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(demo["members"].get_absolute_url())
    expect(page.get_by_role("heading", name="Sign in to read this answer")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("laptop")
    assert violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"aud-sign-in-{width}.png"), full_page=True)
    page.locator(".sign-in-prompt").get_by_role("link", name="Sign in").click()
    sign_in(page, "reader")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo["members"].question)
    expect(page.locator(".article__audience")).to_contain_text("Signed-in users")
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_find_the_internal_answer_marked_in_search(page: Page, demo, width, console_errors):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/?next=/search/%3Fq%3Dlicence%2Bkey")
    sign_in(page, "lead")
    result = page.locator(".result").filter(has_text=demo["internal"].question)
    expect(result.locator(".audience-badge--staff")).to_have_text("Internal")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"aud-staff-search-{width}.png"), full_page=True)
    result.locator(".result__title a").click()
    expect(page.locator(".article__audience")).to_contain_text("Only staff can see this answer")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_admin_article_form_shows_who_may_read_it(page: Page, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/admin/login/?next=/admin/faq/article/{demo['internal'].pk}/change/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    audience = page.get_by_label("Who may read it")
    expect(audience).to_have_value("staff")
    about = page.locator("fieldset").filter(has=audience)
    about.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    about.screenshot(path=str(SCREENSHOTS / f"aud-admin-audience-{width}.png"))
    page.screenshot(path=str(SCREENSHOTS / f"aud-admin-form-{width}.png"), full_page=True)

"""Single sign-on in Chromium: the sign-in pages with "Sign in with …" (site and admin, at
desktop and phone widths, no accessibility violations), and a reader who ticked a step
signing in at the real test provider and finding the tick in their account."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import axe_page, violations  # noqa: F401 (a fixture)
from tests.factories import make_article
from tests.oidc import callback_register, person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_sign_in_pages_offer_the_provider(oidc, axe_page, width):  # noqa: F811
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe_page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto("/accounts/login/?next=/")
    button = axe_page.get_by_role("link", name="Sign in with University Login")
    expect(button).to_be_visible()
    expect(axe_page.get_by_label("Username")).to_be_visible()
    assert violations(axe_page) == []
    axe_page.screenshot(path=str(SCREENSHOTS / f"oidc-login-{width}.png"), full_page=True)
    # A forged answer from "the provider": back here, with the reason in the page's style.
    axe_page.goto("/accounts/oidc/callback/?code=forged&state=forged")
    expect(axe_page.locator(".message--error")).to_contain_text("did not work")
    assert violations(axe_page) == []
    axe_page.screenshot(path=str(SCREENSHOTS / f"oidc-refused-{width}.png"), full_page=True)
    axe_page.goto("/admin/login/?next=/admin/")
    expect(axe_page.get_by_role("link", name="Sign in with University Login")).to_be_visible()
    axe_page.screenshot(path=str(SCREENSHOTS / f"oidc-admin-{width}.png"), full_page=True)


def test_a_reader_signs_in_at_the_provider_and_keeps_their_progress(
    page: Page, live_server, oidc, console_errors, screenshot
):
    callback_register(oidc, live_server.url)
    ann = person(oidc, "ann", email="ann@uni.example", given_name="Ann")
    article = make_article("How do I sync?", steps=3)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name="Step 1 done", exact=True).click()
    expect(page.locator("#progress-card")).to_contain_text("1 of 3 steps done")

    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_role("link", name="Sign in with University Login").click()
    # At the provider: its own sign-in form, then straight back (no consent asked).
    page.get_by_label("Name").fill(ann.username)
    page.get_by_label("Password").fill(ann.password)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator("#progress-card")).to_contain_text("1 of 3 steps done")
    screenshot("oidc-signed-in-375")

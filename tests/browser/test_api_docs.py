"""The API's documentation page: Swagger UI from the site's own static files, under its
CSP, with no console error, listing the endpoints and trying one out."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_documentation_lists_the_endpoints_and_runs_one(page: Page, console_errors, screenshot):
    make_article("How do I sync my EndNote library?", steps=2)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="Helpdesk FAQ API")).to_be_visible()
    operation = page.locator("#operations-articles-faq_api_public_article_list")
    expect(operation).to_be_visible()
    expect(page.get_by_text("/api/v1/statistics/")).to_be_visible()
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table")).to_contain_text("How do I sync my EndNote")
    screenshot("api-docs-1280")
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("api-docs-375")


def test_staff_make_a_token_see_it_once_and_read_with_it(
    page: Page, django_user_model, console_errors, screenshot
):
    django_user_model.objects.create_superuser("lead", "l@example.edu", "pw-for-tests-only")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/accounts/login/?next=/admin/faq/apitoken/add/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Name").fill("Intranet sync")
    page.get_by_label("Scope").select_option("read")
    page.get_by_role("button", name="Save", exact=True).click()
    text = page.get_by_label("The token").input_value()
    assert text.startswith("hdf_")
    screenshot("api-token-made-1280")
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("api-token-made-375")
    answer = page.request.get("/api/v1/inbox/", headers={"Authorization": f"Bearer {text}"})
    assert answer.status == 200
    page.get_by_role("link", name="Done: back to the tokens").click()
    expect(page.locator("#result_list")).to_contain_text("Intranet sync")
    expect(page.locator("#result_list")).not_to_contain_text(text)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot("api-tokens-1280")

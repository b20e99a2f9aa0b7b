"""Review before publishing in Chromium: an editor rewrites step 3 of the EndNote answer,
readers keep the published text, a publisher approves, readers get the new one."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Browser, Page, expect

from demo.loader import demo_load
from faq.models import Article
from faq.services.roles import EDITORS, PUBLISHERS

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "sync-endnote-library-to-new-library"
NEW_TEXT = "Open Edit > Preferences > Sync and sign in with your university account."


def person(django_user_model, username: str, group: str, first: str):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.edu", "pw-for-tests-only", is_staff=True, first_name=first
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(page: Page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#site-name")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 375])
def test_a_rewrite_of_step_3_reaches_readers_only_once_approved(
    page: Page, browser: Browser, live_server, django_user_model, console_errors, screenshot, width
):
    demo_load()
    person(django_user_model, "ann", EDITORS, "Ann")
    person(django_user_model, "pat", PUBLISHERS, "Pat")
    article = Article.objects.get(slug=SLUG)
    old_text = article.steps.get(position=3).body

    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto(article.get_absolute_url())
    expect(reader.locator("#step-3")).to_contain_text(old_text[:30])

    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "ann")
    page.goto(f"/admin/faq/article/{article.pk}/change/")
    expect(page.locator(".helpdesk-workflow-note")).to_contain_text("Changes go through review")
    page.get_by_role("button", name="Rewrite for review").click()
    expect(page.locator(".helpdesk-workflow-note").first).to_contain_text(
        "A rewrite, waiting to be published."
    )
    page.locator("textarea[name='steps-2-body']").fill(NEW_TEXT)
    page.locator("#id_version_note").fill("Step 3: where the sync settings are now.")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("Submitted for review")

    reader.reload()
    expect(reader.locator("#step-3")).to_contain_text(old_text[:30])
    expect(reader.locator("#step-3")).not_to_contain_text("university account")

    sign_in(page, "pat")
    page.goto("/admin/faq/article/review-queue/")
    row = page.locator("#review-queue tbody tr").first
    expect(row).to_contain_text("Rewrite")
    screenshot(f"review-queue-{width}")
    row.get_by_role("link").first.click()
    changed = page.locator(".helpdesk-diff__row.is-changed")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text("Step 3")
    expect(changed.locator("ins").last).to_contain_text("university account")
    screenshot(f"review-approval-{width}")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messagelist")).to_contain_text("Approved and published")

    reader.reload()
    expect(reader.locator("#step-3")).to_contain_text("university account")
    page.goto(f"/admin/faq/article/{article.pk}/versions/")
    expect(page.locator("tbody tr").first).to_contain_text("approved and published by Pat")
    reader.context.close()

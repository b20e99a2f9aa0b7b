"""An editor's round trip in Chromium: preview while typing, save, compare, restore; a reader's
ticks survive it all."""

import pytest
from playwright.sync_api import Browser, Page, expect

from demo.loader import demo_load
from faq.models import Article
from tests.factories import png

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "sync-endnote-library-to-new-library"


def sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Sign in").click()


def test_edit_preview_compare_and_restore_keep_a_readers_ticks(
    page: Page,
    browser: Browser,
    live_server,
    django_user_model,
    console_errors,
    screenshot,
    tmp_path,
):
    demo_load()
    django_user_model.objects.create_superuser("editor", "e@example.edu", "pw-for-tests-only")
    article = Article.objects.get(slug=SLUG)
    original_step_3 = article.steps.get(position=3).body

    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto(article.get_absolute_url())
    for position in (1, 2, 3):
        reader.get_by_role("button", name=f"Step {position} done", exact=True).click()
        reader.locator(f"#step-{position}.is-done").wait_for()

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "editor")
    page.goto(f"/admin/faq/article/{article.pk}/change/")
    preview = page.frame_locator("iframe[name=article-preview]")
    expect(preview.locator("#step-3")).to_contain_text(original_step_3[:30])

    # 1. The preview follows the typing.
    field = page.locator("textarea[name='steps-2-body']")
    field.fill("Open **Edit > Preferences > Sync** and check the account is yours.")
    expect(preview.locator("#step-3 strong")).to_have_text("Edit > Preferences > Sync")
    expect(preview.locator(".draft-banner")).to_be_visible()
    screenshot("editor-1280")
    # 2. A screenshot with its alt text, in the same save.
    shot = tmp_path / "sync-pane.png"
    shot.write_bytes(png(900, 560))
    page.locator("#id_steps-2-image_upload").set_input_files(str(shot))
    page.locator("#id_steps-2-image_alt").fill("The Sync pane of EndNote's preferences")
    page.locator("#id_version_note").fill("Step 3 says where the sync settings are.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    reader.reload()
    expect(reader.locator("#step-3 img")).to_have_attribute(
        "alt", "The Sync pane of EndNote's preferences"
    )

    # 3. The diff names the change.
    page.get_by_role("link", name="Versions").click()
    page.wait_for_url("**/versions/")
    expect(page.locator("tbody tr").first).to_contain_text("Step 3 says where")
    page.get_by_role("link", name="Compare with now").first.click()
    page.wait_for_url("**/versions/*/")
    changed = page.locator(".helpdesk-diff__row.is-changed")
    expect(changed).to_have_count(1)
    expect(changed.locator("ins").first).to_contain_text("Preferences")
    expect(changed).to_contain_text("Screenshot added.")
    screenshot("version-diff-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot("version-diff-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 4. Restore the version before the edit.
    page.get_by_role("button", name="Restore this version").click()
    expect(page.locator(".messagelist")).to_contain_text("restored")
    expect(page.locator("tbody tr").first).to_contain_text("Restored the version of")

    # 5. The reader sees the old step 3, still ticked with steps 1 and 2.
    reader.reload()
    expect(reader.locator("#step-3")).to_contain_text(original_step_3[:30])
    expect(reader.locator("#step-3 img")).to_have_count(0)
    for position in (1, 2, 3):
        expect(reader.locator(f"#step-{position}")).to_have_class("step is-done")
    expect(reader.locator(".progress-card__count")).to_contain_text("3 of")


def test_the_editor_on_a_phone(page: Page, django_user_model, console_errors, screenshot):
    demo_load()
    django_user_model.objects.create_superuser("editor", "e@example.edu", "pw-for-tests-only")
    article = Article.objects.get(slug=SLUG)
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "editor")
    page.goto(f"/admin/faq/article/{article.pk}/change/")
    expect(page.frame_locator("iframe[name=article-preview]").locator("h1")).to_have_text(
        article.question
    )
    # Moving a step down renumbers the rows and updates the preview.
    page.locator("#steps-group .inline-related").nth(0).get_by_role(
        "button", name="Move down"
    ).click()
    expect(page.locator("[name='steps-0-position']")).to_have_value("2")
    expect(page.locator("[name='steps-1-position']")).to_have_value("1")
    expect(page.locator(".helpdesk-move-status")).to_contain_text("Step moved to number 2")
    screenshot("editor-375")

"""The translation editor in Chromium: Swedish beside the English, the preview in Swedish,
a save that readers of /sv/ see; and axe on the editor at both widths."""

import pytest
from playwright.sync_api import Browser, Page, expect

from demo.loader import demo_load
from faq.models import Article
from tests.browser.test_accessibility import AXE, violations
from tests.browser.test_editor import SLUG, sign_in
from tests.factories import article_url_in

pytestmark = pytest.mark.django_db(transaction=True)

NEW_STEP_3 = "Öppna **Redigera > Inställningar > Synka** och kontrollera kontot."


def test_translate_step_3_into_swedish_and_readers_see_it(
    page: Page, browser: Browser, live_server, django_user_model, console_errors, screenshot
):
    demo_load()
    django_user_model.objects.create_superuser("editor", "e@example.edu", "pw-for-tests-only")
    article = Article.objects.get(slug=SLUG)
    step_3 = article.steps.get(position=3)

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "editor")
    page.goto(f"/admin/faq/article/{article.pk}/change/")
    page.get_by_role("link", name="Edit Svenska").or_(
        page.get_by_role("link", name="Translate into Svenska")
    ).click()
    page.wait_for_url("**/translations/sv/")
    expect(page.locator("h1")).to_have_text("Translate into Svenska")
    preview = page.frame_locator("iframe[name=article-preview]")
    expect(preview.locator("html")).to_have_attribute("lang", "sv")

    page.locator(f"textarea[name='step-{step_3.pk}-body']").fill(NEW_STEP_3)
    expect(preview.locator("#step-3 strong")).to_have_text("Redigera > Inställningar > Synka")
    screenshot("translation-editor-1280")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was saved")

    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto(article_url_in(article, "sv"))
    expect(reader.locator("#step-3 strong")).to_have_text("Redigera > Inställningar > Synka")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    expect(preview.locator("#step-3 strong")).to_have_text("Redigera > Inställningar > Synka")
    screenshot("translation-editor-375")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_translation_editor_has_no_accessibility_violations(
    browser: Browser, live_server, django_user_model, width
):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test`, which installs axe-core with npm.")
    demo_load()
    django_user_model.objects.create_superuser("editor", "e@example.edu", "pw-for-tests-only")
    article = Article.objects.get(slug=SLUG)
    context = browser.new_context(bypass_csp=True, base_url=live_server.url)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "editor")
    page.goto(f"/admin/faq/article/{article.pk}/translations/sv/")
    page.frame_locator("iframe[name=article-preview]").locator("#step-1").wait_for()
    assert violations(page) == []
    context.close()

"""Screenshots in steps, in Chromium: staff add one in the admin, readers see it."""

import re

import pytest
from playwright.sync_api import Page, expect

from demo.loader import demo_load
from faq.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


MENU = """<body style="margin:0;font:14px Arial,sans-serif;background:#fff">
<div style="width:640px;height:360px;background:#f3f3f3;border:1px solid #999">
<div style="height:28px;padding:5px 10px;background:#fff">EndNote 21 - My EndNote Library.enl</div>
<div style="padding:4px 8px;background:#fff;border-bottom:1px solid #ddd">
File&nbsp;&nbsp; Edit&nbsp;&nbsp; References&nbsp;&nbsp; Groups&nbsp;&nbsp;
<b style="background:#cce8ff;padding:2px 4px">Library</b>&nbsp;&nbsp; Tools&nbsp;&nbsp; Window</div>
<div style="margin-left:190px;width:230px;background:#fff;border:1px solid #aaa;padding:4px 0">
<div style="padding:5px 16px">Open Shared Library...</div>
<div style="padding:5px 16px">Share...</div>
<div style="padding:5px 16px;background:#cce8ff">Sync</div>
<div style="padding:5px 16px">Sync Status...</div>
<div style="padding:5px 16px">Find Duplicates</div>
<div style="padding:5px 16px">Find Broken Attachment Links</div></div></div></body>"""


def take_menu_screenshot(page: Page, path):
    """A real screenshot to upload: EndNote's Library menu, drawn in another tab."""
    tab = page.context.new_page()
    tab.set_viewport_size({"width": 642, "height": 362})
    tab.set_content(MENU)
    tab.screenshot(path=str(path))
    tab.close()
    return path


def wait_for_images(page: Page) -> None:
    """Scroll every lazy screenshot into view and wait until it has loaded."""
    for image in page.locator(".step__figure img").all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0


def test_staff_add_a_screenshot_and_readers_see_it(
    page: Page, django_user_model, console_errors, screenshot, tmp_path
):
    demo_load()
    django_user_model.objects.create_superuser("editor", "e@example.edu", "pw-for-tests-only")
    article = Article.objects.get(slug="sync-endnote-library-to-new-library")
    shot = take_menu_screenshot(page, tmp_path / "library-sync-menu.png")

    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/admin/faq/article/{article.pk}/change/")
    # The demo's screenshot on step 5 is shown in its row.
    expect(page.locator("#steps-4 img")).to_have_attribute("alt", re.compile("resetLocalSync"))
    page.locator("#id_steps-5-image_upload").set_input_files(str(shot))
    page.locator("#id_steps-5-image_alt").fill("The Library menu with Sync highlighted")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(f"/admin/faq/article/{article.pk}/change/")
    expect(page.locator("#steps-5 img")).to_have_attribute("alt", re.compile("Library menu"))
    screenshot("admin-step-image-1280")

    page.goto(article.get_absolute_url())
    image = page.locator("#step-6 .step__figure img")
    expect(image).to_have_attribute("alt", "The Library menu with Sync highlighted")
    expect(image).to_have_attribute("loading", "lazy")
    expect(page.locator("#step-5 .step__figure img")).to_have_attribute(
        "srcset", re.compile(r" 480w, .* 960w, .* 1020w$")
    )
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        wait_for_images(page)
        box = image.bounding_box()
        column = page.locator("#step-6 .step__main").bounding_box()
        # Never wider than the column, the picture's shape kept.
        assert box["width"] <= column["width"] + 0.5
        assert abs(box["height"] / box["width"] - 362 / 642) < 0.01
        page.locator("#step-5").scroll_into_view_if_needed()
        screenshot(f"article-image-{width}")

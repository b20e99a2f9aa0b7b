import pytest
from playwright.sync_api import Browser, Page, expect

from demo.loader import demo_load
from faq.models import Article, Run, StuckReport

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def endnote(transactional_db) -> Article:
    demo_load()
    return Article.objects.get(slug="sync-endnote-library-to-new-library")


def toggle(page: Page, position: int):
    return page.get_by_role("button", name=f"Step {position} done", exact=True)


def test_walk_all_thirteen_steps_with_javascript(
    page: Page, endnote: Article, console_errors, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(endnote.get_absolute_url())
    page.evaluate("window.__sameDocument = true")
    card = page.locator("#progress-card")
    expect(card).to_contain_text("0 of 13 steps done")

    for position in range(1, 14):
        toggle(page, position).click()
        expect(toggle(page, position)).to_have_attribute("aria-pressed", "true")
        expect(card).to_contain_text(f"{position} of 13 steps done")
        expect(page.locator("#progress-card progress")).to_have_attribute("value", str(position))
        expect(toggle(page, position)).to_be_focused()
        if position == 5:
            screenshot("tracker-1280")
    expect(page.locator("#tracker-announcer")).to_have_text("Step 13 done. 13 of 13 steps done.")
    assert page.evaluate("window.__sameDocument") is True

    expect(page.get_by_role("heading", name="All done. Did it work?")).to_be_visible()
    page.get_by_role("button", name="Yes, it worked").click()
    expect(page.locator("#run-done")).to_contain_text("Great, thanks for telling us.")
    assert page.evaluate("window.__sameDocument") is True
    run = Run.objects.get()
    assert (run.checks.count(), run.outcome) == (13, "worked")


def test_reload_resume_reset_and_stuck(page: Page, endnote: Article, console_errors, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(endnote.get_absolute_url())
    for position in range(1, 7):
        toggle(page, position).click()
        expect(page.locator("#progress-bar")).to_contain_text(f"{position} of 13 steps done")

    page.reload()
    resume = page.get_by_role("link", name="Resume at step 7")
    expect(resume.first).to_be_visible()
    resume.first.click()
    assert page.url.endswith("#step-7")
    expect(page.locator("#step-7")).to_be_in_viewport()

    step7 = page.locator("#step-7")
    step7.get_by_text("I\u2019m stuck here").click()
    step7.get_by_label("What happened? (optional)").fill("The prompt never appears.")
    step7.get_by_role("button", name="Tell the team I\u2019m stuck on step 7").click()
    expect(step7).to_contain_text("The team knows you are stuck on step 7.")
    expect(step7.locator(".stuck__help")).to_be_focused()
    href = step7.get_by_role("link", name="Ask Support Alfasoft").get_attribute("href")
    seventh = endnote.steps.get(position=7)
    assert href == f"/ask/?article={endnote.pk}&step={seventh.pk}&came_from=stuck"
    report = StuckReport.objects.get()
    assert (report.step_position, report.done_positions) == (7, [1, 2, 3, 4, 5, 6])
    screenshot("tracker-375")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Start over").click()
    expect(page.locator("#progress-card")).to_contain_text("0 of 13 steps done")
    expect(page.locator("ol.steps .is-done")).to_have_count(0)
    assert Run.objects.count() == 1
    assert Run.objects.filter(reset_at__isnull=False).count() == 1


def test_walk_with_javascript_off(browser: Browser, live_server, endnote: Article):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto(endnote.get_absolute_url())
    for position in range(1, 14):
        toggle(page, position).click()
        assert page.url.endswith(f"#step-{position}")
        expect(toggle(page, position)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#progress-card")).to_contain_text("13 of 13 steps done")
    page.get_by_role("button", name="No, it did not").click()
    expect(page.locator("#run-done")).to_contain_text("Sorry it did not work.")

    page.get_by_role("button", name="Start over").click()
    expect(page.locator("#progress-card")).to_contain_text("0 of 13 steps done")

    page.locator("#step-7 summary").click()
    stuck = page.locator("#step-7").get_by_role(
        "button", name="Tell the team I\u2019m stuck on step 7"
    )
    stuck.click()
    expect(page.locator(".messages")).to_contain_text("The team now knows where you got stuck.")
    expect(page.locator("#step-7")).to_contain_text("The team knows you are stuck on step 7.")
    context.close()


def test_print_view_is_a_checklist(page: Page, endnote: Article, console_errors):
    page.goto(endnote.get_absolute_url())
    toggle(page, 1).click()
    expect(page.locator("#step-1")).to_have_class("step is-done")
    page.emulate_media(media="print")
    expect(page.locator(".step-toggle").first).to_be_hidden()
    expect(page.locator(".progress-card")).to_be_hidden()
    done_mark = page.evaluate(
        "getComputedStyle(document.querySelector('#step-1 .step__number'), '::after').content"
    )
    box = page.evaluate(
        "getComputedStyle(document.querySelector('#step-2 .step__number')).borderTopStyle"
    )
    assert done_mark == '"✓"'
    assert box == "solid"


@pytest.mark.parametrize("width", [1280, 375])
def test_a_rate_limited_tick_says_so_and_leaves_the_step(
    page: Page, endnote: Article, settings, screenshot, width
):
    # A day's window: a minute's could end between the third tick and the fourth and let
    # the fourth through (it did, once in a fresh clone).
    settings.RATE_LIMIT_STEPS = "3/d"
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 812})
    page.goto(endnote.get_absolute_url())
    for position in range(1, 4):
        toggle(page, position).click()
        expect(toggle(page, position)).to_have_attribute("aria-pressed", "true")
    toggle(page, 4).click()
    alert = page.locator("#tracker-alert")
    expect(alert).to_be_visible()
    expect(alert).to_have_text(
        "You have sent a lot in a short time. Please wait a minute and try again."
    )
    # The step is still there, unticked, with no page swapped into it.
    expect(toggle(page, 4)).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#step-4 header, #step-4 .error-page")).to_have_count(0)
    expect(page.locator("#progress-card")).to_contain_text("3 of 13 steps done")
    page.screenshot(path=f"screenshots/tracker-rate-limited-{width}.png")
    # A minute later (here: a looser limit) the message goes with the next tick.
    settings.RATE_LIMIT_STEPS = "100/m"
    toggle(page, 4).click()
    expect(toggle(page, 4)).to_have_attribute("aria-pressed", "true")
    expect(alert).to_be_hidden()
    assert not [m for m in console if "Content Security Policy" in m], console

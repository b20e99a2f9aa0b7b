"""A support lead's Monday in Chromium: the overview, one article's funnel, the inbox."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from demo.loader import demo_load
from faq import services
from faq.models import Article, InboxItem, Vote
from tests.browser.test_accessibility import violations
from tests.factories import make_run, make_visitor

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGES = [
    "There is no Sync menu in my version.",
    "It asks for a password I never set.",
    "",
    "The library name in step 7 does not match mine.",
]


@pytest.fixture
def lead(django_user_model):
    """The demo, a month of readers on the EndNote article, and a support lead signed in."""
    demo_load()
    article = Article.objects.get(slug="sync-endnote-library-to-new-library")
    rng = random.Random(8)
    now = timezone.now()
    for n in range(48):
        # Step 7 is where readers get lost: a third stop there.
        last = next((p for p in range(1, 14) if rng.random() < (0.33 if p == 7 else 0.04)), 13)
        done = last if last == 13 else last - 1
        ticks = {p: sum(rng.randint(1, 4) for _ in range(p)) for p in range(1, done + 1)}
        stuck = (last, MESSAGES[n % len(MESSAGES)]) if last < 13 and n % 3 == 0 else None
        outcome = ("worked" if n % 4 else "failed") if done == 13 and n % 2 == 0 else ""
        start = now - timedelta(days=rng.randint(2, 27), minutes=rng.randint(0, 600))
        # Every fourth reader reads in Swedish.
        language = "sv" if n % 4 == 3 else "en"
        run = make_run(
            article, start=start, ticks=ticks, stuck=stuck, outcome=outcome, language=language
        )
        services.article_view_record(
            article=article, visitor_key=f"a:{n}", day=timezone.localdate(start), language=language
        )
        if n % 3 == 1:
            visitor = run.visitor
            services.vote_cast(
                article=article, visitor=visitor.ref, helpful=done == 13, language=language
            )
            if done < 13:
                services.vote_explain(
                    article=article,
                    visitor=visitor.ref,
                    reason=Vote.Reason.STEPS_FAILED,
                    comment="Step 7 did not match what I see.",
                    language=language,
                )
            Vote.objects.filter(visitor=visitor).update(created_at=start, updated_at=start)
            InboxItem.objects.filter(vote__visitor=visitor).update(created_at=start)
    for other in Article.objects.exclude(pk=article.pk)[:5]:
        services.vote_cast(article=other, visitor=make_visitor().ref, helpful=True, language="en")
    django_user_model.objects.create_superuser("lead", "lead@example.edu", "pw-for-tests-only")
    return article


def axe_violations(browser: Browser, page: Page) -> list[str]:
    """axe-core on the page's URL in a twin context: axe is injected inline, which CSP forbids."""
    twin = browser.new_context(
        bypass_csp=True,
        storage_state=page.context.storage_state(),
        viewport=page.viewport_size,
    )
    try:
        axe_page = twin.new_page()
        axe_page.goto(page.url)
        return violations(axe_page)
    finally:
        twin.close()


def sign_in(page: Page) -> None:
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#site-name")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 375])
def test_overview_funnel_and_inbox(
    browser: Browser, page: Page, lead, console_errors, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page)
    readers = page.locator(".helpdesk-readers")
    expect(readers).to_contain_text("Statistics")
    expect(readers).to_contain_text("new")

    readers.get_by_role("link", name="Statistics").click()
    expect(page.locator("h1")).to_have_text("Statistics")
    table = page.locator("#overview")
    expect(table.locator("tbody tr").first).to_contain_text("sync my Endnote library")
    table.get_by_role("link", name="Score").click()
    expect(table.locator("th[aria-sort='descending']")).to_contain_text("Score")
    screenshot(f"statistics-overview-{width}")
    assert axe_violations(browser, page) == []

    # The Swedish readers alone: the form keeps the language, and the article's link too.
    page.get_by_label("Language").select_option("sv")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".helpdesk-period")).to_contain_text("readers in Svenska")
    expect(page.get_by_label("Language")).to_have_value("sv")
    everyone_views = 48
    swedish_views = int(table.locator("tfoot td").first.inner_text())
    assert 0 < swedish_views < everyone_views
    screenshot(f"statistics-overview-sv-{width}")
    assert axe_violations(browser, page) == []
    page.get_by_label("Language").select_option("")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".helpdesk-period")).not_to_contain_text("readers in")

    table.get_by_role("link", name="sync my Endnote library").click()
    expect(page.locator(".helpdesk-verdict")).to_contain_text("Step 7 loses")
    expect(page.locator(".helpdesk-funnel tbody tr.is-worst")).to_contain_text("7")
    expect(page.locator("svg.chart__svg title").first).to_contain_text("Views per day")
    numbers = page.locator("details.chart__numbers").first
    numbers.locator("summary").click()
    expect(numbers.locator("table")).to_be_visible()
    screenshot(f"statistics-article-{width}")
    assert axe_violations(browser, page) == []

    page.get_by_role("link", name="Inbox for this article").click()
    expect(page.locator("#result_list")).to_contain_text("Stuck on step")
    # Each row's own box, not the select-all toggle: that one works only once the admin's
    # actions.js has run, which a fast click can beat (seen as a rare "no items selected").
    for box in page.locator("#result_list input.action-select").all():
        box.check()
    page.locator("select[name=action]").select_option("mark_seen")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("marked seen")
    screenshot(f"statistics-inbox-{width}")
    assert axe_violations(browser, page) == []

    page.locator("#result_list tbody a", has_text="Stuck on step").first.click()
    expect(page.locator(".helpdesk-inbox-item")).to_contain_text("Steps the reader had done")
    expect(page.locator(".helpdesk-steps .is-subject")).to_contain_text("Stuck here")
    screenshot(f"statistics-inbox-item-{width}")
    assert axe_violations(browser, page) == []

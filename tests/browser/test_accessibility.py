"""axe-core on every kind of page, at desktop and phone widths (WCAG 2 A and AA rules)."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from demo.loader import demo_load
from faq.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_page(browser: Browser, live_server):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test`, which installs axe-core with npm.")
    # axe is injected as an inline script, which the site's CSP rightly refuses.
    context = browser.new_context(bypass_csp=True, base_url=live_server.url)
    yield context.new_page()
    context.close()


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("width", [1280, 375])
def test_pages_have_no_accessibility_violations(axe_page, width):
    demo_load()
    article = Article.objects.get(slug="sync-endnote-library-to-new-library")
    axe_page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for path in ["/", "/topics/endnote/", "/search/?q=endnote", "/accounts/login/", "/nope/"]:
        axe_page.goto(path)
        found[path] = violations(axe_page)
    # The article in the states a reader sees: steps ticked, a "No" with its reasons, stuck.
    axe_page.goto(article.get_absolute_url())
    for position in (1, 2):
        axe_page.get_by_role("button", name=f"Step {position} done", exact=True).click()
        axe_page.locator(f"#step-{position}.is-done").wait_for()
    axe_page.locator("#vote-no").click()
    axe_page.locator(".reason-form").wait_for()
    axe_page.locator("#step-3 summary").click()
    found["article"] = violations(axe_page)
    assert {path: v for path, v in found.items() if v} == {}

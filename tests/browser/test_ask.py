import re

import pytest
from playwright.sync_api import Page, expect

from demo.loader import demo_load
from faq.models import Article, Question
from tests.smtp import worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def endnote(transactional_db) -> Article:
    demo_load()
    return Article.objects.get(slug="sync-endnote-library-to-new-library")


def test_stuck_on_step_seven_ask_the_team_and_get_the_reply(
    page: Page, endnote: Article, smtp, django_user_model, console_errors, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(endnote.get_absolute_url())
    for position in range(1, 7):
        button = page.get_by_role("button", name=f"Step {position} done", exact=True)
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
    step7 = page.locator("#step-7")
    step7.get_by_text("I\u2019m stuck here").click()
    step7.get_by_role("button", name="Tell the team I\u2019m stuck on step 7").click()
    step7.get_by_role("link", name="Ask Support Alfasoft").click()

    expect(page.get_by_role("heading", name="Ask the team")).to_be_visible()
    origin = page.locator(".ask__origin")
    expect(origin).to_contain_text("You are on step 7.")
    expect(origin).to_contain_text("You have done 6 steps (1, 2, 3, 4, 5, 6).")
    # Answers are offered while the reader types.
    page.get_by_label("Your question").press_sequentially("sync library account", delay=20)
    answers = page.locator("#ask-answers")
    expect(answers).to_be_visible()
    expect(answers.get_by_role("link").first).to_be_visible()
    page.get_by_label("Your question").fill("Sync says the library is linked to another account")
    page.get_by_label("Details (optional)").fill("The prompt at step 7 never goes away.")
    page.get_by_label("Your email address").fill("ana@example.edu")
    page.get_by_label("Your name (optional)").fill("Ana Reader")
    screenshot("ask-1280")
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("ask-375")
    page.get_by_role("button", name="Send my question").click()

    expect(page.get_by_role("heading", name="Your question is with the team")).to_be_visible()
    question = Question.objects.get()
    expect(page.locator(".ask-sent__reference")).to_contain_text(question.reference)
    assert (question.step_position, question.done_positions) == (7, [1, 2, 3, 4, 5, 6])
    screenshot("ask-sent-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot("ask-sent-1280")
    worker()
    confirmation = smtp.inbox.to("ana@example.edu")[0]
    assert question.reference in confirmation["Subject"]

    django_user_model.objects.create_superuser("editor", "e@example.edu", "pw-for-tests-only")
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Sign in").click()
    page.goto("/admin/faq/inboxitem/")
    page.get_by_role("link", name=re.compile(f"Question {question.reference}")).click()
    expect(page.locator(".helpdesk-thread")).to_contain_text("The prompt at step 7")
    page.get_by_label("Reply to the reader").fill("Choose Sync, then sign in with your account.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator(".messagelist")).to_contain_text("Reply queued")
    worker()
    page.reload()
    expect(page.locator(".helpdesk-thread")).to_contain_text("Choose Sync, then sign in")
    expect(page.locator(".helpdesk-thread .is-sent")).to_be_visible()
    screenshot("ask-admin-thread-1280")
    reply = smtp.inbox.to("ana@example.edu")[-1]
    assert reply["Subject"] == f"Re: [{question.reference}] {question.question}"
    assert reply["In-Reply-To"] == confirmation["Message-ID"]
    assert "Choose Sync, then sign in with your account." in reply.get_content()

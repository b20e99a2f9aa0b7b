import pytest
from playwright.sync_api import Page, expect

from demo.loader import demo_load
from faq.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_edit_an_article_and_preview_it(page: Page, django_user_model, console_errors):
    demo_load()
    django_user_model.objects.create_superuser("editor", "e@example.edu", "pw-for-tests-only")
    article = Article.objects.get(slug="sync-endnote-library-to-new-library")
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/admin/faq/article/{article.pk}/change/")
    expect(page.locator("#steps-group")).to_contain_text("#!resetLocalSync")
    page.locator("#id_steps-8-body").fill("Restart EndNote, then wait a minute.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(article.get_absolute_url())
    expect(page.locator("#step-9")).to_contain_text("then wait a minute")

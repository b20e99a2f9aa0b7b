"""The out-of-date note on the article page: shown only well past the review-by date,
through the cached page, and gone on the very next request after Mark reviewed."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from faq.models import Article
from tests.factories import make_article, make_editor, make_topic
from tests.test_views_shell import BROWSER, HTMX, page, queries, url, without_tokens

pytestmark = pytest.mark.django_db

NOTE = "may be out of date"


def due_on(article: Article, day: date) -> Article:
    """Pin the article's review-by date; the page reads it from the row on every request."""
    Article.objects.filter(pk=article.pk).update(review_by=day)
    return article


@pytest.fixture
def article():
    return make_article(
        "How do I open an NVivo project from a newer version?",
        steps=3,
        topics=[make_topic("NVivo")],
    )


def test_no_note_while_the_article_is_not_well_overdue(article):
    today = timezone.localdate()
    for day in (today + timedelta(days=200), today - timedelta(days=90)):
        due_on(article, day)
        assert NOTE not in page(Client(), article)
        assert NOTE not in page(Client(**BROWSER), article)


def test_a_well_overdue_article_says_so_quietly_with_a_way_to_reach_the_team(article):
    due_on(article, timezone.localdate() - timedelta(days=91))
    html = page(Client(**BROWSER), article)
    assert NOTE in html
    reviewed = article.updated_at.strftime("%b %d, %Y")
    assert "This answer was last reviewed on <time datetime=" in html
    assert reviewed in html
    assert 'href="mailto:support@alfasoft.example?subject=' in html
    assert "contact Support Alfasoft</a>" in html
    # The same page for htmx's requests of it, from the cache as well.
    assert NOTE in page(Client(**BROWSER, **HTMX), article)


def test_the_note_from_the_cache_is_the_note_rendered_whole(article, settings):
    due_on(article, timezone.localdate() - timedelta(days=400))
    settings.ARTICLE_SHELL_SECONDS = 0
    whole = without_tokens(page(Client(), article))
    settings.ARTICLE_SHELL_SECONDS = 600
    assert NOTE in whole
    assert without_tokens(page(Client(), article)) == whole
    assert without_tokens(page(Client(), article)) == whole
    assert queries(Client(), article) == 1


def test_signed_in_readers_see_the_note_too(article, django_user_model):
    due_on(article, timezone.localdate() - timedelta(days=120))
    reader = Client()
    reader.force_login(django_user_model.objects.create_user("reader", password="pw-x-1234"))
    assert NOTE in page(reader, article)


def test_the_note_appears_as_days_pass_with_no_write_at_all(article, monkeypatch):
    today = timezone.localdate()
    due_on(article, today - timedelta(days=90))
    assert NOTE not in page(Client(), article)  # and now cached for today
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + timedelta(days=1))
    assert NOTE in page(Client(), article)


def test_mark_reviewed_takes_the_note_away_on_the_very_next_request(article):
    due_on(article, timezone.localdate() - timedelta(days=200))
    assert NOTE in page(Client(), article)
    assert NOTE in page(Client(**BROWSER), article)
    editor = Client()
    editor.force_login(make_editor())
    response = editor.post(f"/admin/faq/article/{article.pk}/review/")
    assert response.status_code == 303
    assert NOTE not in page(Client(), article)
    assert NOTE not in page(Client(**BROWSER), article)


def test_a_tick_answer_carries_no_note(article):
    due_on(article, timezone.localdate() - timedelta(days=200))
    reader = Client(**BROWSER)
    page(reader, article)
    step = article.steps.get(position=1)
    response = reader.post(url(article, f"steps/{step.pk}/"), {"done": "1"}, **HTMX)
    assert response.status_code == 200
    assert NOTE not in response.content.decode()

"""Translations in the admin beside the editor: the article form's links to it, a filter and
a column for those that may be out of date; topics' translations."""

import pytest

from faq import services
from faq.models import Article, ArticleTranslation, TopicTranslation
from tests.factories import make_article, make_topic, make_translation
from tests.test_admin import step_form

pytestmark = pytest.mark.django_db


def change_url(article) -> str:
    return f"/admin/faq/article/{article.pk}/change/"


def test_the_article_form_has_no_translation_rows_only_links_to_the_editor(staff_client):
    article = make_article("How?", steps=1)
    make_translation(article, question="Hur?", steps=1)
    page = staff_client.get(change_url(article)).content.decode()
    assert 'name="translations-TOTAL_FORMS"' not in page
    assert f'href="/admin/faq/article/{article.pk}/translations/sv/"' in page
    assert f'href="/admin/faq/article/{article.pk}/translations/de/"' in page
    # A save of the article alone keeps its translations, steps' included.
    data = step_form(
        article, [{"id": s.pk, "position": 1, "body": s.body} for s in article.steps.all()]
    )
    assert staff_client.post(change_url(article), data).status_code == 302
    assert ArticleTranslation.objects.get().question == "Hur?"
    assert article.steps.get().translations.count() == 1


def test_a_source_language_the_article_has_a_translation_in_is_a_form_error(staff_client):
    article = make_article("How?")
    make_translation(article, "de")
    data = {**step_form(article, []), "language": "de"}
    response = staff_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "The article has a translation into this language" in response.content.decode()
    assert Article.objects.get(pk=article.pk).language == "en"


def test_the_list_filters_articles_whose_translation_may_be_out_of_date(staff_client):
    fresh, changed = make_article("Fresh?"), make_article("Changed?")
    make_translation(fresh)
    make_translation(changed, "de")
    changed.question = "Changed again?"
    services.article_save(article=changed)
    listed = staff_client.get("/admin/faq/article/", {"translation": "stale"}).content.decode()
    assert "Changed again?" in listed
    assert "Fresh?" not in listed
    everything = staff_client.get("/admin/faq/article/").content.decode()
    assert "Translation may be out of date" in everything
    assert "English, Svenska</td>" in everything
    assert "English, Deutsch (may be out of date)</td>" in everything
    change = staff_client.get(change_url(changed)).content.decode()
    assert "may be out of date</span>" in change


def test_staff_translate_a_topic(staff_client):
    topic = make_topic("Installation")
    response = staff_client.post(
        "/admin/faq/topictranslation/add/",
        {"topic": topic.pk, "language": "sv", "name": "Installera", "description": ""},
    )
    assert response.status_code == 302
    assert TopicTranslation.objects.get().name == "Installera"
    refused = staff_client.post(
        "/admin/faq/topictranslation/add/",
        {"topic": topic.pk, "language": "en", "name": "Installing", "description": ""},
    )
    assert refused.status_code == 200
    assert "Topics are written in English" in refused.content.decode()
    assert TopicTranslation.objects.count() == 1

"""Translations in the admin: inline on the article, saved through the services; a filter and
a column for those that may be out of date; topics' translations."""

import pytest
from reversion.models import Version

from faq import selectors, services
from faq.models import Article, ArticleTranslation, TopicTranslation
from tests.factories import make_article, make_topic, make_translation
from tests.test_admin import step_form

pytestmark = pytest.mark.django_db


def change_url(article) -> str:
    return f"/admin/faq/article/{article.pk}/change/"


def with_new_translation(article, **fields) -> dict:
    """The change form as posted, with one new translation row."""
    data = step_form(
        article, [{"id": s.pk, "position": s.position, "body": s.body} for s in article.steps.all()]
    )
    i = data["translations-TOTAL_FORMS"]
    data["translations-TOTAL_FORMS"] = i + 1
    row = {"language": "sv", "question": "Hur?", "slug": "hur", "answer_intro": "Så.", **fields}
    data |= {f"translations-{i}-{name}": value for name, value in row.items()}
    data[f"translations-{i}-answer_outro"] = ""
    return data


def test_staff_add_a_translation_on_the_article_form(staff_client):
    article = make_article("How?", steps=2)
    response = staff_client.post(change_url(article), with_new_translation(article))
    assert response.status_code == 302
    item = ArticleTranslation.objects.get()
    assert (item.language, item.question, item.answer_intro_html) == ("sv", "Hur?", "<p>Så.</p>")
    assert item.updated_by.username == "editor"
    page = staff_client.get(change_url(article)).content.decode()
    assert "Up to date: saved" in page
    # The version kept after the save holds it.
    version = Version.objects.get_for_object(article).first()
    assert [t.question for t in selectors.versioned_translations(version)] == ["Hur?"]


def test_a_duplicate_slug_is_a_form_error_and_saves_nothing(staff_client):
    taken, article = make_article(), make_article("How?")
    make_translation(taken, slug="hur")
    response = staff_client.post(change_url(article), with_new_translation(article))
    assert response.status_code == 200
    assert "Another article already has this address in this language." in (
        response.content.decode()
    )
    assert not article.translations.exists()


def test_a_translation_into_the_source_language_is_a_form_error(staff_client):
    article = make_article("How?")
    response = staff_client.post(change_url(article), with_new_translation(article, language="en"))
    assert response.status_code == 200
    assert "English is the language this is written in" in response.content.decode()
    assert not ArticleTranslation.objects.exists()


def test_a_source_language_the_article_has_a_translation_in_is_a_form_error(staff_client):
    article = make_article("How?")
    make_translation(article, "de")
    data = {**step_form(article, []), "language": "de"}
    response = staff_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "The article has a translation into this language" in response.content.decode()
    assert Article.objects.get(pk=article.pk).language == "en"


def test_staff_edit_and_delete_a_translation_inline(staff_client):
    article = make_article("How?", steps=1)
    make_translation(article, steps=1)
    data = step_form(
        article, [{"id": s.pk, "position": 1, "body": s.body} for s in article.steps.all()]
    )
    data["translations-0-question"] = "Hur gör jag?"
    assert staff_client.post(change_url(article), data).status_code == 302
    assert ArticleTranslation.objects.get().question == "Hur gör jag?"
    # The steps' translations are kept: the inline does not show them.
    assert article.steps.get().translations.count() == 1
    data["translations-0-DELETE"] = "on"
    assert staff_client.post(change_url(article), data).status_code == 302
    assert not ArticleTranslation.objects.exists()
    assert article.steps.get().translations.count() == 0


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
    assert "May be out of date" in change


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

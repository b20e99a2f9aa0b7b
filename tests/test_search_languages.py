"""Search in the reader's language, on the database in use: each translation indexed under
its language, the source text found where there is none, typos and suggestions per language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from demo.loader import demo_load
from faq import services
from faq.models import Article, SearchDocument
from faq.search import search, suggest
from tests.factories import make_article, make_translation

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
BACKUP_SV = "Hur säkerhetskopierar jag mitt bibliotek?"


@pytest.fixture
def backup():
    """An English article with a Swedish translation whose words differ from the English."""
    article = make_article(
        "How do I back up my library?",
        steps=["Open the library.", "Choose Compressed Library."],
        answer_intro="Keep a copy somewhere safe.",
    )
    make_translation(
        article,
        "sv",
        question=BACKUP_SV,
        answer_intro="Spara en kopia på ett säkert ställe.",
        steps=["Öppna biblioteket.", "Välj komprimerat bibliotek."],
    )
    return article


def questions(query: str, language: str) -> list[str]:
    return [strip_tags(hit.question_html) for hit in search(query, language=language).items]


def titles(html: str) -> list[str]:
    found = re.findall(r'<h2 class="result__title"[^>]*>(.*?)</h2>', html, re.S)
    return [strip_tags(t).strip() for t in found]


def search_page(client, language: str, query: str, **headers) -> str:
    with translation.override(language):
        url = reverse("faq:search")
    return client.get(url, {"q": query}, **headers).content.decode()


def test_a_swedish_reader_gets_the_endnote_article_in_swedish_first(client):
    demo_load()
    article = Article.objects.get(slug="sync-endnote-library-to-new-library")
    swedish = article.translations.get(language="sv").question
    html = search_page(client, "sv", "synkronisera bibliotek")
    assert titles(html)[0] == swedish
    assert f"/search/open/{article.pk}/" in html
    # The same region, asked for by htmx, is in Swedish too.
    fragment = search_page(client, "sv", "synkronisera bibliotek", **HTMX)
    assert titles(fragment)[0] == swedish


def test_a_german_reader_finds_the_german_text_and_the_english_where_there_is_none():
    demo_load()
    article = Article.objects.get(slug="sync-endnote-library-to-new-library")
    german = article.translations.get(language="de").question
    assert questions("synchronisieren Bibliothek", "de")[0] == german
    # NVivo's installation is not in German: a German reader finds it in English.
    nvivo = Article.objects.get(slug="install-nvivo-on-windows")
    hits = search("install nvivo windows", language="de").items
    assert [h.article.pk for h in hits][:1] == [nvivo.pk]
    assert hits[0].language == "en"
    assert strip_tags(hits[0].question_html) == nvivo.question


def test_each_translation_is_indexed_under_its_language(backup):
    documents = dict(
        SearchDocument.objects.filter(article=backup).values_list("language", "question")
    )
    assert documents == {"en": "How do I back up my library?", "sv": BACKUP_SV}


def test_swedish_words_find_the_swedish_text_with_or_without_accents(backup):
    assert questions("säkerhetskopierar bibliotek", "sv") == [BACKUP_SV]
    results = search("sakerhetskopierar", language="sv")
    assert [strip_tags(h.question_html) for h in results.items] == [BACKUP_SV]
    assert not results.did_you_mean


def test_english_readers_search_the_english_text(backup):
    assert questions("back up library", "en") == ["How do I back up my library?"]
    assert questions("säkerhetskopierar", "en") == []


def test_a_typo_in_swedish_is_corrected_from_swedish_words(backup):
    results = search("komprimerta", language="sv")
    assert results.did_you_mean == "komprimerat"
    assert [strip_tags(h.question_html) for h in results.items] == [BACKUP_SV]


def test_swedish_suggestions_show_swedish_questions(client, backup):
    assert [strip_tags(s.question_html) for s in suggest("säkerhets", language="sv")] == [BACKUP_SV]
    with translation.override("sv"):
        url = reverse("faq:suggest")
    for headers in ({}, HTMX):
        html = client.get(url, {"q": "sakerhets"}, **headers).content.decode()
        assert "<mark>säkerhetskopierar</mark>" in html
        assert "back up" not in html


def test_an_untranslated_article_is_found_in_its_source_language_once(backup):
    other = make_article("How do I back up my settings?", steps=["Export the settings."])
    hits = search("back", language="sv").items
    # The translated article is searched in Swedish only; the other in English, marked so.
    assert [(h.article.pk, h.language) for h in hits] == [(other.pk, "en")]
    hits = search("bibliotek backup library settings", language="sv").items
    assert sorted(h.article.pk for h in hits) == sorted({h.article.pk for h in hits})


def test_the_readers_language_ranks_first(backup):
    english = make_article("Library library library: what is a library?")
    hits = search("library bibliotek", language="sv").items
    assert [h.article.pk for h in hits] == [backup.pk, english.pk]
    assert [h.language for h in hits] == ["sv", "en"]


def test_an_untranslated_result_carries_its_language_on_the_page(client, backup):
    make_article("How do I back up my settings?")
    html = search_page(client, "sv", "settings")
    assert re.search(r'<h2 class="result__title" lang="en">', html)
    assert 'lang="sv"' not in re.findall(r'<h2 class="result__title"[^>]*>', html)[0]


def test_a_deleted_translation_disappears_from_search(backup):
    assert services.article_translation_delete(article_id=backup.pk, language="sv")
    assert questions("säkerhetskopierar", "sv") == []
    assert not SearchDocument.objects.filter(article=backup, language="sv").exists()
    # Its readers find the English text instead.
    assert questions("library", "sv") == ["How do I back up my library?"]
    assert search("komprimerta", language="sv").did_you_mean == ""


def test_a_changed_translation_is_searched_as_it_is_now(backup):
    make_translation(backup, "sv", question="Hur gör jag en kopia av mitt bibliotek?")
    assert questions("säkerhetskopierar", "sv") == []
    assert questions("kopia", "sv") == ["Hur gör jag en kopia av mitt bibliotek?"]


def test_an_unpublished_article_leaves_every_language(backup):
    backup.status = Article.Status.DRAFT
    services.article_save(article=backup)
    assert not SearchDocument.objects.filter(article=backup).exists()
    assert questions("bibliotek", "sv") == []


def test_a_rebuild_indexes_every_language(backup):
    SearchDocument.objects.all().delete()
    assert services.search_index_rebuild() == 1
    assert set(SearchDocument.objects.values_list("language", flat=True)) == {"en", "sv"}
    assert questions("säkerhetskopierar", "sv") == [BACKUP_SV]


@pytest.mark.parametrize(
    ("query", "word"), [("öppna", "Öppna"), ("oppna", "Öppna"), ("sakert", "säkert")]
)
def test_snippets_mark_words_with_accents_as_they_are_written(backup, query, word):
    (hit,) = search(query, language="sv").items
    assert re.findall(r"<mark>(.*?)</mark>", str(hit.snippet_html)) == [word]

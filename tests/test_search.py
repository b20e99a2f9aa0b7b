import pytest

from faq.models import Article
from faq.search import highlight, search_articles, search_terms, snippet
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_terms_drop_short_words_and_duplicates():
    assert search_terms("a EndNote endnote sync") == ["endnote", "sync"]


def test_highlight_escapes_and_marks():
    html = highlight("<b>EndNote</b> sync", ["endnote"])
    assert html == "&lt;b&gt;<mark>EndNote</mark>&lt;/b&gt; sync"


def test_snippet_centres_on_the_match():
    text = "word " * 200 + "needle " + "word " * 200
    assert "needle" in snippet(text, ["needle"])


def test_question_matches_rank_above_body_matches():
    body = make_article("How do I print?", answer_intro="Mention EndNote in passing.")
    title = make_article("How do I sync EndNote?")
    make_article("EndNote draft?", status=Article.Status.DRAFT)
    results = search_articles(query="endnote")
    assert [r.article for r in results] == [title, body]
    assert "<mark>EndNote</mark>" in results[0].question_html


def test_step_text_is_searched_and_shown():
    article = make_article("How do I reset sync?", steps=["Add `#!resetLocalSync` to it."])
    [result] = search_articles(query="resetLocalSync")
    assert result.article == article
    assert "<mark>resetLocalSync</mark>" in result.snippet_html


def test_nothing_to_search_returns_nothing():
    make_article()
    assert search_articles(query="  ") == []
    assert search_articles(query="zzzz-no-such-thing") == []


def test_snippets_show_text_once_escaped_and_end_on_a_word():
    make_article("How do I export?", answer_intro="Choose **File > Export** " + "word " * 80)
    [result] = search_articles(query="export")
    assert "File &gt; <mark>Export</mark>" in result.snippet_html
    assert "&amp;gt;" not in result.snippet_html
    assert result.snippet_html.endswith("word …")

"""The search service on the database in use (SQLite or PostgreSQL): ranking, typos, bad input."""

import pytest
from django.db import connection

from demo.loader import demo_load
from faq import services
from faq.models import Article, SearchDocument
from faq.search import search, suggest
from faq.search.text import edit_distance, highlight, marked, normalise, terms
from tests.factories import make_article, make_topic

pytestmark = pytest.mark.django_db

BAD_INPUTS = [
    "",
    "   \t ",
    "x" * 5000,
    '"',
    '"unclosed phrase',
    "AND OR NEAR(",
    "NOT",
    "*",
    "-",
    "^",
    "endnote*",
    "-endnote",
    "col:endnote",
    "a\x00b",
    "\udcff",
    "😀 endnote 🎉",
    "שלום עולם",
    "مرحبا",
    "'; DROP TABLE faq_article; --",
    "<script>alert(1)</script>",
]


@pytest.fixture
def demo():
    demo_load()
    return Article.objects.get(slug="sync-endnote-library-to-new-library")


def questions(query: str, **kwargs) -> list[str]:
    return [hit.article.question for hit in search(query, **kwargs).items]


def test_terms_fold_case_accents_and_operators():
    assert terms('#!resetLocalSync AND "Café" NEAR( *') == ["resetlocalsync", "and", "cafe", "near"]
    assert normalise("  EndNote   SYNC ") == "endnote sync"


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("sycn", "sync", 2) == 1
    assert edit_distance("endnot", "endnote", 1) == 1
    assert edit_distance("abc", "xyz", 1) == 2


def test_marks_are_the_only_html():
    assert marked("<b>\x02EndNote\x03</b>") == "&lt;b&gt;<mark>EndNote</mark>&lt;/b&gt;"
    assert highlight("<i>Sync</i> it", ["sync"]) == "&lt;i&gt;<mark>Sync</mark>&lt;/i&gt; it"


def test_sync_endnote_library_puts_the_endnote_article_first(demo):
    assert questions("sync endnote library")[0] == demo.question


@pytest.mark.parametrize("query", ["resetLocalSync", "#!resetLocalSync", "resetlocalsync"])
def test_code_in_a_step_is_found_as_written(demo, query):
    results = search(query)
    assert results.items[0].article == demo
    assert "<mark>resetLocalSync</mark>" in results.items[0].snippet_html


@pytest.mark.parametrize("query", ["endnot sync", "endnote synk", "endnote sycn"])
def test_typos_still_find_the_endnote_article(demo, query):
    assert demo.question in questions(query)[:3]


def test_a_correction_is_offered_when_a_word_is_unknown(demo):
    results = search("endnote synk")
    assert results.did_you_mean == "endnote sync"
    assert search("endnote sync").did_you_mean == ""


def test_words_missing_from_every_article_still_rank_the_rest(demo):
    assert questions("endnote sync broken")[0] == demo.question


def test_a_word_in_a_question_outranks_the_same_word_only_in_a_step():
    in_step = make_article("How do I print a poster?", steps=["Open the zebrafish panel."])
    in_question = make_article("Where is the zebrafish panel?")
    assert questions("zebrafish") == [in_question.question, in_step.question]


def test_drafts_are_never_found_and_publishing_indexes():
    draft = make_article("Secret walrus plan?", status=Article.Status.DRAFT)
    assert search("walrus").total == 0
    assert suggest("walr") == []
    draft.status = Article.Status.PUBLISHED
    services.article_save(article=draft)
    assert questions("walrus") == [draft.question]
    draft.status = Article.Status.DRAFT
    services.article_save(article=draft)
    assert search("walrus").total == 0


def test_step_edits_reach_the_index_and_deletes_leave_it():
    article = make_article("How do I export?", steps=["Click Export."])
    assert search("kangaroo").total == 0
    step = article.steps.get()
    services.step_list_save(
        article=article,
        steps=[services.StepInput(body="Feed the kangaroo.", position=1, step=step)],
    )
    assert questions("kangaroo") == [article.question]
    article.delete()
    assert search("kangaroo").total == 0
    assert not SearchDocument.objects.exists()


def test_pages_and_topic_filter():
    topic = make_topic("Printing")
    for n in range(12):
        make_article(f"How do I print poster {n}?", topics=[topic] if n < 3 else [])
    first, second = search("poster"), search("poster", page=2)
    assert (first.total, first.pages, len(first.items), len(second.items)) == (12, 2, 10, 2)
    assert not {h.article.pk for h in first.items} & {h.article.pk for h in second.items}
    assert search("poster", topic=topic).total == 3
    assert search("poster", page=99).page == 2


def test_results_carry_topic_and_helpful_share(demo):
    hit = search("resetLocalSync").items[0]
    assert hit.topic is not None
    assert hit.helpful_share is None or 0 <= hit.helpful_share <= 1


def test_suggestions_complete_the_word_being_typed(demo):
    found = suggest("endn")
    assert 1 <= len(found) <= 6
    assert all("<mark>" in s.question_html for s in found[:3])
    assert suggest("e") == []


@pytest.mark.parametrize("query", BAD_INPUTS)
def test_bad_input_answers_without_error(demo, query):
    results = search(query)
    assert results.total >= 0
    suggest(query)


def test_a_second_rebuild_leaves_the_sqlite_index_no_bigger(demo):
    if connection.vendor != "sqlite":
        pytest.skip("FTS5's segments: SQLite only")

    def index_rows():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM faq_search_fts_data")
            return cursor.fetchone()[0]

    services.search_index_rebuild()
    once = index_rows()
    services.search_index_rebuild()
    services.search_index_rebuild()
    assert index_rows() == once
    assert questions("sync endnote library")[0] == demo.question


def test_rebuild_indexes_every_published_article(demo):
    SearchDocument.objects.all().delete()
    assert search("endnote").total == 0
    made = services.search_index_rebuild()
    assert made == Article.objects.published().count()
    assert questions("sync endnote library")[0] == demo.question

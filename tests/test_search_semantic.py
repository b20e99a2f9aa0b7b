"""Search by meaning: the model loads offline from its package, every searchable text gets
an embedding kept current by the services, the rankings are fused, and search falls back
to full text when the model cannot load."""

import logging
import socket

import numpy as np
import pytest
from reversion.models import Version

from benchmarks.relevance import scores
from demo.loader import demo_load
from faq import services
from faq.models import Article, SearchEmbedding
from faq.search import fused, search, semantic, suggest
from tests.factories import make_article, make_staff, make_translation

pytestmark = pytest.mark.django_db

CWYW = "cite-while-you-write-missing-in-word"


@pytest.fixture(autouse=True)
def _fresh_model():
    # Each test loads the model as a new process would (it is cached per process).
    semantic.forget()
    yield
    semantic.forget()


@pytest.fixture
def no_model(monkeypatch, tmp_path, caplog):
    """The model's files missing: wordllama itself is asked to load from an empty folder."""
    from wordllama import WordLlama

    def load():
        return WordLlama.load(cache_dir=tmp_path, disable_download=True)

    monkeypatch.setattr(semantic, "_load", load)
    caplog.set_level(logging.WARNING, logger="faq.search.semantic")
    return caplog


def parts(article, language=None) -> dict[str, bytes]:
    rows = SearchEmbedding.objects.filter(
        document__article=article, document__language=language or article.language
    )
    return {row.part: bytes(row.vector) for row in rows}


def test_the_model_loads_from_its_package_without_the_network(monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError("the model tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refused)
    monkeypatch.setattr(socket, "getaddrinfo", refused)
    monkeypatch.setattr(socket, "create_connection", refused)
    assert semantic.model() is not None
    vectors = semantic.embed(["citation button vanished from Word", "Cite While You Write"])
    assert vectors.shape == (2, semantic.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Once per process: the same object the second time.
    assert semantic.model() is semantic.model()


def test_each_part_of_an_article_gets_an_embedding_in_each_language():
    article = make_article("How do I sync?", steps=["Open EndNote.", "Click Sync."])
    make_translation(article, "sv", question="Hur synkar jag?", steps=["Öppna EndNote."])
    # Each part, and the mean of the steps and answer that searches compare with.
    assert set(parts(article)) == {"question", "step-1", "step-2", "answer", "body"}
    # The Swedish document: its own question, answer and the step translated.
    assert set(parts(article, "sv")) == {"question", "step-1", "answer", "body"}
    row = SearchEmbedding.objects.filter(document__article=article).first()
    assert row.model == semantic.MODEL_NAME
    assert semantic.from_bytes(row.vector).shape == (semantic.DIMENSIONS,)


def test_embeddings_follow_a_save_an_unpublish_and_a_restore():
    article = make_article("How do I sync?", steps=["Open EndNote.", "Click Sync."])
    first = parts(article)
    staff = make_staff()
    version = Version.objects.get_for_object(article).first()
    step = article.steps.get(position=2)
    services.step_list_save(
        article=article,
        steps=[
            services.StepInput(
                body="Open EndNote.", position=1, step=article.steps.get(position=1)
            ),
            services.StepInput(body="Choose Library > Sync.", position=2, step=step),
        ],
    )
    edited = parts(article)
    assert edited["step-1"] == first["step-1"]
    assert edited["step-2"] != first["step-2"]
    services.article_version_restore(article=article, version_id=version.pk, user=staff)
    assert parts(article) == first
    services.article_status_set(article=article, status=Article.Status.DRAFT, user=staff)
    assert not SearchEmbedding.objects.filter(document__article=article).exists()


def test_a_reader_in_other_words_finds_the_cite_while_you_write_article():
    demo_load()
    hits = search("citation button vanished from Word", language="en").items
    assert CWYW in [hit.article.slug for hit in hits[:3]]
    suggested = suggest("citation button vanished from Word", language="en")
    assert CWYW in [s.article.slug for s in suggested[:3]]


def test_the_fused_ranking_beats_each_alone_and_never_loses_to_full_text():
    demo_load()
    lexical, meaning, hybrid = (scores(r) for r in ("lexical", "semantic", "hybrid"))
    top, mrr, _ = hybrid["all"]
    assert top >= max(lexical["all"][0], meaning["all"][0])
    assert mrr > max(lexical["all"][1], meaning["all"][1])
    for language, (lang_top, lang_mrr, _) in hybrid.items():
        assert lang_top >= lexical[language][0], language
        assert lang_mrr >= lexical[language][1], language


def test_exact_words_and_codes_keep_their_place():
    demo_load()
    for query in ("#!resetLocalSync", "resetLocalSync", "ResearcherID", "Cite While You Write"):
        hits = search(query, language="en").items
        lexical = search(query, language="en", ranking="lexical").items
        assert hits[0].article.pk == lexical[0].article.pk, query


def test_without_the_model_search_is_full_text_and_says_so_in_the_log(no_model):
    article = make_article("How do I sync my library?", steps=["Open EndNote."])
    assert not SearchEmbedding.objects.exists()
    assert [hit.article.pk for hit in search("sync library").items] == [article.pk]
    assert search("citation button vanished from Word").items == []
    assert [s.article.pk for s in suggest("sync")] == [article.pk]
    warnings = [r for r in no_model.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "full text only" in warnings[0].getMessage()


def test_the_command_embeds_what_was_indexed_without_the_model(no_model, monkeypatch):
    article = make_article("How do I sync my library?", steps=["Open EndNote."])
    assert not SearchEmbedding.objects.exists()
    monkeypatch.undo()
    semantic.forget()
    assert services.search_embeddings_fill() == 1
    assert set(parts(article)) == {"question", "step-1", "answer", "body"}
    assert services.search_embeddings_fill() == 0


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "x" * 5000,
        "sync\x00library",
        "\ufffd\ufffd",
        "🙂🙂 sync",
        "مكتبة",
        'sync" OR NEAR(a',
    ],
)
def test_odd_queries_go_through_the_model_without_failing(query):
    make_article("How do I sync my library?", steps=["Open EndNote."])
    search(query)
    suggest(query)
    semantic.ranked(query, language="en", limit=5)


def test_fusion_scores_each_list_by_rank_and_breaks_ties_by_full_text():
    assert fused([1, 2, 3], [3, 4])[0] == 3
    assert fused([1, 2], [], weight=1.5) == [1, 2]
    assert fused([], [7, 8]) == [7, 8]
    # Equal scores: full text's order first.
    assert fused([1], [2], weight=1.0) == [1, 2]


def test_the_matrix_follows_each_change_reading_only_the_documents_changed(monkeypatch):
    cite = make_article("Why does Cite While You Write not appear in Word?", steps=["Open Word."])
    other = make_article("How do I back up my library?", steps=["Choose Compress Library."])
    read: list[set[int]] = []
    real_rows = semantic._rows

    def rows(language, documents):
        read.append(set(documents))
        return real_rows(language, documents)

    monkeypatch.setattr(semantic, "_rows", rows)
    query = "citation button vanished from Word"
    assert [pk for pk, _ in semantic.ranked(query, language="en", limit=5)] == [cite.pk]
    assert len(read[-1]) == 2
    other.question = "Where did the Word citation toolbar go?"
    services.article_save(article=other)
    found = [pk for pk, _ in semantic.ranked(query, language="en", limit=5)]
    assert set(found) == {cite.pk, other.pk}
    # Only the document embedded again was read.
    assert read[-1] == {other.search_documents.get().pk}
    services.article_status_set(article=cite, status=Article.Status.DRAFT, user=make_staff())
    assert [pk for pk, _ in semantic.ranked(query, language="en", limit=5)] == [other.pk]
    assert read[-1] == set()
    # A Swedish reader searches the translation instead of the source text.
    make_translation(other, "sv", question="Vart tog verktygsfältet för citat i Word vägen?")
    swedish = other.search_documents.get(language="sv").pk
    semantic.ranked("citat i Word", language="sv", limit=5)
    assert swedish in read[-1]
    assert other.search_documents.get(language="en").pk not in read[-1]


@pytest.mark.parametrize("query", ["poster", "print a big poster", "library", "sync endnote"])
def test_every_result_is_on_exactly_one_page_and_the_total_counts_them(query):
    demo_load()
    for n in range(12):
        make_article(f"How do I print poster {n}?", steps=["Choose A1 paper."])
    first = search(query)
    shown = [
        hit.article.pk for p in range(1, first.pages + 1) for hit in search(query, page=p).items
    ]
    assert len(shown) == len(set(shown))
    assert len(shown) == first.total

"""PostgreSQL: a weighted tsvector on SearchDocument under GIN, words corrected with pg_trgm."""

# ruff: noqa: S608 (the SQL here holds only constant names; reader text goes in as parameters)

import functools
import operator
from collections.abc import Sequence

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Concat
from django.utils.safestring import SafeString

from faq.models import SearchDocument
from faq.search.text import MARK_END, MARK_START, marked

CONFIG = "english"
# Matches ranked at most, per query: past this, the first found are ranked.
POOL = 2000
# Made by migration 0011, with the GIN indexes on SearchDocument's vectors: the
# index's own vocabulary, unstemmed, for "did you mean" (how many articles hold
# each word, kept by services.search_index_update).
WORDS = "faq_search_word"


def vector() -> CombinedExpression:
    """Question A, steps B, answer C: the weights SearchRank reads."""
    return (
        SearchVector("question", weight="A", config=CONFIG)
        + SearchVector("steps", weight="B", config=CONFIG)
        + SearchVector("answer", weight="C", config=CONFIG)
    )


def question_vector() -> SearchVector:
    """The question alone, so its matches can be found (and ranked first) without the rest."""
    return SearchVector("question", weight="A", config=CONFIG)


def _word_query(word: str, *, prefix: bool) -> SearchQuery:
    if prefix:
        # terms() leaves only word characters, so the quoted lexeme cannot
        # carry an operator; to_tsquery needs this form for a prefix.
        return SearchQuery(f"'{word}':*", search_type="raw", config=CONFIG)
    return SearchQuery(word, search_type="websearch", config=CONFIG)


def query(groups: Sequence[Sequence[str]], *, any_term: bool, prefix_last: bool) -> SearchQuery:
    """Each group's spellings OR-ed, the groups AND-ed (or OR-ed); the last word a prefix."""
    if not groups or not all(groups):
        raise ValueError("A query needs at least one word in each group.")
    last = len(groups) - 1
    parts = [
        functools.reduce(
            operator.or_, (_word_query(w, prefix=prefix_last and i == last) for w in g)
        )
        for i, g in enumerate(groups)
    ]
    return functools.reduce(operator.or_ if any_term else operator.and_, parts)


def _matching(
    query: SearchQuery, topic_id: int | None, *, field: str = "vector"
) -> QuerySet[SearchDocument]:
    documents = SearchDocument.objects.filter(**{field: query})
    if topic_id is not None:
        documents = documents.filter(article__topics=topic_id)
    return documents


def _ranked(query: SearchQuery, *, topic_id: int | None, field: str, limit: int) -> list[int]:
    # ts_rank for at most POOL matches: a word in half the articles would
    # otherwise cost a score (and a heap visit) for each of them.
    pool = _matching(query, topic_id, field=field).values("article_id")[:POOL]
    ranked = (
        SearchDocument.objects.filter(article_id__in=pool)
        .annotate(rank=SearchRank(F("vector"), query))
        .order_by("-rank", "article_id")
        .values_list("article_id", flat=True)
    )
    return list(ranked[:limit])


def ranked_ids(query: SearchQuery, *, topic_id: int | None, offset: int, limit: int) -> list[int]:
    """Article ids best first: those whose question has every word, then the rest."""
    wanted = offset + limit
    ids = _ranked(query, topic_id=topic_id, field="question_vector", limit=wanted)
    if len(ids) < wanted:
        seen = set(ids)
        rest = _ranked(query, topic_id=topic_id, field="vector", limit=wanted + len(ids))
        ids += [pk for pk in rest if pk not in seen]
    return ids[offset:wanted]


def count(query: SearchQuery, *, topic_id: int | None, cap: int) -> int:
    return _matching(query, topic_id).values("article_id")[:cap].count()


def snippets(query: SearchQuery, words: Sequence[str], ids: Sequence[int]) -> dict[int, SafeString]:
    """A headline from each article's steps and answer, matches between sentinels."""
    if not ids:
        return {}
    headline = SearchHeadline(
        Concat("steps", Value(" "), "answer", output_field=TextField()),
        query,
        config=CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=32,
        min_words=16,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    rows = SearchDocument.objects.filter(article_id__in=ids).annotate(snippet=headline)
    return {pk: marked(snippet) for pk, snippet in rows.values_list("article_id", "snippet")}


def known(words: Sequence[str]) -> set[str]:
    """Words the vocabulary holds, whole or as the start of a word."""
    found = set()
    with connection.cursor() as cursor:
        for word in words:
            cursor.execute(
                f"SELECT 1 FROM {WORDS} WHERE word >= %s AND word < %s LIMIT 1",
                [word, word + "\U0010ffff"],
            )
            if cursor.fetchone():
                found.add(word)
    return found


def candidates(word: str) -> list[tuple[str, int]]:
    """Vocabulary words that share trigrams with `word`, closest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word, articles FROM {WORDS} WHERE word %% %s ORDER BY word <-> %s LIMIT 30",
            [word, word],
        )
        return list(cursor.fetchall())


def words_of(texts: Sequence[str]) -> set[str]:
    """The unstemmed words PostgreSQL's parser finds in these texts."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('simple', %s)))",
            [" ".join(texts)],
        )
        return {word for (word,) in cursor.fetchall() if 2 <= len(word) <= 40}


def words_adjust(*, added: set[str], removed: set[str]) -> None:
    """Count an article's new words in and its lost ones out of the vocabulary."""
    with connection.cursor() as cursor:
        if added:
            cursor.execute(
                f"INSERT INTO {WORDS} (word, articles) SELECT w, 1 FROM unnest(%s::text[]) w "
                f"ON CONFLICT (word) DO UPDATE SET articles = {WORDS}.articles + 1",
                [sorted(added)],
            )
        if removed:
            cursor.execute(
                f"DELETE FROM {WORDS} WHERE word = ANY(%s) AND articles <= 1",
                [sorted(removed)],
            )
            cursor.execute(
                f"UPDATE {WORDS} SET articles = articles - 1 WHERE word = ANY(%s)",
                [sorted(removed)],
            )


def words_rebuild() -> None:
    """The vocabulary counted afresh from every document."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {WORDS}")
        cursor.execute(
            f"INSERT INTO {WORDS} (word, articles) "
            "SELECT word, COUNT(*) FROM (SELECT DISTINCT article_id, unnest(tsvector_to_array("
            "to_tsvector('simple', question || ' ' || steps || ' ' || answer))) AS word "
            "FROM faq_searchdocument) AS w WHERE length(word) BETWEEN 2 AND 40 GROUP BY word"
        )
        # Fresh statistics, or the planner guesses how common each word is
        # until autovacuum comes by: measured, suggestions three times slower.
        cursor.execute("ANALYZE faq_searchdocument")
        cursor.execute(f"ANALYZE {WORDS}")

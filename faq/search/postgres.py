"""PostgreSQL: a weighted tsvector on SearchDocument under GIN, words corrected with pg_trgm."""

# ruff: noqa: S608 (the SQL here holds only constant names; reader text goes in as parameters)

import functools
import operator
from collections.abc import Sequence

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Concat
from django.utils.safestring import SafeString

from faq.models import Audience, SearchDocument
from faq.search.text import MARK_END, MARK_START, marked

# Each language's text-search configuration; a language without one is split
# into words and nothing more.
CONFIGS = {"en": "english", "sv": "swedish", "de": "german"}
# Matches ranked at most, per query: past this, the first found are ranked.
POOL = 2000
# Made by migration 0018, with the GIN indexes on SearchDocument's vectors: each
# language's own vocabulary, unstemmed, for "did you mean" (how many articles hold
# each word, kept by services.search_index_update).
WORDS = "faq_search_word"

Queries = dict[str, SearchQuery]


def config(language: str) -> str:
    """The text-search configuration for a language's documents."""
    return CONFIGS.get(language, "simple")


def headline_config(language: str) -> str:
    """The language's configuration that folds accents itself (migration 0019): a
    snippet shows the text as written and marks the words the folded index found."""
    return f"helpdesk_{CONFIGS[language]}" if language in CONFIGS else "simple"


def _folded(name: str) -> Func:
    # A reader's words arrive without accents (text.terms()): the text is
    # indexed so too, stemmed by its language's rules.
    return Func(F(name), function="unaccent", output_field=TextField())


def vector(language: str) -> CombinedExpression:
    """Question A, steps B, answer C, in the language's configuration: the weights
    SearchRank reads."""
    name = config(language)
    return (
        SearchVector(_folded("question"), weight="A", config=name)
        + SearchVector(_folded("steps"), weight="B", config=name)
        + SearchVector(_folded("answer"), weight="C", config=name)
    )


def question_vector(language: str) -> SearchVector:
    """The question alone, so its matches can be found (and ranked first) without the rest."""
    return SearchVector(_folded("question"), weight="A", config=config(language))


def _word_query(word: str, *, prefix: bool, name: str) -> SearchQuery:
    if prefix:
        # terms() leaves only word characters, so the quoted lexeme cannot
        # carry an operator; to_tsquery needs this form for a prefix.
        return SearchQuery(f"'{word}':*", search_type="raw", config=name)
    return SearchQuery(word, search_type="websearch", config=name)


def query(groups: Sequence[Sequence[str]], *, any_term: bool, prefix_last: bool) -> Queries:
    """For each language, each group's spellings OR-ed, the groups AND-ed (or OR-ed); the
    last word a prefix. Each language's documents are matched by its own."""
    if not groups or not all(groups):
        raise ValueError("A query needs at least one word in each group.")
    last = len(groups) - 1
    queries = {}
    for code in CONFIGS:
        parts = [
            functools.reduce(
                operator.or_,
                (_word_query(w, prefix=prefix_last and i == last, name=config(code)) for w in g),
            )
            for i, g in enumerate(groups)
        ]
        queries[code] = functools.reduce(operator.or_ if any_term else operator.and_, parts)
    return queries


def _matching(
    queries: Queries,
    topic_id: int | None,
    language: str,
    *,
    audiences: Sequence[str],
    field: str = "vector",
) -> QuerySet[SearchDocument]:
    each = [Q(language=code, **{field: q}) for code, q in queries.items()]
    documents = SearchDocument.objects.for_reader(language).filter(
        functools.reduce(operator.or_, each)
    )
    if topic_id is not None:
        documents = documents.filter(article__topics=topic_id)
    if not set(Audience.values) <= set(audiences):
        documents = documents.filter(article__audience__in=audiences)
    return documents


def _ranked(
    queries: Queries,
    *,
    topic_id: int | None,
    language: str,
    field: str,
    limit: int,
    audiences: Sequence[str],
) -> list[int]:
    # ts_rank for at most POOL matches: a word in half the articles would
    # otherwise cost a score (and a heap visit) for each of them.
    matching = _matching(queries, topic_id, language, audiences=audiences, field=field)
    pool = matching.values("pk")[:POOL]
    rank = Case(
        *(When(language=code, then=SearchRank(F("vector"), q)) for code, q in queries.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )
    # The reader's own language first, then the source texts found instead.
    own = Case(When(language=language, then=Value(0)), default=Value(1))
    ranked = (
        SearchDocument.objects.filter(pk__in=pool)
        .annotate(rank=rank, own=own)
        .order_by("own", "-rank", "article_id")
        .values_list("article_id", flat=True)
    )
    return list(ranked[:limit])


def ranked_ids(
    queries: Queries,
    *,
    topic_id: int | None,
    language: str,
    offset: int,
    limit: int,
    audiences: Sequence[str],
) -> list[int]:
    """Article ids best first: those whose question has every word, then the rest."""
    wanted = offset + limit
    ids = _ranked(
        queries,
        topic_id=topic_id,
        language=language,
        field="question_vector",
        limit=wanted,
        audiences=audiences,
    )
    if len(ids) < wanted:
        seen = set(ids)
        rest = _ranked(
            queries,
            topic_id=topic_id,
            language=language,
            field="vector",
            limit=wanted + len(ids),
            audiences=audiences,
        )
        ids += [pk for pk in rest if pk not in seen]
    return ids[offset:wanted]


def matched(
    queries: Queries, *, topic_id: int | None, language: str, cap: int, audiences: Sequence[str]
) -> set[int]:
    """The articles that match, no more than `cap` of them."""
    matching = _matching(queries, topic_id, language, audiences=audiences)
    found = matching.values_list("article_id", flat=True)
    return set(found[:cap])


def snippets(
    queries: Queries, words: Sequence[str], ids: Sequence[int], *, language: str
) -> dict[int, SafeString]:
    """A headline from each article's steps and answer, in the language of the document
    found, matches between sentinels."""
    if not ids:
        return {}
    documents = SearchDocument.objects.for_reader(language).filter(article_id__in=ids)
    found = {}
    for code in documents.values_list("language", flat=True).distinct():
        headline = SearchHeadline(
            Concat("steps", Value(" "), "answer", output_field=TextField()),
            queries.get(code) or queries[language],
            config=headline_config(code),
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=32,
            min_words=16,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        rows = documents.filter(language=code).annotate(snippet=headline)
        found.update(
            {pk: marked(snippet) for pk, snippet in rows.values_list("article_id", "snippet")}
        )
    return found


def known(words: Sequence[str], *, language: str, audiences: Sequence[str]) -> set[str]:
    """Words the vocabulary of the reader's language or the site's (where the articles
    not translated are written) holds, whole or as the start of a word, in an article a
    reader of `audiences` may read."""
    found = _in_vocabulary(words, language=language)
    if set(Audience.values) <= set(audiences):
        return found
    # The vocabulary counts every audience's words: a word only closed articles hold would
    # go uncorrected, and so tell an outsider that it is there.
    return {
        word
        for word in found
        if _matching(
            query([[word]], any_term=False, prefix_last=True),
            None,
            language,
            audiences=audiences,
        ).exists()
    }


def _in_vocabulary(words: Sequence[str], *, language: str) -> set[str]:
    """The words the vocabulary of the reader's language or the site's holds."""
    languages = sorted({language, settings.LANGUAGE_CODE})
    found = set()
    with connection.cursor() as cursor:
        for word in words:
            cursor.execute(
                f"SELECT 1 FROM {WORDS} WHERE language = ANY(%s) AND word >= %s AND word < %s "
                "LIMIT 1",
                [languages, word, word + "\U0010ffff"],
            )
            if cursor.fetchone():
                found.add(word)
    return found


def candidates(word: str, *, language: str, audiences: Sequence[str]) -> list[tuple[str, int]]:
    """Words of the language's vocabulary that share trigrams with `word`, closest first;
    of every audience's articles (a correction is only offered if it finds articles the
    reader may read, and only those are shown)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word, articles FROM {WORDS} WHERE language = %s AND word %% %s "
            "ORDER BY word <-> %s LIMIT 30",
            [language, word, word],
        )
        return list(cursor.fetchall())


def words_of(texts: Sequence[str]) -> set[str]:
    """The unstemmed words, without accents, PostgreSQL's parser finds in these texts."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('simple', unaccent(%s))))",
            [" ".join(texts)],
        )
        return {word for (word,) in cursor.fetchall() if 2 <= len(word) <= 40}


def words_adjust(*, language: str, added: set[str], removed: set[str]) -> None:
    """Count a document's new words in and its lost ones out of its language's vocabulary."""
    with connection.cursor() as cursor:
        if added:
            cursor.execute(
                f"INSERT INTO {WORDS} (language, word, articles) "
                "SELECT %s, w, 1 FROM unnest(%s::text[]) w "
                f"ON CONFLICT (language, word) DO UPDATE SET articles = {WORDS}.articles + 1",
                [language, sorted(added)],
            )
        if removed:
            cursor.execute(
                f"DELETE FROM {WORDS} WHERE language = %s AND word = ANY(%s) AND articles <= 1",
                [language, sorted(removed)],
            )
            cursor.execute(
                f"UPDATE {WORDS} SET articles = articles - 1 "
                "WHERE language = %s AND word = ANY(%s)",
                [language, sorted(removed)],
            )


def words_rebuild() -> None:
    """Each language's vocabulary counted afresh from its documents."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {WORDS}")
        cursor.execute(
            f"INSERT INTO {WORDS} (language, word, articles) "
            "SELECT language, word, COUNT(*) FROM (SELECT DISTINCT language, article_id, "
            "unnest(tsvector_to_array(to_tsvector('simple', "
            "unaccent(question || ' ' || steps || ' ' || answer)))) AS word "
            "FROM faq_searchdocument) AS w WHERE length(word) BETWEEN 2 AND 40 "
            "GROUP BY language, word"
        )
        # Fresh statistics, or the planner guesses how common each word is
        # until autovacuum comes by: measured, suggestions three times slower.
        cursor.execute("ANALYZE faq_searchdocument")
        cursor.execute(f"ANALYZE {WORDS}")

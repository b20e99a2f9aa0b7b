"""SQLite: an FTS5 table over SearchDocument, ranked by bm25, words corrected from fts5vocab."""

# ruff: noqa: S608 (the SQL here holds only constant names; reader text goes in as parameters)

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString

from faq.models import Article, Audience, SearchDocument
from faq.search.text import highlight, window

# Made by migration 0018: the FTS5 table that triggers keep in step with
# SearchDocument (its rowid the document's id), and its vocabulary of every
# language's words.
FTS = "faq_search_fts"
VOCAB = "faq_search_vocab"
# bm25 column weights: question, steps, answer.
WEIGHTS = "10.0, 4.0, 2.0"
# Matches ranked at most, per query: past this, the first found are ranked.
POOL = 2000
# Shorter words are matched whole: a 2-letter prefix matches half the language.
PREFIX_FROM = 3
_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"

# Words so common that requiring them only slows the query down; dropped
# while other words remain.
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "so",
        "the",
        "to",
        "what",
        "when",
        "where",
        "which",
        "why",
        "with",
        "you",
        "your",
    }
)


def _quoted(word: str, *, prefix: bool) -> str:
    # terms() leaves only word characters; doubling quotes keeps that true
    # even if it ever changes, since FTS5 reads "..." as one literal string.
    literal = '"' + word.replace('"', '""') + '"'
    return literal + "*" if prefix and len(word) >= PREFIX_FROM else literal


def query(groups: Sequence[Sequence[str]], *, any_term: bool, prefix_last: bool = False) -> str:
    """An FTS5 query: each group's spellings OR-ed, groups AND-ed (or OR-ed).

    Words of PREFIX_FROM letters or more are prefixes: with no stemmer, "sync"
    finds "synced" and "syncing". `prefix_last` makes the word being typed
    a prefix from two letters.
    """
    kept = [g for g in groups if g[0] not in STOPWORDS] or list(groups)
    parts = []
    for index, group in enumerate(kept):
        typing = prefix_last and index == len(kept) - 1
        quoted = [
            _quoted(w, prefix=True) + ("*" if typing and len(w) < PREFIX_FROM else "")
            for w in group
        ]
        parts.append("(" + " OR ".join(quoted) + ")")
    return (" OR " if any_term else " AND ").join(parts)


# The documents a reader in `language` searches (SearchDocument.objects.for_reader), asked
# of each match: a lookup by id and one by (article, language) a match. As `rowid IN
# (SELECT ...)`, SQLite built the whole list first, a scan of every document with a
# subquery each: half a second a search at 100,000 articles (benchmarks/RESULTS.md).
_DOCUMENTS = SearchDocument._meta.db_table
_FOR_READER = (
    "EXISTS (SELECT 1 FROM {documents} AS d WHERE d.id = {fts}.rowid AND "
    "(d.language = %s OR (d.source AND NOT EXISTS (SELECT 1 FROM {documents} AS t "
    "WHERE t.article_id = d.article_id AND t.language = %s))){topic}{audience})"
)
_IN_TOPIC = (
    f" AND d.article_id IN (SELECT article_id FROM {Article.topics.through._meta.db_table} "
    "WHERE topic_id = %s)"
)
_IN_LANGUAGE = (
    "EXISTS (SELECT 1 FROM {documents} AS d WHERE d.id = {fts}.rowid AND d.language = %s{audience})"
)
# The article of each match looked up by its id, as the documents are: asked as a list
# (`IN (SELECT ...)`), SQLite would build it from every article of the audience first.
_IN_AUDIENCE = (
    f" AND EXISTS (SELECT 1 FROM {Article._meta.db_table} AS a WHERE a.id = d.article_id "
    "AND a.audience IN ({marks}))"
)


def _audience_clause(audiences: Sequence[str]) -> tuple[str, list[Any]]:
    """Restricts the documents to articles a reader of `audiences` may read; nothing for
    a reader of every audience."""
    if set(Audience.values) <= set(audiences):
        return "", []
    return _IN_AUDIENCE.format(marks=", ".join(["%s"] * len(audiences))), list(audiences)


def _documents_clause(
    language: str, topic_id: int | None, audiences: Sequence[str]
) -> tuple[str, list[Any]]:
    """Restricts a MATCH to the documents a reader in `language` of `audiences` searches."""
    topic = _IN_TOPIC if topic_id is not None else ""
    audience, audience_params = _audience_clause(audiences)
    params: list[Any] = [
        language,
        language,
        *([topic_id] if topic_id is not None else []),
        *audience_params,
    ]
    where = _FOR_READER.format(documents=_DOCUMENTS, fts=FTS, topic=topic, audience=audience)
    return " AND " + where, params


def _ranked(
    expression: str,
    *,
    topic_id: int | None,
    language: str,
    limit: int,
    audiences: Sequence[str],
) -> list[int]:
    where, params = _documents_clause(language, topic_id, audiences)
    # bm25 for at most POOL matches: a word in half the articles would
    # otherwise cost a score for each of them. The reader's own language
    # first, then the source texts found instead.
    sql = (
        f"SELECT d.article_id FROM (SELECT rowid, bm25({FTS}, {WEIGHTS}) AS score FROM {FTS} "
        f"WHERE {FTS} MATCH %s{where} LIMIT %s) AS m "
        "JOIN faq_searchdocument AS d ON d.id = m.rowid "
        "ORDER BY d.language <> %s, m.score, d.article_id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *params, POOL, language, limit])
        return [row[0] for row in cursor.fetchall()]


def ranked_ids(
    expression: str,
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
        f"{{question}} : ({expression})",
        topic_id=topic_id,
        language=language,
        limit=wanted,
        audiences=audiences,
    )
    if len(ids) < wanted:
        seen = set(ids)
        rest = _ranked(
            expression,
            topic_id=topic_id,
            language=language,
            limit=wanted + len(ids),
            audiences=audiences,
        )
        ids += [pk for pk in rest if pk not in seen]
    return ids[offset:wanted]


def matched(
    expression: str, *, topic_id: int | None, language: str, cap: int, audiences: Sequence[str]
) -> set[int]:
    """The articles that match, no more than `cap` of them."""
    where, params = _documents_clause(language, topic_id, audiences)
    sql = (
        f"SELECT d.article_id FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s{where} "
        f"LIMIT %s) AS m JOIN {_DOCUMENTS} AS d ON d.id = m.rowid"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *params, cap])
        return {row[0] for row in cursor.fetchall()}


def snippets(
    expression: str, words: Sequence[str], ids: Sequence[int], *, language: str
) -> dict[int, SafeString]:
    """A window of each article's steps where they match, else of its answer, words marked.

    Cut from the stored text rather than with FTS5's snippet(), which has to
    expand every prefix of the query again for each article: 12 ms a result
    at 100,000 articles, against well under one here.
    """
    found = {}
    documents = (
        SearchDocument.objects.for_reader(language)
        .filter(article_id__in=ids)
        .values_list("article_id", "steps", "answer")
    )
    for pk, steps, answer in documents:
        cut = window(steps, words) or window(answer, words) or answer[:200]
        found[pk] = highlight(cut, words)
    return found


def _held(word: str, where: str, params: Sequence[Any]) -> bool:
    with connection.cursor() as cursor:
        # The first posting answers; fts5vocab would count them all.
        cursor.execute(f"SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s{where} LIMIT 1", [word, *params])
        return cursor.fetchone() is not None


def known(words: Sequence[str], *, language: str, audiences: Sequence[str]) -> set[str]:
    """Words some document a reader in `language` of `audiences` searches holds, whole or
    (from PREFIX_FROM letters) as the start of a word."""
    where, params = _documents_clause(language, None, audiences)
    return {w for w in words if _held(_quoted(w, prefix=True), where, params)}


def one_edit_away(word: str) -> set[str]:
    """Every string one deletion, swap, replacement or insertion from `word`."""
    letters = set(_LETTERS) | set(word)
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    edits.discard(word)
    return edits


def candidates(word: str, *, language: str, audiences: Sequence[str]) -> list[tuple[str, int]]:
    """Words of the language's documents a reader of `audiences` may read one edit from
    `word`, with how many articles (in any language, of any audience) hold each.

    fts5vocab counts a term by reading its whole doclist, so scanning a range
    of the vocabulary costs more the more articles there are; looking up a
    few hundred exact spellings costs only for those that exist.
    """
    edits = sorted(one_edit_away(word))
    marks = ", ".join(["%s"] * len(edits))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, doc FROM {VOCAB} WHERE term IN ({marks})", edits)
        found = list(cursor.fetchall())
    # One vocabulary holds every language's and every audience's words: keep those
    # written in this one, in an article the reader may read.
    audience, audience_params = _audience_clause(audiences)
    where = " AND " + _IN_LANGUAGE.format(documents=_DOCUMENTS, fts=FTS, audience=audience)
    params = [language, *audience_params]
    return [(term, doc) for term, doc in found if _held(_quoted(term, prefix=False), where, params)]


def optimize() -> None:
    """Merge the full-text index's segments into one, as after a bulk rebuild."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")

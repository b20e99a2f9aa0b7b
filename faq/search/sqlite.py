"""SQLite: an FTS5 table over SearchDocument, ranked by bm25, words corrected from fts5vocab."""

# ruff: noqa: S608 (the SQL here holds only constant names; reader text goes in as parameters)

from collections.abc import Sequence

from django.db import connection

from faq.search.text import MARK_END, MARK_START

FTS = "faq_search_fts"
VOCAB = "faq_search_vocab"
# bm25 column weights: question, steps, answer.
WEIGHTS = "10.0, 4.0, 2.0"
# Shorter words are matched whole: a 2-letter prefix matches half the language.
PREFIX_FROM = 3
_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"

# Migration 0020 runs these; kept here beside the queries that rely on them.
CREATE = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        question, steps, answer,
        content='faq_searchdocument', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    f"CREATE VIRTUAL TABLE {VOCAB} USING fts5vocab({FTS}, 'row')",
    # The FTS table mirrors the rows services.search_index_update writes, and
    # loses a row when its article is deleted (a cascade the ORM runs).
    f"""CREATE TRIGGER faq_search_fts_ai AFTER INSERT ON faq_searchdocument BEGIN
        INSERT INTO {FTS}(rowid, question, steps, answer)
        VALUES (new.article_id, new.question, new.steps, new.answer); END""",
    f"""CREATE TRIGGER faq_search_fts_ad AFTER DELETE ON faq_searchdocument BEGIN
        INSERT INTO {FTS}({FTS}, rowid, question, steps, answer)
        VALUES ('delete', old.article_id, old.question, old.steps, old.answer); END""",
    f"""CREATE TRIGGER faq_search_fts_au AFTER UPDATE ON faq_searchdocument BEGIN
        INSERT INTO {FTS}({FTS}, rowid, question, steps, answer)
        VALUES ('delete', old.article_id, old.question, old.steps, old.answer);
        INSERT INTO {FTS}(rowid, question, steps, answer)
        VALUES (new.article_id, new.question, new.steps, new.answer); END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS faq_search_fts_ai",
    "DROP TRIGGER IF EXISTS faq_search_fts_ad",
    "DROP TRIGGER IF EXISTS faq_search_fts_au",
    f"DROP TABLE IF EXISTS {VOCAB}",
    f"DROP TABLE IF EXISTS {FTS}",
]


# Words so common that requiring them only slows the query down; dropped
# while other words remain.
STOPWORDS = frozenset(
    "a an and are as at be by can do does for from how i in into is it me my of on or so "
    "the to what when where which why with you your".split()
)


def _quoted(word: str, *, prefix: bool) -> str:
    # terms() leaves only word characters; doubling quotes keeps that true
    # even if it ever changes, since FTS5 reads "..." as one literal string.
    literal = '"' + word.replace('"', '""') + '"'
    return literal + "*" if prefix and len(word) >= PREFIX_FROM else literal


def match_expression(
    groups: Sequence[Sequence[str]], *, any_term: bool, prefix_last: bool = False
) -> str:
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


def _topic_clause(topic_id: int | None) -> tuple[str, list]:
    if topic_id is None:
        return "", []
    return " AND rowid IN (SELECT article_id FROM faq_article_topics WHERE topic_id = %s)", [
        topic_id
    ]


def ranked_ids(expression: str, *, topic_id: int | None, offset: int, limit: int) -> list[int]:
    """Article ids best first."""
    where, params = _topic_clause(topic_id)
    sql = (
        f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s{where} "
        f"ORDER BY bm25({FTS}, {WEIGHTS}), rowid LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def count(expression: str, *, topic_id: int | None, cap: int) -> int:
    """How many articles match, counted no further than `cap`."""
    where, params = _topic_clause(topic_id)
    sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s{where} LIMIT %s)"
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *params, cap])
        return cursor.fetchone()[0]


def snippets(expression: str, ids: Sequence[int]) -> dict[int, str]:
    """The best window of each article's steps or answer, matches between sentinels."""
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    # The question is shown above the snippet: a window of the steps where
    # they match, else of the answer.
    sql = (
        f"SELECT rowid, snippet({FTS}, 1, %s, %s, '…', 28), "
        f"snippet({FTS}, 2, %s, %s, '…', 28) "
        f"FROM {FTS} WHERE {FTS} MATCH %s AND rowid IN ({marks})"
    )
    params = [MARK_START, MARK_END, MARK_START, MARK_END, expression, *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {}
        for rowid, steps, answer in cursor.fetchall():
            found[rowid] = steps if MARK_START in (steps or "") else (answer or steps or "")
        return found


def known(words: Sequence[str]) -> set[str]:
    """Words some article holds, whole or (from PREFIX_FROM letters) as the start of a word."""
    found = set()
    with connection.cursor() as cursor:
        for word in words:
            # The first posting answers; fts5vocab would count them all.
            cursor.execute(
                f"SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s LIMIT 1",
                [_quoted(word, prefix=True)],
            )
            if cursor.fetchone():
                found.add(word)
    return found


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


def candidates(word: str) -> list[tuple[str, int]]:
    """Vocabulary words one edit from `word`, with how many articles hold each.

    fts5vocab counts a term by reading its whole doclist, so scanning a range
    of the vocabulary costs more the more articles there are; looking up a
    few hundred exact spellings costs only for those that exist.
    """
    edits = sorted(one_edit_away(word))
    marks = ", ".join(["%s"] * len(edits))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, doc FROM {VOCAB} WHERE term IN ({marks})", edits)
        return list(cursor.fetchall())

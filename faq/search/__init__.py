"""One search over published articles: full text (FTS5 on SQLite, tsvector on PostgreSQL)
and meaning (faq.search.semantic), their rankings fused.

    search(query, language=, topic=None, page=1) -> SearchResults
    suggest(query, language=, limit=6) -> list[Suggestion]

Both fold the reader's words (terms()), search the documents in the reader's
language (an article not translated into it through its source text), forgive
typos from that language's vocabulary, and return only published articles, each
once. Each engine module offers the same functions: query, count, ranked_ids,
snippets, known and candidates. The full-text ranking and the semantic one are
merged by reciprocal rank fusion (fused()): exact words, codes and corrected
typos keep their place, and meaning adds the articles that use other words.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Literal

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch
from django.utils.safestring import SafeString

from faq.models import Article, SearchDocument, Topic
from faq.models.audiences import PUBLIC
from faq.search import semantic, text
from faq.search.text import normalise, terms

PER_PAGE = 10
SUGGESTIONS = 6
SUGGEST_FROM = 2
# Suggestions fuse meaning in from this many whole words typed.
SUGGEST_MEANING_FROM = 3
# Counting every match of a common word costs as much as finding them: past
# this many, the page says "more than 1,000".
COUNT_CAP = 1000
MAX_PAGE = COUNT_CAP // PER_PAGE
# How many of each ranking's best are fused: a page's worth (past them, full text's order
# goes on). 50 made full text rank its matches' steps and answers too, most searches,
# where the questions' matches alone fill 10: 20 ms more at 100,000 articles.
FUSE_DEPTH = PER_PAGE
# Reciprocal rank fusion's constant: 60, as in Cormack, Clarke and Büttcher (2009).
RRF_K = 60
# How much a semantic rank counts beside a full-text one, tuned on benchmarks/relevance.py.
# English: more, so that meaning can lift an article over a weaker word match (at 1.0
# and 0.7 the right article came lower). Other languages: less, so that full text's
# first stays first; the model learnt its words from English, and on PostgreSQL at 1.0
# it moved Swedish answers down from first place.
SEMANTIC_WEIGHTS = {"en": 1.5}
SEMANTIC_WEIGHT_OTHERS = 0.9
# "hybrid" is what readers get; the others are each ranking alone, to measure it by.
Ranking = Literal["hybrid", "lexical", "semantic"]

__all__ = [
    "COUNT_CAP",
    "PER_PAGE",
    "SearchHit",
    "SearchResults",
    "Suggestion",
    "normalise",
    "search",
    "suggest",
    "terms",
]


@dataclass(frozen=True)
class SearchHit:
    article: Article
    question_html: SafeString
    snippet_html: SafeString
    topic: Topic | None
    helpful_share: float | None
    # The language of the text found: the reader's, or the article's source.
    language: str = ""


@dataclass(frozen=True)
class SearchResults:
    query: str
    items: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    did_you_mean: str = ""
    topic: Topic | None = None

    @property
    def capped(self) -> bool:
        return self.total >= COUNT_CAP

    @property
    def normalised(self) -> str:
        return normalise(self.query)


@dataclass(frozen=True)
class Suggestion:
    article: Article
    question_html: SafeString
    topic: Topic | None
    language: str = ""


def engine() -> ModuleType:
    """The engine for the database in use."""
    if connection.vendor == "postgresql":
        from faq.search import postgres

        return postgres
    from faq.search import sqlite

    return sqlite


def _corrections(
    words: list[str], backend: ModuleType, language: str, audiences: Sequence[str]
) -> list[list[str]] | None:
    """Each word with its correction if no article the reader may read holds it; None when
    nothing needed one."""
    known = backend.known(words, language=language, audiences=audiences)
    groups, changed = [], False
    for word in words:
        fix = None
        if word not in known:
            found = backend.candidates(word, language=language, audiences=audiences)
            fix = text.best_correction(word, found)
        groups.append([word, fix] if fix else [word])
        changed = changed or bool(fix)
    return groups if changed else None


def _query(
    backend: ModuleType, groups: list[list[str]], *, any_term: bool, prefix_last: bool
) -> object:
    """The engine's own query (a SearchQuery or an FTS5 expression), opaque here."""
    query: object = backend.query(groups, any_term=any_term, prefix_last=prefix_last)
    return query


def _articles(ids: list[int], audiences: Sequence[str]) -> list[Article]:
    """Published articles a reader of `audiences` may read in the order of `ids`: a draft
    left in the index never shows, nor does a closed article (the engines leave those out
    already), nor a topic they may not see."""
    # Looked up by id alone, the status checked here: without statistics (no ANALYZE),
    # SQLite took `status = 'published' AND id IN (...)` to its status index and read
    # every published article, 11 ms at 100,000 of them.
    topics = Topic.objects.readable(audiences).order_by("name")
    found = (
        Article.objects.filter(pk__in=ids)
        .order_by()
        .only("pk", "slug", "question", "language", "yes_count", "no_count", "status", "audience")
        .prefetch_related(Prefetch("topics", queryset=topics))
    )
    by_id = {a.pk: a for a in found if a.is_published and a.audience in audiences}
    return [by_id[pk] for pk in ids if pk in by_id]


def _questions(ids: list[int], language: str) -> dict[int, tuple[str, str]]:
    """The question each article is found by, in the language of its document."""
    rows = (
        SearchDocument.objects.for_reader(language)
        .filter(article_id__in=ids)
        .values_list("article_id", "question", "language")
    )
    return {pk: (question, code) for pk, question, code in rows}


def semantic_weight(language: str) -> float:
    return SEMANTIC_WEIGHTS.get(language, SEMANTIC_WEIGHT_OTHERS)


def fused(lexical: list[int], meaning: list[int], *, weight: float = 1.0) -> list[int]:
    """Article ids by reciprocal rank fusion of the full-text ranking and the semantic one:
    each id scores 1 / (RRF_K + rank) in each list it is in; ties go to full text's order."""
    scores: dict[int, float] = {}
    for rank, pk in enumerate(lexical, start=1):
        scores[pk] = scores.get(pk, 0.0) + 1.0 / (RRF_K + rank)
    for rank, pk in enumerate(meaning, start=1):
        scores[pk] = scores.get(pk, 0.0) + weight / (RRF_K + rank)
    order = {pk: i for i, pk in enumerate([*lexical, *meaning])}
    return sorted(scores, key=lambda pk: (-scores[pk], order[pk]))


def _meaning(
    query: str, *, language: str, topic_id: int | None, limit: int, audiences: Sequence[str]
) -> list[int]:
    """The semantic ranking's best article ids that are still published and indexed (the
    process's matrix may be a change behind, and holds every audience's articles) and
    that a reader of `audiences` may read, within the topic if one is given."""
    ids = [pk for pk, _ in semantic.ranked(query, language=language, limit=limit)]
    if not ids:
        return ids
    # By id, as _articles() looks them up: SQLite, without statistics, took a join on
    # the status to its status index and read every published article.
    rows = Article.objects.filter(pk__in=ids).order_by().values_list("pk", "status", "audience")
    within = {
        pk
        for pk, status, audience in rows
        if status == Article.Status.PUBLISHED and audience in audiences
    }
    within &= set(
        SearchDocument.objects.filter(article_id__in=ids).values_list("article_id", flat=True)
    )
    if topic_id is not None:
        within &= set(
            Article.topics.through.objects.filter(
                topic_id=topic_id, article_id__in=ids
            ).values_list("article_id", flat=True)
        )
    return [pk for pk in ids if pk in within]


def _share(article: Article) -> float | None:
    votes = article.yes_count + article.no_count
    return article.yes_count / votes if votes else None


def search(
    query: str,
    *,
    language: str = settings.LANGUAGE_CODE,
    topic: Topic | None = None,
    page: int = 1,
    ranking: Ranking = "hybrid",
    audiences: Sequence[str] = PUBLIC,
) -> SearchResults:
    """A page of published articles for the words of a reader in `language`, best first:
    only those a reader of `audiences` may read, in the results, counts and corrections."""
    words = terms(query)
    if not words:
        return SearchResults(query=query, topic=topic)
    backend = engine()
    topic_id = topic.pk if topic else None
    page = max(1, min(page, MAX_PAGE))
    groups = [[w] for w in words]
    expression = _query(backend, groups, any_term=False, prefix_last=False)
    found = backend.matched(
        expression, topic_id=topic_id, language=language, cap=COUNT_CAP, audiences=audiences
    )
    did_you_mean = ""
    if len(found) < PER_PAGE:
        # Few or no results: look for typos, only now, since it costs lookups.
        corrected = _corrections(words, backend, language, audiences)
        if corrected:
            fixed = _query(backend, corrected, any_term=False, prefix_last=False)
            fixed_found = backend.matched(
                fixed, topic_id=topic_id, language=language, cap=COUNT_CAP, audiences=audiences
            )
            if len(fixed_found) > len(found):
                groups, expression, found = corrected, fixed, fixed_found
                did_you_mean = " ".join(g[-1] for g in corrected)
    if not found and len(words) > 1:
        # No article has every word: rank those with any, best first.
        expression = _query(backend, groups, any_term=True, prefix_last=False)
        found = backend.matched(
            expression, topic_id=topic_id, language=language, cap=COUNT_CAP, audiences=audiences
        )
    if ranking == "semantic":
        found = set()
    lexical = (
        backend.ranked_ids(
            expression,
            topic_id=topic_id,
            language=language,
            offset=0,
            limit=FUSE_DEPTH,
            audiences=audiences,
        )
        if found
        else []
    )
    meaning = (
        _meaning(query, language=language, topic_id=topic_id, limit=FUSE_DEPTH, audiences=audiences)
        if ranking != "lexical"
        else []
    )
    order = fused(lexical, meaning, weight=semantic_weight(language))
    # Articles found by meaning alone (not matched by the words) count on top of full
    # text's matches; those the words match further down are shown where the fused
    # list puts them, and not again.
    shown = set(order)
    extra = [pk for pk in meaning if pk not in found]
    total = min(len(found) + len(extra), COUNT_CAP)
    pages = math.ceil(total / PER_PAGE)
    page = min(page, max(pages, 1))
    offset = (page - 1) * PER_PAGE
    ids = order[offset : offset + PER_PAGE]
    if len(ids) < PER_PAGE and len(lexical) == FUSE_DEPTH:
        # Past the fused lists, full text's ranking goes on where it was cut, without
        # the articles the fused lists showed already.
        start = max(0, offset - len(order))
        wanted = start + PER_PAGE - len(ids)
        rest = backend.ranked_ids(
            expression,
            topic_id=topic_id,
            language=language,
            offset=FUSE_DEPTH,
            # Room for the ones meaning showed already, skipped here.
            limit=wanted + sum(1 for pk in meaning if pk in found and pk not in lexical),
            audiences=audiences,
        )
        ids += [pk for pk in rest if pk not in shown][start:wanted]
    marked_words = [w for group in groups for w in group]
    snippets = backend.snippets(expression, marked_words, ids, language=language)
    questions = _questions(ids, language)
    items = []
    for article in _articles(ids, audiences):
        question, code = questions.get(article.pk, (article.question, article.language))
        items.append(
            SearchHit(
                article=article,
                question_html=text.highlight(question, marked_words),
                snippet_html=snippets.get(article.pk, text.marked("")),
                topic=next(iter(article.topics.all()), None),
                helpful_share=_share(article),
                language=code,
            )
        )
    return SearchResults(
        query=query,
        items=items,
        total=total,
        page=page,
        pages=pages,
        did_you_mean=did_you_mean,
        topic=topic,
    )


def suggest(
    query: str,
    *,
    language: str = settings.LANGUAGE_CODE,
    limit: int = SUGGESTIONS,
    ranking: Ranking = "hybrid",
    audiences: Sequence[str] = PUBLIC,
) -> list[Suggestion]:
    """Up to `limit` articles a reader of `audiences` may read for what a reader in
    `language` has typed so far, the last word a prefix."""
    words = terms(query)
    if not words or len(" ".join(words)) < SUGGEST_FROM:
        return []
    if len(words) > 1 and len(words[-1]) < 2:
        # A lone letter just typed would match half the index.
        words = words[:-1]
    backend = engine()
    expression = _query(backend, [[w] for w in words], any_term=False, prefix_last=True)
    ids = backend.ranked_ids(
        expression, topic_id=None, language=language, offset=0, limit=limit, audiences=audiences
    )
    if not ids:
        corrected = _corrections(words, backend, language, audiences)
        if corrected:
            expression = _query(backend, corrected, any_term=False, prefix_last=True)
            ids = backend.ranked_ids(
                expression,
                topic_id=None,
                language=language,
                offset=0,
                limit=limit,
                audiences=audiences,
            )
            words = [w for group in corrected for w in group]
    if ranking == "semantic":
        ids = []
    # A word or two being typed has no meaning of its own to match yet.
    meaning = (
        _meaning(query, language=language, topic_id=None, limit=limit, audiences=audiences)
        if ranking == "semantic" or (ranking == "hybrid" and len(words) >= SUGGEST_MEANING_FROM)
        else []
    )
    ids = fused(ids, meaning, weight=semantic_weight(language))[:limit]
    questions = _questions(ids, language)
    suggestions = []
    for article in _articles(ids, audiences):
        question, code = questions.get(article.pk, (article.question, article.language))
        suggestions.append(
            Suggestion(
                article=article,
                question_html=text.highlight(question, words),
                topic=next(iter(article.topics.all()), None),
                language=code,
            )
        )
    return suggestions

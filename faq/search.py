"""Ranked search over published articles, with the matches highlighted."""

import re
from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from faq.markdown import html_to_text
from faq.models import Article, Step

MAX_TERMS = 8
MIN_TERM_LENGTH = 2
SNIPPET_CHARS = 220
RESULT_LIMIT = 50

# Weights: a term in the question matters most, then the answer, then a step.
QUESTION_WEIGHT = 10
ANSWER_WEIGHT = 3
STEP_WEIGHT = 2


@dataclass(frozen=True)
class SearchResult:
    article: Article
    question_html: SafeString
    snippet_html: SafeString


def search_terms(query: str) -> list[str]:
    """The distinct words of a query worth matching, longest first."""
    words = re.findall(r"[\w#!.+@-]+", query.lower())
    terms = []
    for word in words:
        word = word.strip(".-")
        if len(word) >= MIN_TERM_LENGTH and word not in terms:
            terms.append(word)
    return sorted(terms[:MAX_TERMS], key=len, reverse=True)


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape text and wrap each occurrence of a term in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text: str, terms: list[str], length: int = SNIPPET_CHARS) -> str:
    """A window of plain text around the first match."""
    text = " ".join(text.split())
    lower = text.lower()
    hits = [lower.find(t) for t in terms if lower.find(t) >= 0]
    start = max(0, min(hits) - length // 3) if hits else 0
    if start:
        start = text.find(" ", start) + 1 or start
    window = text[start : start + length]
    if start + length < len(text) and " " in window:
        window = window.rsplit(" ", 1)[0]
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(text) else ""
    return prefix + window + suffix


def search_articles(*, query: str) -> list[SearchResult]:
    """Published articles matching any term, best match first."""
    terms = search_terms(query)
    if not terms:
        return []
    score = Value(0, output_field=IntegerField())
    any_match = Q()
    for term in terms:
        in_question = Q(question__icontains=term)
        in_answer = Q(answer_intro__icontains=term) | Q(answer_outro__icontains=term)
        in_step = Exists(Step.objects.filter(article=OuterRef("pk"), body__icontains=term))
        score = (
            score
            + Case(When(in_question, then=QUESTION_WEIGHT), default=0)
            + Case(When(in_answer, then=ANSWER_WEIGHT), default=0)
            + Case(When(in_step, then=STEP_WEIGHT), default=0)
        )
        any_match |= in_question | in_answer | in_step
    articles = (
        Article.objects.published()
        .filter(any_match)
        .annotate(score=score)
        .order_by("-score", "-view_count", "pk")
        .only("pk", "slug", "question", "answer_intro_html", "answer_outro_html", "updated_at")
        .prefetch_related("steps")[:RESULT_LIMIT]
    )
    results = []
    for article in articles:
        answer = html_to_text(article.answer_intro_html + " " + article.answer_outro_html)
        steps = " ".join(html_to_text(step.body_html) for step in article.steps.all())
        body = answer if any(t in answer.lower() for t in terms) else f"{steps} {answer}"
        results.append(
            SearchResult(
                article=article,
                question_html=highlight(article.question, terms),
                snippet_html=highlight(snippet(body, terms), terms),
            )
        )
    return results

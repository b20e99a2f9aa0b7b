"""The read API's topics, search and suggestions, as the site's own pages give them."""

from typing import Any

from django.conf import settings
from django.db.models import Q

from faq import search as search_engine
from faq.models import Topic
from faq.models.audiences import PUBLIC
from faq.selectors.api.articles import site_url
from faq.selectors.translations import topics_translated


def api_topics(*, language: str | None) -> list[dict[str, Any]]:
    """Every topic for everyone with published articles for everyone, with how many, in
    `language` where translated (the API is anonymous)."""
    counted = Topic.objects.readable(PUBLIC).with_published_counts(PUBLIC)
    topics = counted.filter(Q(published_count__gt=0))
    if language is not None:
        topics = topics.with_translation(language)
    shown = language or settings.LANGUAGE_CODE
    return [
        {
            "slug": t.slug,
            "name": t.name,
            "description": t.description,
            "url": site_url("faq:topic", shown, slug=t.slug),
            "articles": t.published_count,  # type: ignore[attr-defined]
        }
        for t in topics_translated(topics.order_by("name"), language)
    ]


def api_search(*, query: str, language: str, topic: str | None, page: int) -> dict[str, Any]:
    """A page of search results as the site's search page ranks them."""
    found_topic = Topic.objects.readable(PUBLIC).filter(slug=topic).first() if topic else None
    results = search_engine.search(query, language=language, topic=found_topic, page=page)
    return {
        "query": query,
        "total": results.total,
        "page": results.page,
        "pages": results.pages,
        "did_you_mean": results.did_you_mean or None,
        "items": [
            {
                "id": hit.article.pk,
                "question": hit.article.question,
                "url": site_url(
                    "faq:article",
                    hit.language or language,
                    pk=hit.article.pk,
                    slug=hit.article.slug,
                ),
                "language": hit.language or language,
                "question_html": str(hit.question_html),
                "snippet_html": str(hit.snippet_html),
                "topic": None if hit.topic is None else hit.topic.slug,
            }
            for hit in results.items
        ],
    }


def api_suggest(*, query: str, language: str) -> list[dict[str, Any]]:
    """What the search box suggests while typing."""
    return [
        {
            "id": s.article.pk,
            "question": s.article.question,
            "url": site_url(
                "faq:article", s.language or language, pk=s.article.pk, slug=s.article.slug
            ),
            "language": s.language or language,
            "question_html": str(s.question_html),
            "topic": None if s.topic is None else s.topic.slug,
        }
        for s in search_engine.suggest(query, language=language)
    ]

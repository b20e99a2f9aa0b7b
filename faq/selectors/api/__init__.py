"""The read API's reads, returning plain JSON-ready values: published articles (articles),
topics and search (reads), and what a token may read (staff)."""

from faq.selectors.api.articles import (
    PAGE_SIZE,
    PAGE_SIZE_MAX,
    ArticleListing,
    CursorError,
    api_article,
    api_articles,
    api_articles_version,
    article_json,
    content_version,
    cursor_decode,
    cursor_encode,
)
from faq.selectors.api.reads import api_search, api_suggest, api_topics
from faq.selectors.api.staff import (
    api_draft,
    api_funnel,
    api_inbox,
    api_statistics,
    api_token_find,
)

__all__ = [
    "PAGE_SIZE",
    "PAGE_SIZE_MAX",
    "ArticleListing",
    "CursorError",
    "api_article",
    "api_articles",
    "api_articles_version",
    "api_draft",
    "api_funnel",
    "api_inbox",
    "api_search",
    "api_statistics",
    "api_suggest",
    "api_token_find",
    "api_topics",
    "article_json",
    "content_version",
    "cursor_decode",
    "cursor_encode",
]

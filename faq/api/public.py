"""The public read API: published articles, topics, search and suggestions, as an anonymous
reader of the site sees them. Each answer's ETag comes from what it depends on, read
before the answer is built, so a client holding it gets a 304 for one or two queries."""

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Path, Query, Router
from ninja.errors import HttpError

from faq.api import schemas
from faq.api.middleware import json_body, not_modified
from faq.api.params import ID_MAX, known_parameters, language_code
from faq.forms import MAX_QUERY_LENGTH
from faq.models import Article, Topic
from faq.models.audiences import PUBLIC, widest
from faq.selectors import api as reads
from faq.selectors import article_counters
from faq.selectors.api import PAGE_SIZE, PAGE_SIZE_MAX, CursorError

router = Router(tags=["articles"])

ERRORS = {400: schemas.Error, 404: schemas.Error, 422: schemas.Error, 429: schemas.Error}
# Answers built in this process, by what they depend on (the content version, in their
# ETag or key) and by the audience they were built for: a new version (any edit) leaves
# old entries unused; the newest are kept.
_bodies: dict[tuple, bytes] = {}
_BODIES_MAX = 512
# The API answers as an anonymous reader of the site sees it: answers for everyone only.
AUDIENCE = widest(PUBLIC)


def forget_bodies() -> None:
    """Drop the bodies kept (tests start each database, and its content version, anew)."""
    _bodies.clear()


def _kept(key: tuple, make: Callable[[], Any]) -> bytes:
    """The JSON of `make()`, built once for `key` (and the audience) in this process."""
    key = (AUDIENCE, *key)
    found = _bodies.get(key)
    if found is None:
        if len(_bodies) >= _BODIES_MAX:
            _bodies.pop(next(iter(_bodies)))
        found = _bodies[key] = json_body(make())
    return found


def _answer(request: HttpRequest, etag: str, body: Callable[[], bytes]) -> HttpResponse:
    """A 304 if the client holds `etag`, else `body()`, with that ETag."""
    if not_modified(request, etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body(), content_type="application/json")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
    # JSON is never rendered as a page, so a policy for one is work for nothing; the
    # documentation page, which is one, keeps it.
    response._csp_exempt = True  # type: ignore[attr-defined]
    return response


@router.get(
    "/articles/",
    response={200: schemas.ArticlePage, 304: None, **ERRORS},
    summary="Published articles, oldest change first",
)
def article_list(
    request: HttpRequest,
    topic: str | None = Query(None, max_length=80, description="A topic's slug."),
    language: str | None = Query(
        None, max_length=10, description="Only articles that exist in this language, in it."
    ),
    updated_since: datetime | None = Query(
        None, description="Only articles changed after this time (ISO 8601, with a zone)."
    ),
    cursor: str | None = Query(None, max_length=200, description="The `next` of a page."),
    limit: int = Query(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX),
) -> HttpResponse:
    known_parameters(request, "topic", "language", "updated_since", "cursor", "limit")
    if updated_since is not None and updated_since.tzinfo is None:
        raise HttpError(400, "updated_since needs a time zone, such as Z or +01:00.")
    # A closed topic is as unknown as one that does not exist.
    if topic is not None and not Topic.objects.readable(PUBLIC).filter(slug=topic).exists():
        raise HttpError(400, f"Unknown topic: {topic}.")
    filters: dict[str, Any] = {
        "language": language_code(language),
        "topic": topic,
        "changed_since": updated_since,
        "cursor": cursor,
        "limit": limit,
    }
    try:
        etag = f'"l{reads.api_articles_version(**filters)}"'
    except CursorError as error:
        raise HttpError(400, str(error)) from None

    def build() -> dict[str, Any]:
        listing = reads.api_articles(**filters)
        following = None
        if listing.next_cursor:
            query = request.GET.copy()
            query["cursor"] = listing.next_cursor
            following = settings.SITE_URL + request.path + "?" + query.urlencode()
        return {"items": listing.items, "next": following}

    return _answer(request, etag, lambda: _kept((etag, request.get_full_path()), build))


@router.get(
    "/articles/{article_id}/",
    response={200: schemas.ArticleOut, 304: None, **ERRORS},
    summary="One published article with its steps",
)
def article_detail(
    request: HttpRequest,
    article_id: int = Path(..., ge=1, le=ID_MAX),
    language: str | None = Query(
        None, max_length=10, description="Its translation into this language, if it has one."
    ),
) -> HttpResponse:
    known_parameters(request, "language")
    code = language_code(language)
    try:
        counters = article_counters(pk=article_id, language=code, audiences=PUBLIC)
    except Article.DoesNotExist:
        raise HttpError(404, "No published article has this id.") from None
    etag = (
        f'"a{article_id}.{code or ""}.{counters.content_version}.'
        f'{counters.view_count}.{counters.yes_count}.{counters.no_count}"'
    )

    def body() -> bytes:
        # Built once a version without its counters, which each answer appends.
        key = ("article", article_id, code, counters.content_version)
        text = _kept(key, lambda: reads.api_article(pk=article_id, language=code))
        counts = (
            f',"counts":{{"views":{counters.view_count},"yes":{counters.yes_count},'
            f'"no":{counters.no_count}}}}}'
        )
        return text[:-1] + counts.encode()

    return _answer(request, etag, body)


@router.get(
    "/topics/",
    response={200: list[schemas.TopicOut], 304: None, **ERRORS},
    summary="Topics with published articles",
    tags=["topics"],
)
def topic_list(
    request: HttpRequest, language: str | None = Query(None, max_length=10)
) -> HttpResponse:
    known_parameters(request, "language")
    code = language_code(language)
    etag = f'"t{reads.content_version()}.{code or ""}"'
    return _answer(request, etag, lambda: _kept((etag,), lambda: reads.api_topics(language=code)))


def _search_etag(*parts: object) -> str:
    """The ETag of a search's answer: the content version and the search, as a digest."""
    text = repr((reads.content_version(), *parts))
    return '"s' + hashlib.blake2b(text.encode(), digest_size=12).hexdigest() + '"'


@router.get(
    "/search/",
    response={200: schemas.SearchOut, 304: None, **ERRORS},
    summary="Search, ranked as the site's search page",
    tags=["search"],
)
def search(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=MAX_QUERY_LENGTH),
    language: str | None = Query(None, max_length=10),
    topic: str | None = Query(None, max_length=80),
    page: int = Query(1, ge=1, le=10_000),
) -> HttpResponse:
    known_parameters(request, "q", "language", "topic", "page")
    code = language_code(language) or settings.LANGUAGE_CODE
    etag = _search_etag(q, code, topic, page)
    return _answer(
        request,
        etag,
        lambda: _kept(
            (etag,), lambda: reads.api_search(query=q, language=code, topic=topic, page=page)
        ),
    )


@router.get(
    "/suggest/",
    response={200: list[schemas.SuggestionOut], 304: None, **ERRORS},
    summary="What the search box suggests while typing",
    tags=["search"],
)
def suggest(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=MAX_QUERY_LENGTH),
    language: str | None = Query(None, max_length=10),
) -> HttpResponse:
    known_parameters(request, "q", "language")
    code = language_code(language) or settings.LANGUAGE_CODE
    etag = _search_etag(q, code)
    return _answer(
        request, etag, lambda: _kept((etag,), lambda: reads.api_suggest(query=q, language=code))
    )

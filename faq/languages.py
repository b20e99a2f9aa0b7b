"""The reader's language on a first visit, and the language of the admin.

Reader pages live at an English address and under /sv/ and /de/. Django's
LocaleMiddleware takes the language from the prefix, and shows English at every
address without one. This middleware, around it, sends a reader who has not
chosen a language yet (no language cookie from the switcher) from an English
address to the same page in the language their browser prefers, if we have it.
A prefix is the reader's own choice, so a prefixed address is never redirected;
nor are forms (POST) or htmx's requests for a part of the page they are on.

The admin has no prefix, and would be English for everyone: it is shown in the
editor's language instead, chosen the same way (the switcher's cookie, else the
browser's).
"""

import functools
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import (
    LocalePrefixPattern,
    NoReverseMatch,
    ResolverMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
)
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import iri_to_uri

# What an answer at an English address depends on: the redirect, or not, follows both.
VARY = ("Accept-Language", "Cookie")


def _names(patterns: list, namespace: str) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


@functools.cache
def reader_views(urlconf: str) -> frozenset[str]:
    """The names of the views under i18n_patterns, the pages that exist in every language."""
    return frozenset(
        name
        for pattern in get_resolver(urlconf).url_patterns
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern)
        for name in _names(pattern.url_patterns, "")
    )


def preferred_language(request: HttpRequest) -> str:
    """The switcher's cookie if it names one of ours, else the best of ours by Accept-Language."""
    # Django's reading: junk in either is skipped, and so is a header too long to be a
    # browser's; English when nothing is left.
    return translation.get_language_from_request(request)


def _english_reader_page(request: HttpRequest) -> ResolverMatch | None:
    """The request's match if it is for a reader page at its English (unprefixed) address."""
    match = request.resolver_match
    if match is None:
        return None
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    if match.view_name not in reader_views(urlconf):
        return None
    return match if translation.get_language_from_path(request.path_info) is None else None


def _is_admin(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and match.app_names[:1] == ["admin"]


class FirstVisitMiddleware:
    """A first visit to an English page goes (302) to the browser's language; the admin's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        outer = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            # LocaleMiddleware leaves the request's language active in the thread: what
            # runs next there (a test, after its client's request) gets back its own.
            translation.activate(outer)
        if _is_admin(request) or (
            request.method in ("GET", "HEAD") and _english_reader_page(request)
        ):
            # A shared cache must not hand one reader's English page (or redirect) to another.
            patch_vary_headers(response, VARY)
        return response

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if _is_admin(request):
            translation.activate(preferred_language(request))
            request.LANGUAGE_CODE = translation.get_language()
            return None
        if request.method not in ("GET", "HEAD") or "HX-Request" in request.headers:
            return None
        match = _english_reader_page(request)
        if match is None:
            return None
        language = preferred_language(request)
        if language == settings.LANGUAGE_CODE:
            return None
        try:
            with translation.override(language):
                path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None
        query = request.META.get("QUERY_STRING", "")
        return HttpResponseRedirect(f"{path}?{iri_to_uri(query)}" if query else path)

"""Public pages: thin views that parse, call one selector and render."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import cache_control

from faq import lang, selectors, services, visitors
from faq.article_context import article_context
from faq.http import HtmxHttpRequest, reader_language, safe_page
from faq.models import Article, Topic, audiences_for
from faq.views import shell
from faq.views.closed import article_closed, topic_closed

# What a 503 asks readers and proxies to wait before trying again.
RETRY_AFTER_SECONDS = 10


@safe_page
def home(request: HtmxHttpRequest) -> HttpResponse:
    page = selectors.home_page(language=lang.active(), audiences=audiences_for(request.user))
    return render(request, "faq/home.html", {"page": page})


def _view_counted(
    request: HtmxHttpRequest, article: Article | selectors.ArticleCounters, *, written: bool
) -> int:
    """1 if this request is a new counted read of the article (written later), else 0;
    `written`: the database holds this reader's read of it today already."""
    if not (article.is_published and visitors.is_countable_view(request)):
        return 0
    key = request.visitor.counting_key
    queued = services.article_view_queue(
        article_id=article.pk, visitor_key=key, written=written, language=reader_language()
    )
    return int(queued)


@safe_page
def article_detail(request: HtmxHttpRequest, pk: int, slug: str) -> HttpResponse:
    if not shell.serves(request):
        return _article_rendered(request, pk, slug)
    try:
        # The shell serves anonymous readers only: what they may read is public.
        visit = selectors.article_visit(
            pk=pk,
            visitor=request.visitor.ref,
            day=timezone.localdate(),
            language=lang.active(),
        )
    except Article.DoesNotExist:
        return article_closed(request, pk)
    article = visit.article
    # The slug in the page's language, its translation's if it has one: any other (an old
    # one, another language's) answers with the address in this language.
    if slug != article.slug:
        return HttpResponsePermanentRedirect(article.get_absolute_url())
    crawler = visitors.is_crawler(request)
    if not crawler:
        # A first-time reader gets an id now, so that tomorrow's visit, or a double
        # submit of their first vote, is recognised as theirs.
        request.visitor.remember()
    article.view_count += _view_counted(request, article, written=visit.viewed_today)
    try:
        return shell.article_response(request, article, state=visit.state, crawler=crawler)
    except shell.ShellError:
        return _article_rendered(request, pk, slug, count=False)


def _article_rendered(
    request: HtmxHttpRequest, pk: int, slug: str, *, count: bool = True
) -> HttpResponse:
    """The article page rendered whole: for signed-in readers and staff previewing drafts."""
    request.visitor.remember()
    try:
        page = selectors.article_page(
            pk=pk, user=request.user, visitor=request.visitor.ref, language=lang.active()
        )
    except Article.DoesNotExist:
        return article_closed(request, pk)
    if slug != page.article.slug:
        return HttpResponsePermanentRedirect(page.article.get_absolute_url())
    if count and visitors.is_countable_view(request):
        written = selectors.view_written(
            article_id=pk, visitor_key=request.visitor.counting_key, day=timezone.localdate()
        )
        page.article.view_count += _view_counted(request, page.article, written=written)
    return render(request, "faq/article_detail.html", article_context(request, page))


@safe_page
def article_redirect(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    try:
        article = selectors.article_row(
            pk=pk, language=lang.active(), user=request.user, drafts=True
        )
    except Article.DoesNotExist:
        # Not the redirect: its slug would tell an outsider what the answer is about.
        return article_closed(request, pk)
    return HttpResponsePermanentRedirect(article.get_absolute_url())


@safe_page
def topic_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    try:
        page = selectors.topic_page(
            slug=slug, language=lang.active(), audiences=audiences_for(request.user)
        )
    except Topic.DoesNotExist:
        return topic_closed(request, slug)
    context = {"topic": page.topic, "articles": page.articles}
    return render(request, "faq/topic_detail.html", context)


@safe_page
@cache_control(no_store=True)
def healthz(request: HtmxHttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@safe_page
def favicon(request: HtmxHttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@safe_page
def robots_txt(request: HtmxHttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri("/sitemap.xml")
    # Signing in is at /accounts/ in English and under each language's prefix.
    prefixes = [f"/{code}" for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    accounts = [f"Disallow: {prefix}/accounts/" for prefix in ["", *prefixes]]
    lines = ["User-agent: *", "Disallow: /admin/", *accounts, f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@safe_page
@cache_control(no_store=True)
def readyz(request: HtmxHttpRequest) -> HttpResponse:
    """Readiness for a load balancer: 503 while the database is unreachable. /healthz
    stays a liveness check that touches nothing, so a restart is not triggered by an outage."""
    report = selectors.readiness()
    return JsonResponse(report, status=200 if report["status"] == "ready" else 503)


def bad_request_page(request: HtmxHttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 handler, without its CSRF re-check: that re-reads the very form that
    could not be read (a huge body, a refused charset) and turned the 400 into a 500."""
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_TEAM": settings.SITE_TEAM}
    return HttpResponseBadRequest(render_to_string("400.html", context))


def server_error(request: HtmxHttpRequest) -> HttpResponse:
    """A styled 500 that needs neither the database nor the request context; a 503 with
    Retry-After when the database could not be reached, so readers and proxies retry."""
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_TEAM": settings.SITE_TEAM}
    # Django calls this handler while it handles the exception, so it is still at hand.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(render_to_string("500.html", context))

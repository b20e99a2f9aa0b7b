"""Staff pages for an article's versions: the list, a version against now, and the restore."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from faq import selectors, services
from faq.converters import id_or_none
from faq.http import allow_methods
from faq.models import Article

VERSIONS = "admin/faq/article/versions.html"
DIFF = "admin/faq/article/version_diff.html"


def _article(request: HttpRequest, pk: int, *, change: bool = False) -> Article:
    """The article, if the user may view (or, with `change`, edit) articles."""
    perm = "faq.change_article" if change else "faq.view_article"
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return get_object_or_404(Article, pk=pk)


def _version_id(value: str) -> int:
    """The version id from the address: junk is a 404 here, not the admin's redirect."""
    version_id = id_or_none(value)
    if version_id is None:
        raise Http404("This article has no such version.")
    return version_id


def _context(request: HttpRequest, article: Article, title: str, **extra) -> dict:
    return {
        **admin.site.each_context(request),
        "title": title,
        "article": article,
        "opts": Article._meta,
        "can_restore": request.user.has_perm("faq.change_article"),
        **extra,
    }


@allow_methods("GET")
def article_versions(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    versions = selectors.article_versions(article=article)
    title = gettext("Versions: %(question)s") % {"question": article.question}
    context = _context(request, article, title, versions=versions)
    return render(request, VERSIONS, context)


@allow_methods("GET")
def article_version_diff(request: HttpRequest, pk: int, version_id: str) -> HttpResponse:
    article = _article(request, pk)
    try:
        diff = selectors.article_diff(article=article, version_id=_version_id(version_id))
    except selectors.VersionNotFoundError:
        raise Http404("This article has no such version.") from None
    when = formats.date_format(timezone.localtime(diff.version.revision.date_created), "j M Y, H:i")
    title = gettext("The version of %(when)s against now") % {"when": when}
    context = _context(request, article, title, diff=diff)
    return render(request, DIFF, context)


@allow_methods("POST")
def article_version_restore(request: HttpRequest, pk: int, version_id: str) -> HttpResponse:
    article = _article(request, pk, change=True)
    try:
        services.article_version_restore(
            article=article, version_id=_version_id(version_id), user=request.user
        )
    except services.VersionNotFoundError:
        raise Http404("This article has no such version.") from None
    messages.success(request, gettext("The version was restored. Readers see it now."))
    return HttpResponseRedirect(reverse("admin:faq_article_versions", args=[article.pk]))

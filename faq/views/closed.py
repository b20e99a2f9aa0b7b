"""What a reader gets for a page they may not see: the page that does not exist, or, for
one there for signed-in readers, a prompt to sign in (never its text)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from faq.http import HtmxHttpRequest
from faq.selectors.audiences import article_needs_sign_in, topic_needs_sign_in

NOT_FOUND = "404.html"
SIGN_IN = "faq/sign_in_required.html"


def _links(name: str, **kwargs) -> list[dict]:
    """The header's language switcher: this address in each language."""
    current = translation.get_language()
    links = []
    for code, label in settings.LANGUAGES:
        with translation.override(code):
            url = reverse(name, kwargs=kwargs)
        links.append({"code": code, "name": label, "url": url, "current": code == current})
    return links


def not_found(request: HtmxHttpRequest) -> HttpResponse:
    """The styled 404, the same whatever address was asked: its links (sign in, other
    languages) go home rather than back, so guessing ids or slugs learns nothing from it,
    not even from its length."""
    context = {"sign_in_next": reverse("faq:home"), "language_links": _links("faq:home")}
    return render(request, NOT_FOUND, context, status=404)


def sign_in_prompt(request: HtmxHttpRequest, *, name: str, kind: str, **kwargs) -> HttpResponse:
    """403 with a way to sign in and come back to the page `name` (a URL name) names; the
    page's own words stay out of it."""
    context = {
        "kind": kind,
        "next": reverse(name, kwargs=kwargs),
        "language_links": _links(name, **kwargs),
    }
    context["sign_in_next"] = context["next"]
    response = render(request, SIGN_IN, context, status=403)
    # Whoever signs in next on this browser must not be shown it from a cache.
    response["Cache-Control"] = "private, no-cache"
    return response


def article_closed(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The answer to an article `request.user` may not read: a sign-in prompt for an
    anonymous reader of one for signed-in readers, else the 404 of one that is not there
    (the same work either way: a reader learns nothing from how long it takes)."""
    if not request.user.is_authenticated and article_needs_sign_in(pk=pk):
        # The short address: its slug would say what the answer is about.
        return sign_in_prompt(request, name="faq:article-short", kind="article", pk=pk)
    return not_found(request)


def topic_closed(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The answer to a topic `request.user` may not see, as article_closed()."""
    if not request.user.is_authenticated and topic_needs_sign_in(slug=slug):
        return sign_in_prompt(request, name="faq:topic", kind="topic", slug=slug)
    return not_found(request)

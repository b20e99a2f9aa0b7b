"""Values every page template needs."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict:
    return {"SITE_NAME": settings.SITE_NAME, "SITE_TEAM": settings.SITE_TEAM}


def language_links(request: HttpRequest) -> list[dict]:
    """This page in each language for the switcher: code, name, url and whether current."""
    # A page that is not in every language (an error, a form's answer) offers each home.
    current = translation.get_language()
    # A form's address is not a page to come back to.
    path = request.get_full_path() if request.method in ("GET", "HEAD") else ""
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code) if path else ""
        if not url or (url == path and code != current):
            with translation.override(code):
                url = reverse("faq:home")
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


def languages(request: HttpRequest) -> dict:
    # Made only if the template asks: htmx's parts of a page do not.
    return {"language_links": SimpleLazyObject(lambda: language_links(request))}

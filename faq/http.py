"""Small HTTP helpers shared by the views."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django_htmx.middleware import HtmxDetails

from faq import lang
from faq.visitors import RequestVisitor


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
    visitor: RequestVisitor


def allow_methods(*methods: str) -> Callable:
    """Like require_http_methods, but answers 405 with the site's styled page."""
    allowed = sorted({m.upper() for m in methods} | ({"HEAD"} if "GET" in methods else set()))

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in allowed:
                return method_not_allowed(request, allowed)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def method_not_allowed(request: HttpRequest, allowed: list[str]) -> HttpResponse:
    """A styled 405 with the Allow header."""
    body = render_to_string("405.html", {"allowed": allowed}, request=request)
    response = HttpResponse(body, status=405)
    response["Allow"] = ", ".join(allowed)
    return response


safe_page = allow_methods("GET")


def bad_request(request: HttpRequest, reason: str) -> HttpResponse:
    """A styled 400 that says what was wrong."""
    body = render_to_string("400.html", {"reason": reason}, request=request)
    return HttpResponse(body, status=400)


def see_other(url: str) -> HttpResponseRedirect:
    """303 See Other: after a form post, the browser GETs the page again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


# The language this request is answered in (LocaleMiddleware's choice) as one of
# settings.LANGUAGES' codes: the one the services record a reader's actions in.
reader_language = lang.active

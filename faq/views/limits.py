"""Rate limits on reader writes: tight per visitor, loose per address."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from faq import visitors
from faq.http import HtmxHttpRequest

RATE_LIMITED = "You have sent a lot in a short time. Please wait a minute and try again."


def limited(
    group: str, visitor_setting: str = "RATE_LIMIT_VISITOR", ip_setting: str = "RATE_LIMIT_IP"
) -> Callable:
    """Count a view's POSTs per visitor and per client address; sets request.limited."""

    def visitor_rate(_group: str, request: HtmxHttpRequest) -> str | None:
        # A reader with no cookie yet is new: only the per-address limit applies,
        # or every first-time reader behind one campus address would share a limit.
        if request.visitor.is_new:
            return None
        return getattr(settings, visitor_setting)

    def ip_rate(_group: str, request: HtmxHttpRequest) -> str:
        return getattr(settings, ip_setting)

    def decorator(view: Callable) -> Callable:
        view = ratelimit(
            group=f"{group}-visitor", key=visitors.ratelimit_key, rate=visitor_rate, block=False
        )(view)
        return ratelimit(group=f"{group}-ip", key="ip", rate=ip_rate, block=False)(view)

    return decorator


def is_limited(request: HtmxHttpRequest) -> bool:
    return getattr(request, "limited", False)


def rate_limited_page(request: HtmxHttpRequest, article) -> HttpResponse:
    """The styled 429 for a plain form post, with the way back to the article; for htmx,
    only the message, swapped in beside the steps, which stay as they were."""
    if request.htmx:
        response = render(
            request, "faq/article_detail.html#rate-limited", {"reason": RATE_LIMITED}, status=429
        )
        # The step the reader ticked is not replaced: only the out-of-band message is.
        response["HX-Reswap"] = "none"
        return response
    return render(request, "429.html", {"reason": RATE_LIMITED, "article": article}, status=429)

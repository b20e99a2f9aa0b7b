"""Rate limits on reader writes: tight per visitor, loose per address."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from faq import ratelimits, visitors
from faq.http import HtmxHttpRequest


class LimitedHttpRequest(HtmxHttpRequest):
    """A request through `limited`, which sets whether it went past a limit."""

    limited: bool


RATE_LIMITED = _("You have sent a lot in a short time. Please wait a minute and try again.")


def limited(
    group: str, visitor_setting: str = "RATE_LIMIT_VISITOR", ip_setting: str = "RATE_LIMIT_IP"
) -> Callable:
    """Count a view's requests per visitor and per client address, in one cache call;
    sets request.limited for the view to answer with rate_limited_page."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: LimitedHttpRequest, *args, **kwargs) -> HttpResponse:
            address = ratelimits.Rate.parse(getattr(settings, ip_setting))
            limits = [ratelimits.Limit(f"{group}-ip", visitors.client_ip(request), address)]
            # A reader with no cookie yet is new: only the per-address limit applies,
            # or every first-time reader behind one campus address would share a limit.
            if not request.visitor.is_new:
                rate = ratelimits.Rate.parse(getattr(settings, visitor_setting))
                who = request.visitor.counting_key
                limits.append(ratelimits.Limit(f"{group}-visitor", who, rate))
            request.limited = ratelimits.over(limits)
            return view(request, *args, **kwargs)

        return wrapper

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

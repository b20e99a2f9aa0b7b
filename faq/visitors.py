"""Who is reading: the one place that reads and writes the visitor cookie.

Views call these functions; none reads the cookie itself. A reader who only
reads costs no database row (just a cookie id); their first vote or check makes one.
"""

import ipaddress
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from faq import services
from faq.models import Visitor

COOKIE_NAME = "hd_visitor"
COOKIE_SALT = "faq.visitor"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60

_BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|headless"
    r"|curl|wget|python-requests|httpx|go-http-client|java/|okhttp|libwww|scrapy|monitor",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class VisitorRef:
    """Who the request comes from, without touching the database."""

    user_id: int | None
    key: uuid.UUID | None


def visitor_ref(request: HttpRequest) -> VisitorRef:
    """The signed-in user, or the anonymous id from the signed cookie, if any."""
    cached = getattr(request, "_visitor_ref", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    key = None
    raw = request.get_signed_cookie(
        COOKIE_NAME, default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE
    )
    if raw:
        try:
            key = uuid.UUID(raw)
        except ValueError:
            key = None
    ref = VisitorRef(user_id=user_id, key=key)
    request._visitor_ref = ref
    return ref


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 (a placeholder, never bound)
    proxies = settings.TRUSTED_PROXIES
    if not proxies or not _in_networks(remote, proxies):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if not _is_ip(hop):
            break
        if not _in_networks(hop, proxies):
            return hop
    return remote


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _in_networks(value: str, networks: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in networks)


def visitor_remember(request: HttpRequest) -> VisitorRef:
    """Give a new anonymous reader a cookie id (no database row) so that a double
    submit of their first vote, or tomorrow's visit, is recognised as them."""
    ref = visitor_ref(request)
    if ref.user_id is None and ref.key is None:
        ref = VisitorRef(user_id=None, key=Visitor.new_key())
        request._visitor_ref = ref
        request._visitor_cookie = str(ref.key)
    return ref


def visitor_key(request: HttpRequest) -> str:
    """A stable string for this reader, for view counting and rate limits."""
    ref = visitor_remember(request)
    if ref.user_id is not None:
        return f"u:{ref.user_id}"
    return f"a:{ref.key.hex}"


def is_new_reader(request: HttpRequest) -> bool:
    """Neither signed in nor carrying a visitor cookie (yet)."""
    return request.user.is_anonymous and visitor_ref(request).key is None


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key for "per visitor" limits."""
    return visitor_key(request)


def is_countable_view(request: HttpRequest) -> bool:
    """Whether this read counts as a view: a person's GET, not a bot, prefetch or staff."""
    if request.method != "GET":
        return False
    meta = request.META
    purpose = " ".join(
        meta.get(h, "")
        for h in ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
    ).lower()
    if "prefetch" in purpose or "preview" in purpose:
        return False
    agent = meta.get("HTTP_USER_AGENT", "")
    if not agent or _BOT_AGENTS.search(agent):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and user.is_staff)


def visitor_ensure(request: HttpRequest) -> Visitor:
    """The request's Visitor row, made (and the cookie queued) on a first write."""
    ref = visitor_remember(request)
    if ref.user_id is not None:
        return services.visitor_get_or_create(user_id=ref.user_id)
    return services.visitor_get_or_create(key=ref.key)


def visitor_signed_in(request: HttpRequest) -> None:
    """Move an anonymous reader's votes and progress to the account they just signed in to."""
    ref = visitor_ref(request)
    if ref.key is not None and request.user.is_authenticated:
        services.visitor_merge(key=ref.key, user_id=request.user.pk)
    # The cookie id is spent: a shared computer must not keep this reader's history.
    request._visitor_cookie = ""
    request._visitor_ref = VisitorRef(user_id=request.user.pk, key=None)


class VisitorCookieMiddleware:
    """Writes the visitor cookie that visitor_ensure or visitor_signed_in queued."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        value = getattr(request, "_visitor_cookie", None)
        if value:
            response.set_signed_cookie(
                COOKIE_NAME,
                value,
                salt=COOKIE_SALT,
                max_age=COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        elif value == "":
            response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return response

"""Who is reading: the one place that reads and signs the visitor cookie.

Views use request.visitor; none reads the cookie itself. It writes nothing to
the database: views hand its VisitorRef to the services, and the service that
first writes for a reader makes their row. A reader who only reads costs no
row (just a cookie id).
"""

import ipaddress
import re
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from faq.models import Visitor, VisitorRef

# The name over plain HTTP, and the one readers had before HTTPS deployments
# moved to "__Host-hd_visitor" (settings.VISITOR_COOKIE_NAME).
COOKIE_NAME = "hd_visitor"
COOKIE_SALT = "faq.visitor"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60

# Programs that fetch pages for an index, a link preview or a script: never a
# person at a browser, and never one who fills in a form.
_CRAWLER_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview"
    r"|curl|wget|python-requests|httpx|go-http-client|java/|okhttp|libwww|scrapy|monitor",
    re.IGNORECASE,
)
# Browsers driven by a script (tests, uptime checks): they may post forms, but
# what they read is not a person's read.
_SCRIPTED_BROWSERS = re.compile(r"headless", re.IGNORECASE)


class RequestVisitor:
    """The reader behind a request, set as request.visitor by VisitorMiddleware.

    Views hand its `ref` to selectors, and `remember()`'s to services, which make
    the reader's row on their first write.
    """

    def __init__(self, request: HttpRequest | None = None, ref: VisitorRef | None = None):
        self._request = request
        self._ref = ref
        # A cookie value to send: an id to set, "" to delete, None to leave alone.
        self.cookie: str | None = None
        # Read from the cookie's old name: it is written under the new one.
        self.renamed = False

    @property
    def ref(self) -> VisitorRef:
        """The signed-in user, or the anonymous id from the signed cookie, if any."""
        if self._ref is None:
            self._ref, self.renamed = _read_ref(self._request)
            if self.renamed and self.cookie is None:
                self.cookie = str(self._ref.key)
        return self._ref

    @property
    def user_id(self) -> int | None:
        return self.ref.user_id

    @property
    def key(self) -> uuid.UUID | None:
        return self.ref.key

    @property
    def is_new(self) -> bool:
        """Neither signed in nor carrying a visitor cookie (yet)."""
        return self.ref.is_new

    def remember(self) -> VisitorRef:
        """Give a new anonymous reader a cookie id (no database row), so that a double
        submit of their first vote, or tomorrow's visit, is recognised as them."""
        if self.is_new:
            self._ref = VisitorRef(user_id=None, key=Visitor.new_key())
            self.cookie = str(self._ref.key)
        return self.ref

    @property
    def counting_key(self) -> str:
        """A stable string for this reader, for view counting and rate limits."""
        return self.remember().counting_key

    def signed_in(self, user_id: int) -> None:
        """Drop the cookie id once the reader signed in: their history now follows the
        account (services.visitor_merge moved it), and a shared computer must not keep it."""
        self.cookie = ""
        self._ref = VisitorRef(user_id=user_id, key=None)


def cookie_name() -> str:
    """The visitor cookie's name: with the __Host- prefix under HTTPS."""
    return getattr(settings, "VISITOR_COOKIE_NAME", COOKIE_NAME)


def _cookie_key(request: HttpRequest, name: str) -> uuid.UUID | None:
    raw = request.get_signed_cookie(name, default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    if raw:
        try:
            return uuid.UUID(raw)
        except ValueError:
            return None
    return None


def _read_ref(request: HttpRequest | None) -> tuple[VisitorRef, bool]:
    """Who the request is from, and whether their id came under the cookie's old name."""
    if request is None:
        return VisitorRef(user_id=None, key=None), False
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    key = _cookie_key(request, cookie_name())
    renamed = False
    if key is None and cookie_name() != COOKIE_NAME:
        # A reader from before the rename keeps their progress and votes.
        key = _cookie_key(request, COOKIE_NAME)
        renamed = key is not None
    return VisitorRef(user_id=user_id, key=key), renamed


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
    if not agent or _CRAWLER_AGENTS.search(agent) or _SCRIPTED_BROWSERS.search(agent):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and user.is_staff)


def is_crawler(request: HttpRequest) -> bool:
    """A program with no cookies and no browser's agent: it reads the page and never
    posts a form, so it is given no CSRF token and no visitor id (no cookies at all)."""
    if request.COOKIES:
        return False
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent or _CRAWLER_AGENTS.search(agent) is not None


class VisitorMiddleware:
    """Sets request.visitor, the way django-htmx sets request.htmx, and writes the
    visitor cookie it queued."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Declared on faq.http.HtmxHttpRequest, the type the views take.
        request.visitor = visitor = RequestVisitor(request)  # type: ignore[attr-defined]
        response = self.get_response(request)
        if visitor.renamed:
            response.delete_cookie(COOKIE_NAME, samesite="Lax")
        if visitor.cookie:
            response.set_signed_cookie(
                cookie_name(),
                visitor.cookie,
                salt=COOKIE_SALT,
                max_age=COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        elif visitor.cookie == "":
            response.delete_cookie(cookie_name(), samesite="Lax")
        return response

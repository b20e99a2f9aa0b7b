"""What every answer under /api/ gets, whatever made it: a rate limit, JSON for every error
(Django's own 404, 405 and 413 included), an ETag with 304 for a match, Cache-Control."""

import hashlib
import json
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from faq import ratelimits, visitors

PREFIX = "/api/"

# What a status means, for answers that came without a JSON body of their own.
REASONS = {
    400: "The request could not be read.",
    401: "A valid API token is needed.",
    403: "This token may not do that.",
    404: "Nothing is at this address.",
    405: "This address does not take that method.",
    413: "The request body is too large.",
    414: "The address is too long.",
}


def json_error(status: int, detail: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    patch_cache_control(response, no_store=True)
    return response


def _limits(request: HttpRequest) -> list[ratelimits.Limit]:
    """An address's limit; a token's own, looser one when the request carries one."""
    token = request.headers.get("Authorization", "")
    if token:
        return [
            ratelimits.Limit(
                "api-token", token, ratelimits.Rate.parse(settings.RATE_LIMIT_API_TOKEN)
            )
        ]
    address = visitors.client_ip(request)
    return [ratelimits.Limit("api-ip", address, ratelimits.Rate.parse(settings.RATE_LIMIT_API))]


def _retry_after(limits: list[ratelimits.Limit], now: float) -> int:
    """Seconds until the longest of the windows starts again."""
    return max(limit.rate.seconds - int(now) % limit.rate.seconds for limit in limits)


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def not_modified(request: HttpRequest, etag: str) -> bool:
    """Whether the client already holds this version (If-None-Match names it, or "*")."""
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    tags = parse_etags(header)
    bare = etag.removeprefix("W/")
    return "*" in tags or any(tag.removeprefix("W/") == bare for tag in tags)


def answer_304(response: HttpResponse) -> HttpResponse:
    """The 304 for a response whose ETag the client holds: its caching headers, no body."""
    found = HttpResponse(status=304)
    for name in ("ETag", "Cache-Control", "Vary"):
        if name in response:
            found[name] = response[name]
    return found


class ApiMiddleware:
    """Rate limits, JSON errors, ETags and Cache-Control for /api/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        now = time.time()
        limits = _limits(request)
        if request.method != "OPTIONS" and ratelimits.over(limits, now=now, ahead=True):
            wait = _retry_after(limits, now)
            return json_error(
                429,
                f"Too many requests: try again in {wait} seconds.",
                **{"Retry-After": str(wait)},
            )
        head = request.method == "HEAD"
        if head:
            # A HEAD is the GET without its body (the API declares GETs only).
            request.method = "GET"
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            # No database stores it (PostgreSQL refuses it outright), and no reader types it.
            return json_error(400, "The address holds a NUL character.")
        response = self.finish(request, self.get_response(request))
        if head:
            request.method = "HEAD"
            length = len(response.content) if not getattr(response, "streaming", False) else 0
            response.content = b""
            if length:
                response["Content-Length"] = str(length)
        return response

    def finish(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        status = response.status_code
        if status >= 400 and not _is_json(response):
            detail = REASONS.get(status, "The request could not be answered.")
            kept = {name: response[name] for name in ("Allow", "Retry-After") if name in response}
            response = json_error(status, detail, **kept)
        if status >= 400:
            patch_cache_control(response, no_store=True)
            return response
        patch_vary_headers(response, ("Authorization",))
        if status != 200 or getattr(response, "streaming", False):
            return response
        if "ETag" not in response:
            response["ETag"] = etag_of(response.content)
        if "Cache-Control" not in response:
            # Staff data (a token's) is the token holder's only; all else is public.
            if "Authorization" in request.headers:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
        if request.method in ("GET", "HEAD") and not_modified(request, response["ETag"]):
            return answer_304(response)
        return response


def json_body(value: object) -> bytes:
    """JSON as the API writes it: UTF-8, compact."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()

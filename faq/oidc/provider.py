"""The OpenID provider as configured: its endpoints (from its discovery document unless the
environment gives them) and its signing keys (JWKS), fetched when first needed and kept in
the process, so a provider that is down costs only its sign-ins, never a start or a page."""

import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt
import requests
from django.conf import settings

DISCOVERY_PATH = "/.well-known/openid-configuration"
# A discovery document and the keys are kept this long before they are fetched again.
KEEP_SECONDS = 3600
# A token signed with a key id we do not hold fetches the keys again (the provider rotated
# them), but at most this often, so forged key ids cannot make us hammer the provider.
REFETCH_SECONDS = 30
ALGORITHM = "RS256"

_lock = threading.Lock()
_documents: dict[str, tuple[float, dict[str, Any]]] = {}
_key_sets: dict[str, tuple[float, list[Any]]] = {}


class ProviderError(Exception):
    """The provider could not be reached, or answered something that is not what it must be."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str


def enabled() -> bool:
    """Single sign-on is on: the issuer, client id and secret are all set."""
    return bool(
        settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID and settings.OIDC_RP_CLIENT_SECRET
    )


def provider() -> Provider:
    """The configured provider's endpoints; discovery is asked only for those not set."""
    issuer = settings.OIDC_ISSUER
    given = {
        "authorization_endpoint": settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        "token_endpoint": settings.OIDC_OP_TOKEN_ENDPOINT,
        "userinfo_endpoint": settings.OIDC_OP_USER_ENDPOINT,
        "jwks_uri": settings.OIDC_OP_JWKS_ENDPOINT,
    }
    required = ("authorization_endpoint", "token_endpoint", "jwks_uri")
    if all(given[name] for name in required):
        return Provider(issuer=issuer, **given)
    document = _discovery(issuer)
    found = {name: given[name] or document.get(name) or "" for name in given}
    for name, url in found.items():
        if (name in required or url) and not _is_http_url(url):
            raise ProviderError(f"The discovery document of {issuer} has no usable {name}.")
    return Provider(issuer=issuer, **found)


def signing_key(jwks_uri: str, *, kid: str | None) -> jwt.PyJWK:
    """The provider's RS256 key with this key id (the only one, when the token names none)."""
    key = _key_match(_key_set(jwks_uri, fresh=False), kid)
    if key is None and _may_refetch(jwks_uri):
        key = _key_match(_key_set(jwks_uri, fresh=True), kid)
    if key is None:
        raise jwt.InvalidKeyError(f"The provider publishes no RS256 key with id {kid!r}.")
    return key


def forget() -> None:
    """Drop the kept documents and keys (tests, or a provider moved to another address)."""
    with _lock:
        _documents.clear()
        _key_sets.clear()


def _discovery(issuer: str) -> dict[str, Any]:
    with _lock:
        kept = _documents.get(issuer)
    if kept is not None and time.monotonic() - kept[0] < KEEP_SECONDS:
        return kept[1]
    document = _get_json(issuer.rstrip("/") + DISCOVERY_PATH)
    # OpenID Connect Discovery 1.0, 4.3: the document must name exactly the issuer asked,
    # or tokens from another issuer could be taken for this one's.
    if document.get("issuer") != issuer:
        raise ProviderError(
            f"The discovery document of {issuer} names the issuer {document.get('issuer')!r}."
        )
    with _lock:
        _documents[issuer] = (time.monotonic(), document)
    return document


def _key_set(jwks_uri: str, *, fresh: bool) -> list[Any]:
    with _lock:
        kept = _key_sets.get(jwks_uri)
    if not fresh and kept is not None and time.monotonic() - kept[0] < KEEP_SECONDS:
        return kept[1]
    keys = _get_json(jwks_uri).get("keys")
    if not isinstance(keys, list):
        raise ProviderError(f"{jwks_uri} lists no keys.")
    with _lock:
        _key_sets[jwks_uri] = (time.monotonic(), keys)
    return keys


def _may_refetch(jwks_uri: str) -> bool:
    with _lock:
        kept = _key_sets.get(jwks_uri)
    return kept is None or time.monotonic() - kept[0] >= REFETCH_SECONDS


def _key_match(keys: list[Any], kid: str | None) -> jwt.PyJWK | None:
    candidates = [
        key
        for key in keys
        if isinstance(key, dict)
        and key.get("kty") == "RSA"
        and key.get("use", "sig") == "sig"
        and key.get("alg", ALGORITHM) == ALGORITHM
        and (kid is None or key.get("kid") == kid)
    ]
    # Without a key id, only a provider with one key says which key signed.
    if len(candidates) != 1:
        return None
    try:
        return jwt.PyJWK(candidates[0], algorithm=ALGORITHM)
    except jwt.PyJWTError:
        return None


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderError(f"{url}: {error}") from error
    if not isinstance(data, dict):
        raise ProviderError(f"{url} answered no JSON object.")
    return data


def _is_http_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)

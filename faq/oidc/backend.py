"""Signing in through the OpenID provider: mozilla-django-oidc's backend, with every check of
the ID token made (the library checks the signature, the expiry and the nonce, but not the
issuer or the audience), users found by their subject, and every failure a refusal that signs
nobody in rather than an error."""

import hmac
import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from faq import services
from faq.oidc.provider import ALGORITHM, ProviderError, enabled, provider, signing_key

logger = logging.getLogger(__name__)

# Clocks differ a little between the provider and us.
LEEWAY_SECONDS = 60
# Claims every ID token must carry (OpenID Connect Core 1.0, 2).
REQUIRED_CLAIMS = ["iss", "sub", "aud", "exp", "iat"]
SUBJECT_MAX_LENGTH = 255


class SignInRefused(PermissionDenied):
    """The provider's answer did not pass. django.contrib.auth stops at a PermissionDenied,
    reports the failed sign-in, and signs nobody in; the callback then says so."""


def not_a_password_sign_in(request: HttpRequest, credentials: dict | None) -> bool:
    """django-axes' whitelist: the OpenID callback (a nonce, no user name) guesses no password,
    and counting its failures would lock everyone behind a campus address out of it."""
    return credentials is not None and "nonce" in credentials and not credentials.get("username")


class SignInBackend(OIDCAuthenticationBackend):
    """Answers only the OpenID callback; finds or makes the user through the services."""

    def __init__(self, *args, **kwargs):
        # Nothing is asked of the provider here: every sign-in, a password's too, makes the
        # backends, and must neither wait on the provider nor fail with it.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = ALGORITHM
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_OP_TOKEN_ENDPOINT = self.OIDC_OP_USER_ENDPOINT = self.OIDC_OP_JWKS_ENDPOINT = ""
        self.issuer = ""

    def authenticate(self, request, **kwargs):
        # Only the callback passes a nonce: a password sign-in is not ours to answer.
        if request is None or "nonce" not in kwargs or not enabled():
            return None
        try:
            found = provider()
            self.issuer = found.issuer
            self.OIDC_OP_TOKEN_ENDPOINT = found.token_endpoint
            self.OIDC_OP_USER_ENDPOINT = found.userinfo_endpoint
            self.OIDC_OP_JWKS_ENDPOINT = found.jwks_uri
            return super().authenticate(request, **kwargs)
        except (
            ProviderError,
            requests.RequestException,
            jwt.PyJWTError,
            SuspiciousOperation,
            ValueError,
        ) as error:
            # A replayed code, a forged or expired token, a provider that is down: logged for
            # the team, one message for the reader.
            logger.warning("Single sign-on refused: %s", error)
            raise SignInRefused(str(error)) from error

    def get_token(self, payload):
        answer = super().get_token(payload)
        if not isinstance(answer, dict):
            raise SuspiciousOperation("The token endpoint answered no JSON object.")
        return answer

    def verify_token(self, token, **kwargs):
        """The ID token's payload once its signature (RS256, the provider's key), issuer,
        audience, times and, for the ID token, nonce all pass; else an exception."""
        if not isinstance(token, str) or token.count(".") != 2:
            raise SuspiciousOperation("The provider sent no signed token.")
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM:
            raise SuspiciousOperation(f"The token is signed with {header.get('alg')!r}.")
        kid = header.get("kid")
        key = signing_key(self.OIDC_OP_JWKS_ENDPOINT, kid=kid if isinstance(kid, str) else None)
        payload = jwt.decode(
            token,
            key=key,
            algorithms=[ALGORITHM],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": REQUIRED_CLAIMS},
        )
        audience = payload["aud"]
        # A token for several clients must say it was issued to us (Core 1.0, 3.1.3.7).
        several = isinstance(audience, list) and len(audience) > 1
        if several and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("The token was issued to another client.")
        # The user info endpoint's signed answer carries no nonce; the ID token must.
        if "nonce" in kwargs:
            expected, got = kwargs["nonce"], payload.get("nonce")
            if not isinstance(expected, str) or not isinstance(got, str):
                raise SuspiciousOperation("The token has no nonce.")
            if not hmac.compare_digest(expected.encode(), got.encode()):
                raise SuspiciousOperation("The token's nonce is not this sign-in's.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with the user info endpoint's (if any) over them."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            info = super().get_userinfo(access_token, id_token, payload)
            if not isinstance(info, dict) or info.get("sub") != payload["sub"]:
                raise SuspiciousOperation("The user info is about another subject.")
            claims.update(info)
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        return services.identity_sign_in(
            account=account_from_claims(claims, issuer=self.issuer),
            group_map=settings.OIDC_GROUP_MAP,
        )


def account_from_claims(claims: dict[str, Any], *, issuer: str) -> services.ProviderAccount:
    """The provider account the verified claims describe."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > SUBJECT_MAX_LENGTH:
        raise SuspiciousOperation("The token's subject is missing or too long.")
    return services.ProviderAccount(
        issuer=issuer,
        subject=subject,
        username=_text(claims, "preferred_username"),
        email=_text(claims, "email"),
        first_name=_text(claims, "given_name"),
        last_name=_text(claims, "family_name"),
        groups=_groups(claims.get(settings.OIDC_GROUPS_CLAIM)),
    )


def _text(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


def _groups(value: object) -> frozenset[str]:
    """A groups claim: a list of names (or ids), or one name alone."""
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list):
        return frozenset(item for item in value if isinstance(item, str))
    return frozenset()

"""faq.oidc.provider: the provider's endpoints from its discovery document (asked once per
process, or not at all when the environment names them) and its keys, found again when a
token names a key id we do not hold, but not more often than REFETCH_SECONDS."""

import jwt
import pytest

from faq.oidc import provider as oidc_provider
from tests.servers import free_port


@pytest.fixture(autouse=True)
def _nothing_kept():
    oidc_provider.forget()
    yield
    oidc_provider.forget()


@pytest.fixture
def fetches(monkeypatch):
    """The addresses asked of the provider."""
    asked: list[str] = []
    real = oidc_provider.requests.get

    def get(url, **kwargs):
        asked.append(url)
        return real(url, **kwargs)

    monkeypatch.setattr(oidc_provider.requests, "get", get)
    return asked


@pytest.mark.django_db
def test_discovery_gives_the_endpoints_once_per_process(oidc, fetches):
    found = oidc_provider.provider()
    assert found.issuer == oidc.issuer
    assert found.authorization_endpoint == f"{oidc.issuer}/authorize"
    assert found.token_endpoint == f"{oidc.issuer}/token"
    assert found.userinfo_endpoint == f"{oidc.issuer}/userinfo"
    assert found.jwks_uri == f"{oidc.issuer}/jwks"
    assert oidc_provider.provider() == found
    assert fetches == [f"{oidc.issuer}/.well-known/openid-configuration"]


def test_endpoints_in_the_environment_need_no_discovery(settings, fetches):
    nowhere = f"http://127.0.0.1:{free_port()}"
    settings.OIDC_ISSUER = f"{nowhere}/realms/staff"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{nowhere}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{nowhere}/token"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{nowhere}/certs"
    found = oidc_provider.provider()
    assert (found.token_endpoint, found.userinfo_endpoint) == (f"{nowhere}/token", "")
    assert fetches == []


def test_a_provider_that_is_down_is_a_provider_error(settings):
    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}/realms/staff"
    with pytest.raises(oidc_provider.ProviderError):
        oidc_provider.provider()


@pytest.mark.django_db
def test_an_unknown_key_id_fetches_the_keys_again_but_not_every_time(oidc, fetches):
    jwks = oidc_provider.provider().jwks_uri
    kid = jwt.PyJWKSet.from_json(oidc_provider.requests.get(jwks, timeout=5).text).keys[0].key_id
    fetches.clear()
    assert oidc_provider.signing_key(jwks, kid=kid).key_id == kid
    assert oidc_provider.signing_key(jwks, kid=None).key_id == kid
    for _ in range(3):
        with pytest.raises(jwt.InvalidKeyError):
            oidc_provider.signing_key(jwks, kid="rotated-away")
    assert fetches == [jwks]


@pytest.mark.parametrize(
    "unusable",
    [
        {"kty": "EC", "kid": "k", "crv": "P-256", "x": "x", "y": "y"},
        {"kty": "RSA", "kid": "k", "use": "enc", "n": "AQAB", "e": "AQAB"},
        {"kty": "RSA", "kid": "k", "alg": "RS512", "n": "AQAB", "e": "AQAB"},
        {"kty": "RSA", "kid": "k"},
        "not a key",
    ],
)
def test_keys_not_for_rs256_signatures_are_never_used(unusable):
    assert oidc_provider._key_match([unusable], "k") is None

"""Forged and replayed single sign-on callbacks, through the real callback and a real provider
(tests/oidc_provider/, whose token endpoint forges the ID token for the people told to): each
is refused with a redirect to the sign-in page and a message, never a 500, and changes
nothing: no user made or signed in, no attempt counted against an address, progress kept."""

import pytest
import requests
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client

from faq.identities.models import SignInIdentity
from faq.models import Run, Visitor
from tests.factories import make_article
from tests.oidc import (
    callback_for,
    person,
    provider_browser,
    query,
    sign_in,
    signed_in_user_id,
    start,
)
from tests.servers import free_port

pytestmark = pytest.mark.django_db

MESSAGE = "Signing in with University Login did not work."


def assert_refused(client: Client, answer, users_before: int = 0) -> None:
    """Back to the sign-in page with the message; nobody signed in, nobody new."""
    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/login/"
    assert signed_in_user_id(client) is None
    assert User.objects.count() == users_before
    assert SignInIdentity.objects.count() == users_before
    assert not AccessAttempt.objects.exists()
    page = client.get(answer["Location"])
    assert page.status_code == 200
    assert MESSAGE in page.content.decode()


# The token endpoint's refusals first: their descriptions mention other reasons' words.
REASONS = [
    "invalid_grant",
    "invalid_client",
    "Invalid issuer",
    "Audience doesn't match",
    "issued to another client",
    "nonce is not this sign-in's",
    "Signature has expired",
    "not yet valid (iat)",
    "Signature verification failed",
    "signed with 'none'",
    "signed with 'HS256'",
]


def refusals(caplog) -> list[str]:
    """Why each sign-in was refused, as logged for the team (the part the test names)."""
    found = []
    for record in caplog.records:
        message = record.getMessage()
        if message.startswith("Single sign-on refused: "):
            found.append(message.removeprefix("Single sign-on refused: "))
    return [next((part for part in REASONS if part in message), message) for message in found]


@pytest.mark.parametrize(
    ("misbehave", "reason"),
    [
        ("wrong-issuer", "Invalid issuer"),
        ("wrong-audience", "Audience doesn't match"),
        ("shared-audience", "issued to another client"),
        ("wrong-nonce", "nonce is not this sign-in's"),
        ("expired", "Signature has expired"),
        ("issued-later", "not yet valid (iat)"),
        ("wrong-key", "Signature verification failed"),
        ("unsigned", "signed with 'none'"),
        ("client-secret", "signed with 'HS256'"),
    ],
)
def test_a_forged_id_token_is_refused_by_its_own_check(oidc, caplog, misbehave, reason):
    mallory = person(oidc, f"mallory-{misbehave}", groups=["it-support"], misbehave=misbehave)
    client = Client()
    assert_refused(client, sign_in(client, provider_browser(oidc, mallory)))
    assert refusals(caplog) == [reason]


def test_a_refused_sign_in_leaves_the_readers_progress_and_whoever_is_signed_in(
    oidc, django_user_model
):
    article = make_article("How do I sync?", steps=2)
    step = article.steps.order_by("position").first()
    reader = Client()
    reader.post(f"{article.get_absolute_url()}steps/{step.pk}/", {"done": "1"})
    mallory = person(oidc, "mallory", misbehave="wrong-audience")
    answer = sign_in(reader, provider_browser(oidc, mallory))
    assert_refused(reader, answer)
    assert "hd_visitor" not in answer.cookies
    assert Run.objects.get().visitor == Visitor.objects.get(user__isnull=True)

    local = django_user_model.objects.create_user("local")
    signed_in = Client()
    signed_in.force_login(local)
    assert sign_in(signed_in, provider_browser(oidc, mallory))["Location"] == "/accounts/login/"
    assert signed_in_user_id(signed_in) == local.pk


def test_a_wrong_or_missing_state_or_code_is_refused(oidc):
    ann = person(oidc, "ann")
    client = Client()
    back = callback_for(provider_browser(oidc, ann), start(client))
    path, params = back.split("?")[0], query(back)
    for forged in (
        f"{path}?code={params['code']}&state=forged",
        f"{path}?code={params['code']}",
        f"{path}?state={params['state']}",
        path,
        f"{path}?code=%00&state=%00",
        f"{path}?code={'c' * 5000}&state={'s' * 5000}",
        f"{path}?code={params['code']}&state={params['state']}&state=forged",
    ):
        assert_refused(client, client.get(forged))
    # Nothing was used up: the genuine answer still signs her in.
    assert client.get(back).status_code == 302
    assert signed_in_user_id(client) is not None


def test_a_replayed_callback_is_refused(oidc):
    ann = person(oidc, "ann")
    client = Client()
    back = callback_for(provider_browser(oidc, ann), start(client))
    client.get(back)
    user_id = signed_in_user_id(client)
    client.post("/accounts/logout/")
    # The same answer again, in the same browser (its state is used up)...
    assert_refused(client, client.get(back), users_before=1)
    # ...and in another one that never started a sign-in (a stolen or planted link).
    other = Client()
    assert_refused(other, other.get(back), users_before=1)
    assert User.objects.get().pk == user_id


def test_a_used_code_with_a_fresh_state_is_refused_by_the_provider(oidc, caplog):
    ann = person(oidc, "ann")
    first = Client()
    used = query(callback_for(provider_browser(oidc, ann), start(first)))
    first.get(f"/accounts/oidc/callback/?code={used['code']}&state={used['state']}")
    attacker = Client()
    fresh = query(start(attacker))
    answer = attacker.get(f"/accounts/oidc/callback/?code={used['code']}&state={fresh['state']}")
    assert_refused(attacker, answer, users_before=1)
    assert refusals(caplog) == ["invalid_grant"]


def test_a_stolen_code_is_useless_without_its_pkce_verifier(oidc, caplog):
    ann = person(oidc, "ann")
    victim = Client()
    back = callback_for(provider_browser(oidc, ann), start(victim))
    stolen = query(back)["code"]
    attacker = Client()
    state = query(start(attacker))["state"]
    answer = attacker.get(f"/accounts/oidc/callback/?code={stolen}&state={state}")
    assert_refused(attacker, answer)
    assert refusals(caplog) == ["invalid_grant"]
    assert victim.get(back).status_code == 302
    assert signed_in_user_id(victim) is not None


def test_an_error_from_the_provider_is_refused_and_its_state_used_up(oidc, settings):
    # prompt=none with nobody signed in at the provider: it answers login_required.
    settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"prompt": "none"}
    client = Client()
    nobody = requests.Session()
    back = nobody.get(start(client), allow_redirects=False).headers["Location"]
    assert query(back)["error"] == "login_required"
    assert_refused(client, client.get(back.removeprefix("http://testserver")))
    assert query(back)["state"] not in client.session.get("oidc_states", {})


def test_a_forged_error_signs_nobody_out(oidc, django_user_model):
    local = django_user_model.objects.create_user("local")
    client = Client()
    client.force_login(local)
    answer = client.get("/accounts/oidc/callback/?error=access_denied&state=forged")
    assert answer["Location"] == "/accounts/login/"
    assert signed_in_user_id(client) == local.pk


def test_a_wrong_client_secret_is_refused(oidc, settings, caplog):
    settings.OIDC_RP_CLIENT_SECRET = "not-the-secret"
    ann = person(oidc, "ann")
    client = Client()
    assert_refused(client, sign_in(client, provider_browser(oidc, ann)))
    assert refusals(caplog) == ["invalid_client"]


def test_a_provider_that_does_not_answer_is_a_message_not_an_error(oidc, settings):
    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}/openid"
    client = Client()
    answer = client.get("/accounts/oidc/start/")
    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/login/"
    assert MESSAGE in client.get("/accounts/login/").content.decode()


def test_a_discovery_document_for_another_issuer_is_refused(oidc, settings):
    # The document at this address names the issuer without the trailing slash.
    settings.OIDC_ISSUER = oidc.issuer + "/"
    client = Client()
    assert client.get("/accounts/oidc/start/")["Location"] == "/accounts/login/"


def test_the_callback_takes_only_get(oidc):
    answer = Client().post("/accounts/oidc/callback/", {"code": "x", "state": "y"})
    assert answer.status_code == 405

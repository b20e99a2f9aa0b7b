"""Single sign-on with OpenID Connect against a real provider (tests/oidc_provider/ in its own
process): accounts found by their subject, groups mapped at every sign-in, the reader's
progress following them in, and local accounts working beside it."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from faq.identities.models import SignInIdentity
from faq.models import Run, Visitor, Vote
from tests.factories import make_article
from tests.oidc import (
    CLIENT_ID,
    person,
    provider_browser,
    query,
    sign_in,
    signed_in_user_id,
    start,
)

pytestmark = pytest.mark.django_db


def group_names(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_a_first_sign_in_makes_the_user_and_the_next_finds_them_by_subject(oidc):
    ann = person(oidc, "ann", email="ann@uni.example", given_name="Ann", family_name="Lee")
    client = Client()
    answer = sign_in(client, provider_browser(oidc, ann), next_url="/topics/")
    assert answer.status_code == 302
    assert answer["Location"] == "/topics/"
    user = User.objects.get(pk=signed_in_user_id(client))
    assert (user.username, user.email, user.first_name, user.last_name) == (
        "ann",
        "ann@uni.example",
        "Ann",
        "Lee",
    )
    assert not user.has_usable_password()
    identity = SignInIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (oidc.issuer, ann.sub)

    # The provider renames her and changes her email: the subject still finds her.
    ann = person(oidc, "ann", rename="ann.lee", email="ann.lee@uni.example")
    again = Client()
    assert sign_in(again, provider_browser(oidc, ann)).status_code == 302
    assert signed_in_user_id(again) == user.pk
    assert User.objects.count() == 1
    user.refresh_from_db()
    assert (user.username, user.email) == ("ann", "ann.lee@uni.example")


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_after_signing_in_no_address_elsewhere_is_followed(oidc, elsewhere):
    gil = person(oidc, "gil")
    answer = sign_in(Client(), provider_browser(oidc, gil), next_url=elsewhere)
    assert answer["Location"] == "/"


def test_the_request_uses_the_code_flow_with_pkce_state_and_nonce(oidc):
    params = query(start(Client()))
    assert params["response_type"] == "code"
    assert params["client_id"] == CLIENT_ID
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43
    assert params["state"]
    assert params["nonce"]
    assert params["redirect_uri"] == "http://testserver/accounts/oidc/callback/"
    assert set(params["scope"].split()) == {"openid", "email", "profile"}


def test_an_email_or_name_already_here_takes_over_no_account(oidc, django_user_model):
    local = django_user_model.objects.create_user(
        "bo", email="bo@uni.example", password="a-long-password-1", is_staff=True
    )
    bo = person(oidc, "bo", email="bo@uni.example")
    client = Client()
    sign_in(client, provider_browser(oidc, bo))
    user = User.objects.get(pk=signed_in_user_id(client))
    assert user.pk != local.pk
    assert user.username == "bo-2"
    assert not user.is_staff


def test_a_mapped_group_makes_an_editor_and_its_removal_at_the_provider_undoes_it(oidc):
    reviewers = Group.objects.create(name="Reviewers")
    cy = person(oidc, "cy", groups=["it-support", "library"])
    client = Client()
    sign_in(client, provider_browser(oidc, cy))
    user = User.objects.get(pk=signed_in_user_id(client))
    assert group_names(user) == {"Editors"}
    assert user.is_staff
    # Given by hand: a group outside the map, and Publishers (in the map).
    user.groups.add(reviewers, Group.objects.get(name="Publishers"))
    assert client.get("/admin/").status_code == 200

    cy = person(oidc, "cy", groups=["it-publishers"])
    sign_in(Client(), provider_browser(oidc, cy))
    user.refresh_from_db()
    assert group_names(user) == {"Publishers", "Reviewers"}
    assert user.is_staff

    cy = person(oidc, "cy", groups=[])
    later = Client()
    sign_in(later, provider_browser(oidc, cy))
    user.refresh_from_db()
    assert group_names(user) == {"Reviewers"}
    assert not user.is_staff
    assert later.get("/admin/").status_code == 403


def test_staff_status_given_by_hand_outlives_the_mapped_groups(oidc):
    dee = person(oidc, "dee", groups=[])
    sign_in(Client(), provider_browser(oidc, dee))
    user = User.objects.get(username="dee")
    user.is_staff = True
    user.save()
    dee = person(oidc, "dee", groups=["it-support"])
    sign_in(Client(), provider_browser(oidc, dee))
    dee = person(oidc, "dee", groups=[])
    sign_in(Client(), provider_browser(oidc, dee))
    user.refresh_from_db()
    assert user.is_staff
    assert group_names(user) == set()


def test_anonymous_progress_and_votes_move_to_the_account(oidc):
    article = make_article("How do I sync?", steps=3)
    steps = list(article.steps.order_by("position"))
    reader = Client()
    reader.post(f"{article.get_absolute_url()}steps/{steps[0].pk}/", {"done": "1"})
    reader.post(f"{article.get_absolute_url()}vote/", {"helpful": "yes"})
    anonymous = Visitor.objects.get(user__isnull=True)
    assert Run.objects.filter(visitor=anonymous).exists()

    eve = person(oidc, "eve")
    answer = sign_in(reader, provider_browser(oidc, eve), next_url=article.get_absolute_url())
    assert answer.status_code == 302
    user_id = signed_in_user_id(reader)
    visitor = Visitor.objects.get(user_id=user_id)
    assert Run.objects.get().visitor == visitor
    assert Vote.objects.get().visitor == visitor
    assert not Visitor.objects.filter(user__isnull=True).exists()
    # The cookie id is dropped, so a shared computer keeps nothing of hers.
    assert answer.cookies["hd_visitor"].value == ""
    # On another device, signed in the same way, her tick is there.
    phone = Client()
    sign_in(phone, provider_browser(oidc, eve))
    assert "1 of 3 steps done" in phone.get(article.get_absolute_url()).content.decode()


def test_local_accounts_still_sign_in_beside_the_button(oidc, django_user_model):
    django_user_model.objects.create_user("local", password="a-long-password-1")
    client = Client()
    page = client.get("/accounts/login/?next=/topics/").content.decode()
    assert 'href="/accounts/oidc/start/?next=%2Ftopics%2F"' in page
    assert "Sign in with University Login" in page
    assert 'name="password"' in page
    answer = client.post("/accounts/login/", {"username": "local", "password": "a-long-password-1"})
    assert answer.status_code == 302
    assert User.objects.get(pk=signed_in_user_id(client)).username == "local"
    assert not SignInIdentity.objects.exists()


def test_the_admin_sign_in_page_offers_the_button_too(oidc):
    page = Client().get("/admin/login/?next=/admin/").content.decode()
    assert 'href="/accounts/oidc/start/?next=%2Fadmin%2F"' in page
    assert 'id="login-form"' in page


def test_a_deactivated_account_is_not_signed_in(oidc):
    fay = person(oidc, "fay")
    sign_in(Client(), provider_browser(oidc, fay))
    User.objects.filter(username="fay").update(is_active=False)
    client = Client()
    answer = sign_in(client, provider_browser(oidc, fay))
    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/login/"
    assert signed_in_user_id(client) is None


def test_without_configuration_there_is_no_button_and_no_sign_in_address(client):
    page = client.get("/accounts/login/").content.decode()
    assert "/accounts/oidc/" not in page
    assert "Sign in with" not in page
    assert client.get("/accounts/oidc/start/").status_code == 404
    assert client.get("/accounts/oidc/callback/?code=x&state=y").status_code == 404
    assert "/accounts/oidc/" not in client.get("/admin/login/").content.decode()

"""services.identity_sign_in: the user behind a provider account, found by issuer and subject,
with a free user name, the provider's details, and exactly the mapped groups it gives now."""

import pytest
from django.contrib.auth.models import Group, User

from faq import services
from faq.identities.models import SignInIdentity
from faq.services import ProviderAccount

pytestmark = pytest.mark.django_db

ISSUER = "https://login.uni.example/realms/staff"
MAP = {"it-support": ["Editors"], "it-publishers": ["Publishers", "Editors"]}


@pytest.fixture(autouse=True)
def _roles():
    services.roles_sync()


def sign_in(subject: str = "s-1", issuer: str = ISSUER, **details) -> User:
    account = ProviderAccount(issuer=issuer, subject=subject, **details)
    return services.identity_sign_in(account=account, group_map=MAP)


def test_the_same_subject_is_the_same_user_whatever_its_name_and_email():
    first = sign_in(username="ann", email="ann@uni.example")
    again = sign_in(username="someone-else", email="other@uni.example")
    assert again.pk == first.pk
    assert (again.username, again.email) == ("ann", "other@uni.example")


def test_the_same_subject_at_another_issuer_is_another_user():
    here = sign_in(username="ann")
    there = sign_in(issuer="https://other.example", username="ann")
    assert here.pk != there.pk
    assert there.username == "ann-2"
    assert SignInIdentity.objects.count() == 2


def test_user_names_are_made_free_and_valid(django_user_model):
    django_user_model.objects.create_user("Kim")
    django_user_model.objects.create_user("kim-2")
    assert sign_in("a", username="kim").username == "kim-3"
    assert sign_in("b", email="lee@uni.example").username == "lee@uni.example"
    assert sign_in("c", username="Jo Bloggs <jo>").username == "JoBloggsjo"
    assert sign_in("d").username == "user-d"
    long = sign_in("e", username="x" * 300).username
    assert len(long) <= 150


def test_details_from_the_provider_win_but_a_missing_claim_keeps_the_value():
    user = sign_in(username="ann", email="ann@uni.example", first_name="Ann", last_name="Lee")
    user = sign_in(username="ann", email="", first_name="Anne", last_name="")
    assert (user.email, user.first_name, user.last_name) == ("ann@uni.example", "Anne", "Lee")


def test_mapped_groups_follow_the_provider_and_others_stay():
    user = sign_in(groups=frozenset({"it-publishers", "students"}))
    assert set(user.groups.values_list("name", flat=True)) == {"Editors", "Publishers"}
    assert user.is_staff
    user.groups.add(Group.objects.create(name="Reviewers"))
    user = sign_in(groups=frozenset({"it-support"}))
    assert set(user.groups.values_list("name", flat=True)) == {"Editors", "Reviewers"}
    user = sign_in(groups=frozenset())
    assert set(user.groups.values_list("name", flat=True)) == {"Reviewers"}
    assert not user.is_staff


def test_a_map_to_a_group_that_does_not_exist_makes_neither_group_nor_staff(caplog):
    account = ProviderAccount(issuer=ISSUER, subject="s", groups=frozenset({"it-support"}))
    user = services.identity_sign_in(account=account, group_map={"it-support": ["Nobody"]})
    assert not user.is_staff
    assert not Group.objects.filter(name="Nobody").exists()
    assert "Nobody" in caplog.text


def test_superusers_and_hand_given_staff_keep_their_status():
    user = sign_in()
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    user = sign_in(groups=frozenset({"it-support"}))
    user = sign_in(groups=frozenset())
    assert (user.is_staff, user.is_superuser) == (True, True)


def test_an_account_without_issuer_or_subject_is_refused():
    with pytest.raises(ValueError, match="issuer and subject"):
        sign_in(subject="")
    assert not User.objects.exists()


def test_a_parallel_first_sign_in_of_the_same_account_gets_the_same_user(monkeypatch):
    from faq.services import identities

    first = sign_in(username="ann")
    real_find, calls = identities._identity_find, []

    def find_late(account):
        # As if another request linked the account between our look and our insert.
        calls.append(account)
        return None if len(calls) == 1 else real_find(account)

    monkeypatch.setattr(identities, "_identity_find", find_late)
    assert sign_in(username="ann").pk == first.pk
    assert list(User.objects.values_list("username", flat=True)) == ["ann"]

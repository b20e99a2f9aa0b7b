"""Sign-in against password guessing (django-axes): lockout per user name and address,
kept in the database, so it holds across workers and without Redis."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.test_cache_outage import redis_gone  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"


@pytest.fixture
def reader(django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 3
    return django_user_model.objects.create_user("reader", password=PASSWORD)


def sign_in(client: Client, password: str, username: str = "reader", **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_wrong_passwords_lock_the_name_out_for_that_address(client, reader):
    for _ in range(2):
        response = sign_in(client, "guess")
        assert response.status_code == 200
        assert "enter a correct username and password" in response.content.decode()
    locked = sign_in(client, "guess")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many failed sign-ins" in html
    assert "<header" in html  # the site's styled page
    assert locked["Retry-After"] == "900"
    assert "Access-Control-Allow-Origin" not in locked
    # Even the right password is refused now.
    assert sign_in(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_holds_for_ajax_too_without_opening_cors(client, reader):
    for _ in range(3):
        sign_in(client, "guess")
    response = sign_in(client, PASSWORD, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 429
    assert "Access-Control-Allow-Origin" not in response


def test_the_admin_sign_in_is_guarded_the_same_way(client, reader):
    for _ in range(3):
        client.post("/admin/login/", {"username": "reader", "password": "guess"})
    response = client.post("/admin/login/", {"username": "reader", "password": PASSWORD})
    assert response.status_code == 429


def test_others_behind_the_same_address_can_still_sign_in(client, reader, django_user_model):
    django_user_model.objects.create_user("colleague", password=PASSWORD)
    for _ in range(3):
        sign_in(client, "guess")
    assert sign_in(Client(), PASSWORD, username="colleague").status_code == 302


def test_the_same_name_from_another_address_is_not_locked_out(client, reader):
    for _ in range(3):
        sign_in(client, "guess")
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert sign_in(elsewhere, PASSWORD).status_code == 302


def test_a_good_sign_in_forgets_the_failures(client, reader):
    for _ in range(2):
        sign_in(client, "guess")
    assert sign_in(client, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_behind_a_trusted_proxy_the_real_client_is_locked_out(reader, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")
    for _ in range(3):
        sign_in(attacker, "guess")
    assert sign_in(attacker, PASSWORD).status_code == 429
    colleague = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.10")
    assert sign_in(colleague, PASSWORD).status_code == 302


def test_lockout_works_without_redis(client, reader, redis_gone):  # noqa: F811
    for _ in range(3):
        sign_in(client, "guess")
    assert sign_in(client, PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().failures_since_start >= 3

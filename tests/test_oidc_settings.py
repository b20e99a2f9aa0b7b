"""Single sign-on's settings from the environment: off and unchanged without them, read as
meant with them, and a bad or half-given value stopping the start with one line."""

import sys

import pytest

from tests.test_settings import loaded, run

BACKEND = "faq.oidc.backend.SignInBackend"
ON = {
    "OIDC_ISSUER": "https://login.uni.example/realms/staff",
    "OIDC_CLIENT_ID": "helpdesk",
    "OIDC_CLIENT_SECRET": "s3cret",
}


def test_without_the_variables_single_sign_on_is_off():
    s = loaded()
    assert s["OIDC_ISSUER"] == ""
    assert BACKEND not in s["AUTHENTICATION_BACKENDS"]
    assert s["OIDC_GROUP_MAP"] == {}


def test_with_them_it_is_on_and_the_group_map_is_read():
    s = loaded(
        **ON,
        OIDC_PROVIDER_NAME="University Login",
        OIDC_GROUP_MAP="it-support=Editors, it-publishers=Publishers,it-publishers=Editors",
        OIDC_GROUPS_CLAIM="roles",
    )
    assert s["AUTHENTICATION_BACKENDS"][-1] == BACKEND
    assert (s["OIDC_RP_CLIENT_ID"], s["OIDC_RP_CLIENT_SECRET"]) == ("helpdesk", "s3cret")
    assert s["OIDC_GROUP_MAP"] == {
        "it-support": ["Editors"],
        "it-publishers": ["Publishers", "Editors"],
    }
    assert (s["OIDC_PROVIDER_NAME"], s["OIDC_GROUPS_CLAIM"]) == ("University Login", "roles")
    assert (s["OIDC_USE_PKCE"], s["OIDC_RP_SIGN_ALGO"]) == (True, "RS256")


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        (
            {"OIDC_ISSUER": ON["OIDC_ISSUER"], "OIDC_CLIENT_ID": "helpdesk"},
            "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together",
        ),
        (
            {**ON, "OIDC_ISSUER": "http://login.uni.example"},
            "OIDC_ISSUER must be an https:// URL, such as https://login.example.edu/realms/staff, "
            "got 'http://login.uni.example'; "
            "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together",
        ),
        (
            {**ON, "OIDC_GROUP_MAP": "it-support=Editors,Publishers"},
            "OIDC_GROUP_MAP must be comma-separated pairs of a provider's group and a Django "
            "group, such as it-support=Editors,it-publishers=Publishers, "
            "got 'it-support=Editors,Publishers'",
        ),
        (
            {**ON, "OIDC_SCOPES": "email profile"},
            "OIDC_SCOPES must include openid, got 'email profile'",
        ),
    ],
)
def test_a_bad_or_half_given_value_stops_the_start(env, problem):
    result = run([sys.executable, "manage.py", "check"], **env)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"Configuration error: {problem}"]

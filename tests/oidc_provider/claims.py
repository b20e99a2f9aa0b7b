"""What the test provider says about its people: the standard claims, and their groups in
the ID token (as Keycloak's group mapper or Entra ID's groups claim put them)."""

MISBEHAVE = "misbehave:"


def userinfo(claims, user):
    claims["preferred_username"] = user.username
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    return claims


def id_token_groups(id_token, user, **kwargs):
    id_token["groups"] = sorted(
        name
        for name in user.groups.values_list("name", flat=True)
        if not name.startswith(MISBEHAVE)
    )
    return id_token


def misbehaviour(user) -> str:
    """How the token endpoint misbehaves for this person ("" for not at all)."""
    for name in user.groups.values_list("name", flat=True):
        if name.startswith(MISBEHAVE):
            return name.removeprefix(MISBEHAVE)
    return ""

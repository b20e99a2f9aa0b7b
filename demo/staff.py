"""The demo's staff account, so that a newcomer can open the admin straight away."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import Q

from demo import content

USERNAME = "demo-staff"


@transaction.atomic
def demo_staff_create() -> str | None:
    """Make a superuser with a random password if nobody can sign in yet; return the password."""
    # load_demo's article authors have no password, so they do not count; any
    # other account means a real site (or an earlier run), which gets no
    # account with a password printed in a console.
    authors = Q(
        username__in=[person["username"] for person in content.STAFF],
        password__startswith=UNUSABLE_PASSWORD_PREFIX,
    )
    users = get_user_model().objects
    if users.exclude(authors).exists():
        return None
    password = secrets.token_urlsafe(12)
    users.create_user(username=USERNAME, password=password, is_staff=True, is_superuser=True)
    return password

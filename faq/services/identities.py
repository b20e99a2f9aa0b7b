"""Sign-in through an OpenID provider: the account it vouches for, its user, their groups."""

import logging
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from faq.identities.models import SignInIdentity

logger = logging.getLogger(__name__)

# Django's user name: at most 150 of letters, digits and @ . + - _; room is left for "-12".
USERNAME_MAX_LENGTH = 150
_NOT_IN_USERNAME = re.compile(r"[^\w.@+-]")
_NAME_MAX_LENGTH = 150
# Tries at a free user name before a random suffix settles it.
_NUMBERED_NAMES = 20


@dataclass(frozen=True)
class ProviderAccount:
    """What a provider vouched for in a verified sign-in (the ID token and its user info)."""

    issuer: str
    subject: str
    username: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    groups: frozenset[str] = frozenset()


@transaction.atomic
def identity_sign_in(*, account: ProviderAccount, group_map: Mapping[str, Sequence[str]]) -> User:
    """The user behind a provider account, made on its first sign-in, brought up to date with
    what the provider says now: their name, email and the groups `group_map` gives them."""
    if not account.issuer or not account.subject:
        raise ValueError("A provider account needs its issuer and subject.")
    identity = _identity_find(account)
    if identity is None:
        identity = _identity_make(account)
    user = identity.user
    _details_update(user, account)
    _groups_apply(identity=identity, user=user, groups=account.groups, group_map=group_map)
    identity.last_sign_in_at = timezone.now()
    identity.save(update_fields=["last_sign_in_at", "staff_from_groups"])
    return user


def _identity_find(account: ProviderAccount) -> SignInIdentity | None:
    return (
        SignInIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=account.issuer, subject=account.subject)
        .first()
    )


def _identity_make(account: ProviderAccount) -> SignInIdentity:
    """A new user linked to the account; a parallel first sign-in of the same account is
    caught by the unique (issuer, subject) and its identity used instead."""
    for _ in range(3):
        try:
            # A savepoint: a clash rolls back this user and identity, not the caller's work.
            with transaction.atomic():
                # No password: the account signs in through its provider only.
                user = User.objects.create_user(_free_username(account), email=account.email)
                return SignInIdentity.objects.create(
                    user=user, issuer=account.issuer, subject=account.subject
                )
        except IntegrityError:
            # Either this account was linked meanwhile, or the user name was just taken.
            identity = _identity_find(account)
            if identity is not None:
                return identity
    raise RuntimeError(f"Could not make a user for {account.subject} at {account.issuer}.")


def _free_username(account: ProviderAccount) -> str:
    """A user name from the provider's, else the email, not taken yet (any case)."""
    raw = account.username or account.email or f"user-{account.subject}"
    base = _NOT_IN_USERNAME.sub("", raw)[: USERNAME_MAX_LENGTH - 10] or "user"
    candidates = [base, *(f"{base}-{n}" for n in range(2, _NUMBERED_NAMES + 2))]
    similar = User.objects.filter(Q(username__iexact=base) | Q(username__istartswith=f"{base}-"))
    taken = {name.lower() for name in similar.values_list("username", flat=True)}
    for candidate in candidates:
        if candidate.lower() not in taken:
            return candidate
    return f"{base}-{secrets.token_hex(4)}"


def _details_update(user: User, account: ProviderAccount) -> None:
    """The provider's name and email win; a claim it no longer sends leaves the value."""
    changed = []
    for field, value in (
        ("email", account.email),
        ("first_name", account.first_name[:_NAME_MAX_LENGTH]),
        ("last_name", account.last_name[:_NAME_MAX_LENGTH]),
    ):
        if value and getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if changed:
        user.save(update_fields=changed)


def _groups_apply(
    *,
    identity: SignInIdentity,
    user: User,
    groups: frozenset[str],
    group_map: Mapping[str, Sequence[str]],
) -> None:
    """The mapped groups become exactly those the provider gives now; groups outside the map
    (given by hand) stay. Any mapped group makes the user staff; losing them all takes back
    the staff status the mapping gave, never one given by hand."""
    managed = {name for names in group_map.values() for name in names}
    wanted_names = {name for claim in groups for name in group_map.get(claim, ())}
    existing = {group.name: group for group in Group.objects.filter(name__in=managed)}
    for name in sorted(wanted_names - existing.keys()):
        logger.warning("Single sign-on maps to the group %r, which does not exist.", name)
    wanted = {existing[name] for name in wanted_names if name in existing}
    held = set(user.groups.filter(name__in=managed))
    if held - wanted:
        user.groups.remove(*(held - wanted))
    if wanted - held:
        user.groups.add(*(wanted - held))
    if wanted and not user.is_staff:
        user.is_staff = identity.staff_from_groups = True
        user.save(update_fields=["is_staff"])
    elif not wanted and identity.staff_from_groups:
        user.is_staff = identity.staff_from_groups = False
        user.save(update_fields=["is_staff"])

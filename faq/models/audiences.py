"""Who may read an answer or a topic: everyone, signed-in users, or staff only."""

from collections.abc import Sequence

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Ordered from open to closed: a reader sees what their rank reaches."""

    EVERYONE = "everyone", _("Everyone")
    SIGNED_IN = "signed_in", _("Signed-in users")
    STAFF = "staff", _("Staff only (internal)")


# How closed each audience is; a reader of rank r reads what needs r or less.
AUDIENCE_RANK = {Audience.EVERYONE: 0, Audience.SIGNED_IN: 1, Audience.STAFF: 2}
AUDIENCE_MAX_LENGTH = 10
# What an anonymous reader reaches, and so every public surface (feeds, the sitemap, the
# read API): a default that shows too little rather than too much.
PUBLIC: tuple[str, ...] = (Audience.EVERYONE,)


def audiences_for(user) -> list[str]:
    """The audiences `user` (a user, AnonymousUser or None) belongs to."""
    if user is not None and getattr(user, "is_staff", False) and user.is_active:
        return [Audience.EVERYONE, Audience.SIGNED_IN, Audience.STAFF]
    if user is not None and getattr(user, "is_authenticated", False):
        return [Audience.EVERYONE, Audience.SIGNED_IN]
    return [Audience.EVERYONE]


def widest(audiences: Sequence[str]) -> str:
    """The most closed of `audiences`: what a reader who reaches them all is called by, in
    cache keys."""
    return max(audiences, key=lambda a: AUDIENCE_RANK[Audience(a)])


def more_open(audience: str, than: str) -> bool:
    """Whether `audience` lets more readers in than `than` does."""
    return AUDIENCE_RANK[Audience(audience)] < AUDIENCE_RANK[Audience(than)]


def audience_field(help_text) -> models.CharField:
    return models.CharField(
        _("who may read it"),
        max_length=AUDIENCE_MAX_LENGTH,
        choices=Audience.choices,
        default=Audience.EVERYONE,
        help_text=help_text,
    )

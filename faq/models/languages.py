"""The language a reader acted in, kept on each row that counts what readers did."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from faq import lang

# Room for a regional code ("pt-br") should one be configured.
LANGUAGE_MAX_LENGTH = 8


# The codes of the configured languages (settings.LANGUAGES).
language_codes = lang.codes


def language_field(help_text: str) -> models.CharField:
    """The language of a reader's action, one of the configured ones. The services always
    say which; the database's default is for rows written by code that predates the
    column (a server not yet restarted while the migration runs), and those on record."""
    return models.CharField(
        max_length=LANGUAGE_MAX_LENGTH,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,
        editable=False,
        help_text=help_text,
    )


def language_valid(table: str) -> models.CheckConstraint:
    """The database refuses a code that is not one of the configured languages."""
    return models.CheckConstraint(
        condition=Q(language__in=language_codes()), name=f"faq_{table}_language_valid"
    )

"""API tokens: made by staff in the admin, shown once, kept as a digest, revoked there."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from faq.models import ApiToken
from faq.models.integrations import TOKEN_SHOWN, token_digest, token_new

# A token's "last used" is written at most this often, not on every request it makes.
USE_STAMP_EVERY = timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, name: str, scope: str, user: User | None) -> tuple[ApiToken, str]:
    """A new token and its text, which is never stored and so can be shown only now."""
    text = token_new()
    token = ApiToken.objects.create(
        name=name, scope=scope, digest=token_digest(text), shown=text[:TOKEN_SHOWN], created_by=user
    )
    return token, text


@transaction.atomic
def api_token_revoke(*, token_ids: list[int]) -> int:
    """Revoke tokens at once; return how many were still active."""
    return ApiToken.objects.active().filter(pk__in=token_ids).update(revoked_at=timezone.now())


def api_token_used(*, token_id: int) -> None:
    """Stamp a token's last use, unless it was stamped within the last minute."""
    now = timezone.now()
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - USE_STAMP_EVERY), pk=token_id
    ).update(last_used_at=now)

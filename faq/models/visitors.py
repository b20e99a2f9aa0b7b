"""Visitors: whoever is reading, signed in or known by a signed cookie."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Visitor(models.Model):
    """A reader who has acted at least once; made on their first write, never on a read."""

    # The id in an anonymous reader's signed cookie. Released (NULL) once the
    # reader signs in, so a shared browser does not keep their history.
    key = models.UUIDField(unique=True, null=True, blank=True, default=None)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="visitor",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(key__isnull=False) | Q(user__isnull=False),
                name="faq_visitor_has_identity",
            )
        ]

    def __str__(self) -> str:
        return f"user {self.user_id}" if self.user_id else f"anonymous {str(self.key)[:8]}"

    @staticmethod
    def new_key() -> uuid.UUID:
        return uuid.uuid4()


class OfVisitorQuerySet(models.QuerySet):
    """Rows that belong to a visitor, found by user or cookie id without its Visitor row."""

    def of_visitor(self, visitor) -> "OfVisitorQuerySet":
        if visitor.user_id is not None:
            return self.filter(visitor__user_id=visitor.user_id)
        if visitor.key is not None:
            return self.filter(visitor__key=visitor.key)
        return self.none()

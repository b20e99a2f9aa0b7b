"""Visitors: whoever is reading, signed in or known by a signed cookie."""

import uuid
from dataclasses import dataclass
from typing import TypeAlias, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone

# Whoever a request is from, or None outside one: who a service records as acting.
AnyUser: TypeAlias = AbstractBaseUser | AnonymousUser | None


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

    @property
    def ref(self) -> "VisitorRef":
        """This row's reader as the services and selectors take them."""
        if self.user_id is not None:
            return VisitorRef(user_id=self.user_id)
        return VisitorRef(key=self.key)


@dataclass(frozen=True)
class VisitorRef:
    """Who a reader is without their row: their user id, their cookie id, or neither.

    What services and selectors take: the request layer reads it from the signed
    cookie; the service that first writes for the reader makes their row.
    """

    user_id: int | None = None
    key: uuid.UUID | None = None

    @property
    def is_new(self) -> bool:
        """Neither signed in nor carrying a visitor cookie (yet)."""
        return self.user_id is None and self.key is None

    @property
    def counting_key(self) -> str:
        """A stable string for this reader, for view counting and rate limits."""
        if self.user_id is not None:
            return f"u:{self.user_id}"
        if self.key is None:
            raise ValueError("A new reader has no counting key until they are remembered.")
        return f"a:{self.key.hex}"

    @property
    def stored_key(self) -> "uuid.UUID | str | None":
        """The anonymous id as the database keeps it, for raw SQL (32 hex digits on
        SQLite, its own type on PostgreSQL)."""
        return Visitor._meta.get_field("key").get_db_prep_value(self.key, connection)


_M = TypeVar("_M", bound=models.Model)


class OfVisitorQuerySet(models.QuerySet[_M]):
    """Rows that belong to a visitor, found by user or cookie id without its Visitor row."""

    def of_visitor(self, visitor: VisitorRef) -> "OfVisitorQuerySet[_M]":
        if visitor.user_id is not None:
            return self.filter(visitor__user_id=visitor.user_id)
        if visitor.key is not None:
            return self.filter(visitor__key=visitor.key)
        return self.none()

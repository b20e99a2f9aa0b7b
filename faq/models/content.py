"""The version of what the public pages show, which keys their cache."""

from django.db import models
from django.db.models import Q

ROW_ID = 1


class ContentVersionQuerySet(models.QuerySet["ContentVersion"]):
    def current(self) -> int:
        """The version now: 0 before the first change (or on a flushed test database)."""
        return self.filter(pk=ROW_ID).values_list("value", flat=True).first() or 0


class ContentVersion(models.Model):
    """One row whose number grows with every change to articles, steps, topics or teams.

    Kept in the database, not in the cache: with a cache per server process
    (local memory), an edit made through one process must still reach the
    pages every other process has cached.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=ROW_ID)
    value = models.BigIntegerField(default=0)

    objects = ContentVersionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=ROW_ID), name="faq_content_version_one_row")
        ]

    def __str__(self) -> str:
        return f"content version {self.value}"

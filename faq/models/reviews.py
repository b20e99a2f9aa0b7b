"""What an article and each of its translations keep about their review."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models

# Readers are told an answer may be out of date only this long after its
# review-by date passed: a late review is staff business, not the readers'.
REVIEW_NOTE_AFTER_DAYS = 90


def review_note_due(review_by: date | None, today: date) -> bool:
    """Whether an answer due for review on `review_by` tells readers it may be out of date."""
    # An article not saved yet (the editor's preview) has no date to be past.
    if review_by is None:
        return False
    return review_by < today - timedelta(days=REVIEW_NOTE_AFTER_DAYS)


class Reviewed(models.Model):
    """A text that is reviewed in turn: the date it is due by is each model's own field
    (kept by faq.services.reviews and faq.services.translations), the rest is here."""

    review_by: "models.DateField[date, date]"
    updated_at: "models.DateTimeField[datetime, datetime]"
    # Set when an editor chose review_by, which then stands until the next review.
    review_by_chosen = models.BooleanField(default=False, editable=False)
    last_reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def reviewed_at(self) -> datetime:
        """When someone last vouched for the text: its last meaningful update or review."""
        return max(filter(None, [self.updated_at, self.last_reviewed_at]))

    def review_note_due(self, today: date) -> bool:
        """Whether readers are told this answer may be out of date."""
        return review_note_due(self.review_by, today)

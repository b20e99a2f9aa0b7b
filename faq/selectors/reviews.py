"""Reads for review dates: what the admin index counts."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from faq.models import Article


@dataclass(frozen=True)
class ReviewCounts:
    overdue: int
    due_soon: int

    @property
    def due(self) -> int:
        return self.overdue + self.due_soon


def review_counts(*, today: date) -> ReviewCounts:
    """Published articles overdue for review and due within REVIEW_SOON_DAYS, in one query."""
    counts = (
        Article.objects.published()
        .review_due(today)
        .aggregate(
            overdue=Count("pk", filter=Q(review_by__lt=today)),
            due=Count("pk"),
        )
    )
    return ReviewCounts(overdue=counts["overdue"], due_soon=counts["due"] - counts["overdue"])

"""The reads of articles (Article.objects): who may read them, what is due, in which order."""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import models

from faq.models.audiences import audiences_for
from faq.models.translated import translated_annotations

if TYPE_CHECKING:
    from faq.models.articles import Article  # noqa: F401 (the queryset's row type)

# "Due soon" in the admin: the review-by date falls within this many days.
REVIEW_SOON_DAYS = 30


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> "ArticleQuerySet":
        """Articles the public may read."""
        return self.filter(status=self.model.Status.PUBLISHED)

    def readable(self, audiences: Sequence[str]) -> "ArticleQuerySet":
        """Published articles a reader of these audiences may read."""
        return self.published().filter(audience__in=audiences)

    def readable_by(self, user) -> "ArticleQuerySet":
        """Published articles whose audience includes `user` (None: an anonymous reader)."""
        return self.readable(audiences_for(user))

    def originals(self) -> "ArticleQuerySet":
        """Articles, not the pending rewrites of published ones."""
        return self.filter(rewrite_of__isnull=True)

    def in_review(self) -> "ArticleQuerySet":
        """What waits for a publisher: new articles and rewrites submitted for review."""
        return self.filter(status=self.model.Status.REVIEW)

    def publish_due(self, now) -> "ArticleQuerySet":
        """Approved articles and rewrites whose publishing date has come."""
        return self.filter(status=self.model.Status.APPROVED, publish_at__lte=now)

    def unpublish_due(self, now) -> "ArticleQuerySet":
        """Published articles whose unpublishing date has come."""
        return self.filter(status=self.model.Status.PUBLISHED, unpublish_at__lte=now)

    def visible_to(self, user) -> "ArticleQuerySet":
        """What readable_by() gives, plus drafts for staff who preview them."""
        if getattr(user, "is_staff", False) and user.is_active:
            return self.all()
        return self.readable_by(user)

    def most_viewed(self) -> "ArticleQuerySet":
        return self.order_by("-view_count", "-updated_at", "pk")

    def recently_updated(self) -> "ArticleQuerySet":
        return self.order_by("-updated_at", "pk")

    def review_overdue(self, today: date) -> "ArticleQuerySet":
        """Articles whose review-by date has passed."""
        return self.filter(review_by__lt=today)

    def review_due_soon(self, today: date) -> "ArticleQuerySet":
        """Articles to review today or within REVIEW_SOON_DAYS."""
        return self.filter(
            review_by__gte=today, review_by__lte=today + timedelta(days=REVIEW_SOON_DAYS)
        )

    def review_due(self, today: date) -> "ArticleQuerySet":
        """Articles due for review soon or overdue: the editors' to-do list."""
        return self.filter(review_by__lte=today + timedelta(days=REVIEW_SOON_DAYS))

    def translation_review_due(self, today: date) -> "ArticleQuerySet":
        """Articles with a translation due for review soon or overdue, as review_due()."""
        # ArticleTranslation's module imports this one; a join would repeat the rows.
        translations: Any = self.model._meta.get_field("translations").related_model
        due = translations.objects.filter(review_by__lte=today + timedelta(days=REVIEW_SOON_DAYS))
        return self.filter(pk__in=due.values("article_id"))

    def review_ok(self, today: date) -> "ArticleQuerySet":
        """Articles not due for review yet."""
        return self.filter(review_by__gt=today + timedelta(days=REVIEW_SOON_DAYS))

    def with_translation(self, language: str, *fields: str) -> "ArticleQuerySet":
        """Annotate each article with these fields of its translation into `language`, and
        when that was saved (see TRANSLATED)."""
        return translated_annotations(self, language, (*fields, "updated_at"))

"""The task worker's schedule (faq.services.schedule): when each periodic task was last
queued, and which articles were told to be overdue for review."""

from django.db import models
from django.utils import timezone

from faq.models.articles import Article


class ScheduledTask(models.Model):
    """A periodic task and the start of the last period it was queued for. Whoever moves
    `period` on queues the task, in the same transaction: several workers, or one started
    again, queue it once a period."""

    # The task's module path, as django-tasks names it.
    name = models.CharField(max_length=200, unique=True)
    period = models.DateTimeField()
    queued_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} @ {self.period:%Y-%m-%d %H:%M}"


class ReviewOverdueSent(models.Model):
    """An article whose review date passed, told as article.review_overdue: once per
    article and review date, however often the schedule looks."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    review_by = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "review_by"], name="faq_review_overdue_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.review_by}"

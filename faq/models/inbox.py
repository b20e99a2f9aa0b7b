"""The inbox: one list of what readers said, each item with a status staff keep."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from faq.models.articles import Article
from faq.models.feedback import Vote
from faq.models.languages import language_field, language_valid
from faq.models.questions import Question
from faq.models.steps import Step
from faq.models.tracking import Run, StuckReport


class InboxItemQuerySet(models.QuerySet["InboxItem"]):
    def open(self) -> "InboxItemQuerySet":
        """Items not yet resolved."""
        return self.filter(status__in=InboxItem.OPEN)

    def new(self) -> "InboxItemQuerySet":
        return self.filter(status=InboxItem.Status.NEW)


class InboxItem(models.Model):
    """A "No" vote, a stuck report, an "It didn't work" or a question: something a reader
    told the team."""

    # The words stay on the vote, report or run; the item adds what staff did
    # about it. The services that write those rows make and remove items.

    class Kind(models.TextChoices):
        NOT_HELPFUL = "not_helpful", _("Not helpful")
        STUCK = "stuck", _("Stuck on a step")
        FAILED = "failed", _("It didn't work")
        QUESTION = "question", _("Question")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        SEEN = "seen", _("Seen")
        RESOLVED = "resolved", _("Resolved")

    OPEN = (Status.NEW, Status.SEEN)

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    # Every item but a question asked from the header is about an article.
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="inbox_items",
        verbose_name=_("article"),
    )
    # The step a stuck reader named; a removed step is kept, marked as removed.
    step = models.ForeignKey(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="inbox_items"
    )
    vote = models.OneToOneField(
        Vote, on_delete=models.CASCADE, null=True, blank=True, related_name="inbox_item"
    )
    stuck_report = models.OneToOneField(
        StuckReport, on_delete=models.CASCADE, null=True, blank=True, related_name="inbox_item"
    )
    run = models.OneToOneField(
        Run, on_delete=models.CASCADE, null=True, blank=True, related_name="inbox_item"
    )
    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="inbox_item"
    )
    # A copy of the language its vote, report or outcome was said in, so the
    # inbox and the overview's stuck count filter by it without a join.
    language = language_field("The language the reader said it in.")
    created_at = models.DateTimeField(_("said"), default=timezone.now)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InboxItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbox item")
        verbose_name_plural = _("inbox")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Each item comes from exactly one row, of the kind it says.
            models.CheckConstraint(
                condition=(
                    Q(kind="not_helpful", vote__isnull=False)
                    & Q(stuck_report__isnull=True, run__isnull=True, question__isnull=True)
                )
                | (
                    Q(kind="stuck", stuck_report__isnull=False)
                    & Q(vote__isnull=True, run__isnull=True, question__isnull=True)
                )
                | (
                    Q(kind="failed", run__isnull=False)
                    & Q(vote__isnull=True, stuck_report__isnull=True, question__isnull=True)
                )
                | (
                    Q(kind="question", question__isnull=False)
                    & Q(vote__isnull=True, stuck_report__isnull=True, run__isnull=True)
                ),
                name="faq_inbox_one_source",
            ),
            models.CheckConstraint(
                condition=Q(kind="question") | Q(article__isnull=False),
                name="faq_inbox_article_unless_question",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["new", "seen", "resolved"]), name="faq_inbox_status_valid"
            ),
            language_valid("inbox"),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="faq_inbox_status_created"),
            models.Index(fields=["article", "kind", "status"], name="faq_inbox_article_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.article or self.question}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

"""Questions readers ask the team from /ask/: tickets, their replies, and the mail that
carries them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from faq.models.articles import Article, Team
from faq.models.languages import language_field, language_valid
from faq.models.steps import Step
from faq.models.visitors import Visitor

QUESTION_MAX_LENGTH = 300
DETAILS_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 100
REPLY_MAX_LENGTH = 20000
REFERENCE_LENGTH = 8


class Question(models.Model):
    """A reader's question to a team: a ticket, with where the reader was when they asked.

    Written only by services.question_ask, question_reply and question_status_set."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    # What the reader quotes: "Q-" and letters and digits that cannot be misread.
    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    question = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    details = models.TextField(_("details"), max_length=DETAILS_MAX_LENGTH, blank=True)
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)
    language = language_field("The language the reader asked in.")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="questions", verbose_name=_("team")
    )
    # Where the reader asked from, if from an article: the article, the version of it
    # they read, the step they were on, and how many steps they had ticked.
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("article"),
    )
    article_version = models.PositiveIntegerField(
        _("article version"), null=True, blank=True, help_text=_("The version the reader read.")
    )
    step = models.ForeignKey(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    # Kept as a number too: a step removed later still says which it was.
    step_position = models.PositiveSmallIntegerField(_("step"), null=True, blank=True)
    # The positions of the steps the reader had ticked, from their run, not the form.
    done_positions = models.JSONField(_("steps done"), default=list, blank=True)
    # Where they came from on the page: a stuck step, a "No" vote, "It didn't work".
    came_from = models.CharField(_("asked after"), max_length=12, blank=True)
    visitor = models.ForeignKey(
        Visitor, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The draft article staff made from the question and its reply ("Make this an answer").
    made_article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article made from it"),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["new", "answered", "closed"]),
                name="faq_question_status_valid",
            ),
            models.CheckConstraint(condition=~Q(question=""), name="faq_question_not_empty"),
            models.CheckConstraint(
                condition=Q(step__isnull=True) | Q(article__isnull=False),
                name="faq_question_step_needs_article",
            ),
            models.CheckConstraint(
                condition=Q(came_from__in=["", "stuck", "no", "failed"]),
                name="faq_question_came_from_valid",
            ),
            language_valid("question"),
        ]
        indexes = [
            models.Index(fields=["article", "step_position"], name="faq_question_article_step"),
            models.Index(fields=["created_at"], name="faq_question_created"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.question}"


class Reply(models.Model):
    """A member of staff's answer to a question, emailed to the reader."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("reply"), max_length=REPLY_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="faq_reply_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.question.reference}: reply {self.pk}"


class Outgoing(models.Model):
    """Something to send about a question (a mail, a webhook delivery), kept until it has
    gone: what the worker sends, retries and reports on (faq.services.outbox)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        abstract = True


def outgoing_constraints(table: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(status__in=["waiting", "sending", "sent", "failed"]),
            name=f"faq_{table}_status_valid",
        ),
        models.CheckConstraint(
            condition=Q(status="sent", sent_at__isnull=False)
            | ~Q(status="sent") & Q(sent_at__isnull=True),
            name=f"faq_{table}_sent_has_time",
        ),
    ]


class Mail(Outgoing):
    """One email to send: about a question, or to staff about an article's review. Written
    only by the question and review-mail services and mail_send."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation to the reader")
        NOTIFICATION = "notification", _("Notification to the team")
        REPLY = "reply", _("Reply to the reader")
        REVIEW = "review", _("Review of an article")

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="mails"
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    reply = models.OneToOneField(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="mail"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=400)
    body = models.TextField(_("body"))
    # Threading: a reply names the confirmation it answers.
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    in_reply_to = models.CharField(max_length=200, blank=True)
    references = models.TextField(blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One confirmation and one notification a question; a reply's mail is one
            # per reply (the OneToOne above).
            models.UniqueConstraint(
                fields=["question", "kind"],
                condition=Q(kind__in=["confirmation", "notification"]),
                name="faq_mail_once_per_question",
            ),
            models.CheckConstraint(
                condition=Q(kind="reply", reply__isnull=False)
                | ~Q(kind="reply") & Q(reply__isnull=True),
                name="faq_mail_reply_kind",
            ),
            # A review mail is about an article (gone once a rewrite is merged: SET_NULL);
            # every other mail is about a question.
            models.CheckConstraint(
                condition=Q(kind="review", question__isnull=True)
                | ~Q(kind="review") & Q(question__isnull=False),
                name="faq_mail_about_something",
            ),
            *outgoing_constraints("mail"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="faq_mail_due")]

    def __str__(self) -> str:
        about = self.question.reference if self.question else self.subject
        return f"{self.get_kind_display()} ({about})"


class AskDeflection(models.Model):
    """A reader on /ask/ who opened one of the answers offered: helped without asking,
    unless they go on to send a question that day. One a reader a day."""

    visitor = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    # The first answer they opened.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    language = language_field("The language the reader read the answers in.")
    opened_at = models.DateTimeField(default=timezone.now)
    asked = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visitor", "day"], name="faq_deflection_once_a_day"),
            language_valid("askdeflection"),
        ]
        indexes = [models.Index(fields=["day", "asked"], name="faq_deflection_day")]

    def __str__(self) -> str:
        return f"{self.day}: {'asked' if self.asked else 'helped'}"

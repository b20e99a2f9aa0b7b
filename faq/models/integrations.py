"""What other systems use: API tokens, webhook endpoints, and the deliveries sent to them."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from faq.models.articles import Article, Team
from faq.models.questions import Outgoing, Question, outgoing_constraints

# What a token starts with: says what it is when found in a log or a leaked file.
TOKEN_PREFIX = "hdf_"  # noqa: S105 not a secret: the public start of every token
# How much of a token the admin shows, to tell tokens apart without keeping them.
TOKEN_SHOWN = 10


def token_digest(token: str) -> str:
    """How a token is stored: its SHA-256. A token is 256 random bits, so no slow hash
    is needed against guessing."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_new() -> str:
    """A new token's secret text, shown to its maker once."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A named key another system sends as "Authorization: Bearer …" to read staff data
    (read) or also to write drafts (write). Only its digest is kept."""

    class Scope(models.TextChoices):
        READ = "read", _("Read: statistics, funnels, the inbox")
        WRITE = "write", _("Write: also create and update drafts")

    name = models.CharField(_("name"), max_length=120)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    shown = models.CharField(_("token starts"), max_length=TOKEN_SHOWN, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["read", "write"]), name="faq_apitoken_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.shown}…)"


class WebhookEvent(models.TextChoices):
    """What a webhook endpoint can be told about."""

    ARTICLE_PUBLISHED = "article.published", _("An article is published")
    ARTICLE_UPDATED = "article.updated", _("A published article is updated")
    ARTICLE_UNPUBLISHED = "article.unpublished", _("An article is unpublished")
    QUESTION_CREATED = "question.created", _("A reader asks a question")
    REVIEW_OVERDUE = "article.review_overdue", _("An article's review is overdue")


class WebhookEndpoint(models.Model):
    """An address staff registered to be POSTed events, signed with its secret."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_("The key of the HMAC-SHA256 signature sent with each delivery."),
    )
    # A list of WebhookEvent values.
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(secret=""), name="faq_webhookendpoint_secret"),
            # Only web addresses: never file:, ftp: or whatever else urllib would open.
            models.CheckConstraint(
                condition=Q(url__istartswith="http://") | Q(url__istartswith="https://"),
                name="faq_webhookendpoint_http",
                violation_error_message=_("Only http and https addresses are sent to."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(Outgoing):
    """One event POSTed as signed JSON: a new question to its team's webhook (another help
    desk), or any event to an endpoint that asked for it. Written with the change it
    reports, in its transaction."""

    event = models.CharField(
        _("event"),
        max_length=30,
        choices=WebhookEvent.choices,
        default=WebhookEvent.QUESTION_CREATED,
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    url = models.URLField(_("URL"), max_length=500)
    body = models.TextField(_("body"))
    response_status = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "team"], name="faq_delivery_once"),
            # Sent either to a team's webhook or to an endpoint, never both.
            models.CheckConstraint(
                condition=Q(team__isnull=True) ^ Q(endpoint__isnull=True),
                name="faq_delivery_one_receiver",
            ),
            *outgoing_constraints("webhookdelivery"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.url}"

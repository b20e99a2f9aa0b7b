"""Articles and what they are filed under: Team, Topic, Article (its steps: faq.models.steps)."""

from collections.abc import Sequence

import reversion
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from faq import lang
from faq.models.article_queries import REVIEW_SOON_DAYS, ArticleQuerySet
from faq.models.audiences import Audience, audience_field
from faq.models.languages import LANGUAGE_MAX_LENGTH
from faq.models.reviews import Reviewed
from faq.models.translated import NO_FALLBACK, TRANSLATED, translated_annotations

# Read from here by much of the code; they live beside the queries that use them.
__all__ = [
    "NO_FALLBACK",
    "REVIEW_SOON_DAYS",
    "TRANSLATED",
    "ArticleQuerySet",
    "translated_annotations",
]

# An article is due for review this many months after its last meaningful
# update or review, unless one of its topics asks for less.
DEFAULT_REVIEW_MONTHS = 12
REVIEW_MONTHS_MAX = 60


class Team(models.Model):
    """The group that owns and answers articles."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    email = models.EmailField(
        _("email"), blank=True, help_text=_("Where readers can reach the team.")
    )
    webhook_url = models.URLField(
        _("webhook URL"),
        max_length=500,
        blank=True,
        help_text=_("Another help desk's address: each new question is also POSTed there as JSON."),
    )
    webhook_secret = models.CharField(
        _("webhook secret"),
        max_length=200,
        blank=True,
        help_text=_(
            "The key of the HMAC-SHA256 signature sent with each delivery "
            "(X-Helpdesk-Signature: sha256=…)."
        ),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(webhook_url="") | ~Q(webhook_secret=""),
                name="faq_team_webhook_has_secret",
                violation_error_message=_("A webhook URL needs a secret to sign with."),
            ),
        ]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class TopicQuerySet(models.QuerySet["Topic"]):
    def readable(self, audiences: Sequence[str]) -> "TopicQuerySet":
        """Topics whose page a reader of these audiences may see."""
        return self.filter(audience__in=audiences)

    def with_published_counts(self, audiences: Sequence[str] | None = None) -> "TopicQuerySet":
        """Annotate each topic with its number of published articles; with `audiences`,
        only those a reader of them may read."""
        counted = Q(articles__status=Article.Status.PUBLISHED)
        if audiences is not None:
            counted &= Q(articles__audience__in=audiences)
        return self.annotate(published_count=models.Count("articles", filter=counted))

    def with_translation(self, language: str) -> "TopicQuerySet":
        """Annotate each topic with its name and description in `language` (see TRANSLATED)."""
        return translated_annotations(self, language, ("name", "description"))


class Topic(models.Model):
    """A subject articles are filed under."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    review_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        null=True,
        blank=True,
        help_text=format_lazy(
            _(
                "How often articles on this topic are reviewed. Empty: every {months} months. "
                "An article on several topics follows the shortest."
            ),
            months=DEFAULT_REVIEW_MONTHS,
        ),
    )

    audience = audience_field(
        _(
            "Who sees this topic's page. Its articles must be as closed as the topic, "
            "or more: a topic for staff holds only internal articles."
        )
    )

    objects = TopicQuerySet.as_manager()
    fallback = NO_FALLBACK

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="faq_topic_audience_valid"
            ),
            models.CheckConstraint(
                condition=Q(review_months__isnull=True)
                | Q(review_months__gte=1, review_months__lte=REVIEW_MONTHS_MAX),
                name="faq_topic_review_months_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("faq:topic", kwargs={"slug": self.slug})


# Versions keep what an editor writes; rendered HTML, counters and dates the
# services stamp are derived and left out. An article's version holds its
# live steps as they were (follow), each by id, so a restore keeps ids.
@reversion.register(
    exclude=(
        "answer_intro_html",
        "answer_outro_html",
        "steps_changed_at",
        "view_count",
        "yes_count",
        "no_count",
        "vote_era",
        "helpful_since",
        # The review workflow's bookkeeping is told in each version's note instead.
        "rewrite_of",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "review_comment",
    ),
    follow=("steps", "translations"),
)
class Article(Reviewed):
    """One FAQ: a question, its answer, optional steps and metadata."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        # Approved by a publisher, published by the worker at publish_at.
        APPROVED = "approved", _("Approved, waiting for its date")
        PUBLISHED = "published", _("Published")

    question = models.CharField(_("question"), max_length=250)
    slug = models.SlugField(
        _("slug"), max_length=120, help_text=_("Used in the address; old ones redirect.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    answer_intro = models.TextField(
        _("answer before the steps"),
        blank=True,
        help_text=_('Markdown. Callouts: !!! note "Title"'),
    )
    answer_intro_html = models.TextField(blank=True, editable=False)
    answer_outro = models.TextField(
        _("answer after the steps"), blank=True, help_text=_("Markdown, shown after the steps.")
    )
    answer_outro_html = models.TextField(blank=True, editable=False)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="articles", verbose_name=_("team")
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_articles",
        limit_choices_to={"is_staff": True},
    )
    topics = models.ManyToManyField(
        Topic, related_name="articles", blank=True, verbose_name=_("topics")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        # Someone leaving the team must not block deleting their account; the
        # article then shows up under "no owner" in the admin.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_articles",
        limit_choices_to={"is_staff": True},
        help_text=_("The member of staff who keeps this answer right and reviews it."),
    )
    # Kept by faq.services.reviews: a period after the later of updated_at and
    # last_reviewed_at, unless an editor chose the date (review_by_chosen).
    review_by = models.DateField(
        _("review by"),
        help_text=format_lazy(
            _(
                "Leave empty to have it set for you: {months} months after the last update "
                "or review, or sooner when a topic asks for it."
            ),
            months=DEFAULT_REVIEW_MONTHS,
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(
        _("last updated"), default=timezone.now, help_text=_("Shown to readers as Last Updated.")
    )
    # When steps were last added, removed, reordered or reworded; a reader
    # whose run started before this is told the article changed.
    steps_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Shown on every page view, so stored on the row and changed only by
    # atomic UPDATEs in faq.services.
    view_count = models.PositiveIntegerField(_("view count"), default=0, editable=False)
    yes_count = models.PositiveIntegerField(_("yes count"), default=0, editable=False)
    no_count = models.PositiveIntegerField(_("no count"), default=0, editable=False)
    # "Start helpfulness afresh" after a rewrite: votes belong to the era they
    # were cast in, the counters above count the current one, from this date.
    vote_era = models.PositiveSmallIntegerField(default=0, editable=False)
    helpful_since = models.DateTimeField(null=True, blank=True, editable=False)

    audience = audience_field(
        _(
            "Who may read it. Others find no trace of it: not the page, not in search, "
            "lists, feeds or the API."
        )
    )
    # Set on a pending rewrite of a published article: a draft of its own, which readers
    # never see, and which faq.services.workflow copies onto the article once approved.
    rewrite_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="rewrite",
        verbose_name=_("rewrite of"),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish as soon as it is approved."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("When readers stop seeing it, for an answer that is true only for a while."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    # What the publisher said when sending it back; cleared when it is submitted again.
    review_comment = models.TextField(_("comment from review"), blank=True, editable=False)

    # The language the article is written in; ArticleTranslation holds the others.
    language = models.CharField(
        "source language",
        max_length=LANGUAGE_MAX_LENGTH,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language the question, answers and steps above are written in.",
    )
    # When the text readers see last changed (question, answers, a step's text or
    # alt text, steps added, removed or reordered), stamped by the article and
    # step services even on a minor edit: a translation saved before this may
    # be out of date.
    source_changed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ArticleQuerySet.as_manager()
    fallback = NO_FALLBACK

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("view_statistics", "Can view reader statistics and step funnels"),
            ("publish_article", "Can approve articles and rewrites, and unpublish articles"),
        ]
        indexes = [
            models.Index(fields=["status", "-view_count"], name="faq_article_most_viewed"),
            models.Index(fields=["status", "-updated_at"], name="faq_article_recent"),
            models.Index(fields=["status", "review_by"], name="faq_article_review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="faq_article_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "approved", "published"]),
                name="faq_article_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(publish_at__isnull=False),
                name="faq_article_approved_has_date",
            ),
            # A rewrite is published by being copied onto its article, never as itself.
            models.CheckConstraint(
                condition=Q(rewrite_of__isnull=True) | ~Q(status="published"),
                name="faq_article_rewrite_not_published",
            ),
            models.CheckConstraint(
                condition=Q(publish_at__isnull=True)
                | Q(unpublish_at__isnull=True)
                | Q(unpublish_at__gt=F("publish_at")),
                name="faq_article_unpublish_after_publish",
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="faq_article_audience_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=lang.codes()),
                name="faq_article_language_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("faq:article", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_rewrite(self) -> bool:
        return self.rewrite_of_id is not None

"""Translations of articles, their steps and topics: the source text stays on its own row.

A step's translation hangs off the same Step row as its source text, so ticks,
runs, stuck reports and the funnel are one set of numbers whatever language
each reader read the step in.
"""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone

from faq import lang
from faq.models.articles import Article, Topic
from faq.models.languages import LANGUAGE_MAX_LENGTH
from faq.models.reviews import Reviewed
from faq.models.steps import Step


def _language_valid(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(language__in=lang.codes()), name=name)


class ArticleTranslationQuerySet(models.QuerySet["ArticleTranslation"]):
    def stale(self) -> "ArticleTranslationQuerySet":
        """Translations older than the last change to their article's source text."""
        return self.filter(updated_at__lt=F("article__source_changed_at"))

    def with_staleness(self) -> "ArticleTranslationQuerySet":
        """Annotate each translation with `out_of_date` (see stale())."""
        return self.annotate(
            out_of_date=ExpressionWrapper(
                Q(updated_at__lt=F("article__source_changed_at")), output_field=BooleanField()
            )
        )


def stale_translation_exists() -> Exists:
    """For a filter or annotation on articles: whether any of its translations is stale."""
    return Exists(
        ArticleTranslation.objects.filter(
            article=OuterRef("pk"), updated_at__lt=OuterRef("source_changed_at")
        )
    )


# Versions keep what a translator writes, followed from the article (see
# Article's registration); rendered HTML and review bookkeeping are left out.
# updated_at stays: a restore tells from it whether the translation was out of
# date in that version, and keeps it so.
@reversion.register(
    exclude=(
        "answer_intro_html",
        "answer_outro_html",
        "created_at",
        "updated_by",
        "review_by",
        "review_by_chosen",
        "last_reviewed_at",
        "last_reviewed_by",
    )
)
class ArticleTranslation(Reviewed):
    """An article's question, address and answers in a language other than its source's."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=LANGUAGE_MAX_LENGTH, choices=settings.LANGUAGES)
    question = models.CharField(max_length=250)
    slug = models.SlugField(max_length=120, help_text="Used in the address in this language.")
    answer_intro = models.TextField("answer before the steps", blank=True)
    answer_intro_html = models.TextField(blank=True, editable=False)
    answer_outro = models.TextField("answer after the steps", blank=True)
    answer_outro_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Stamped on every save by faq.services.article_translation_save: saving a
    # translation is a translator saying it matches the source as it is now.
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Review dates per language, kept as Article's are (faq.services.translations).
    review_by = models.DateField("review by")

    objects = ArticleTranslationQuerySet.as_manager()

    class Meta:
        ordering = ["article", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="faq_articletranslation_one_per_language"
            ),
            # Two articles with one address in one language would make the
            # address ambiguous for whoever shares it.
            models.UniqueConstraint(
                fields=["language", "slug"],
                name="faq_articletranslation_unique_slug",
                violation_error_message="Another article already has this address in this "
                "language.",
            ),
            _language_valid("faq_articletranslation_language_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.question} ({self.language})"

    @property
    def is_stale(self) -> bool:
        """Older than the last change to the source text: it may be out of date."""
        return self.updated_at < self.article.source_changed_at


@reversion.register(exclude=("body_html",))
class StepTranslation(models.Model):
    """One step's text and screenshot alt text in a language other than its article's source."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=LANGUAGE_MAX_LENGTH, choices=settings.LANGUAGES)
    # Blank: the step is shown in its source language there.
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    image_alt = models.CharField("image alt text", max_length=250, blank=True)

    class Meta:
        ordering = ["step", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "language"], name="faq_steptranslation_one_per_language"
            ),
            _language_valid("faq_steptranslation_language_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.step} ({self.language})"


class TopicTranslation(models.Model):
    """A topic's name and description in a language other than the site's own."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=LANGUAGE_MAX_LENGTH, choices=settings.LANGUAGES)
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["topic", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "language"], name="faq_topictranslation_one_per_language"
            ),
            _language_valid("faq_topictranslation_language_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

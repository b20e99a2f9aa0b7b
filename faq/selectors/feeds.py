"""Reads for the Atom feeds: the newest published articles, site-wide or on one topic, each
in the feed's language where it has a translation, as the article page shows it."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Prefetch
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation

from faq.models import Article, ContentVersion, Step, Topic
from faq.models.articles import TRANSLATED
from faq.models.audiences import PUBLIC
from faq.selectors.translations import (
    ARTICLE_FIELDS,
    STEP_FIELDS,
    annotated_texts,
    articles_translated,
    topics_translated,
    translated,
)

# A feed reader wants what is new, not the archive: the sitemap lists everything.
FEED_LIMIT = 30


@dataclass(frozen=True)
class FeedStep:
    """One live step as the article page shows it in the feed's language."""

    body_html: str
    image_url: str = ""
    image_alt: str = ""


@dataclass(frozen=True)
class FeedEntry:
    """One published article in the feed's language (its source's where untranslated)."""

    pk: int
    title: str
    # The page's path in the feed's language, with the slug of that language.
    path: str
    # A path that never changes with the slug: what the entry's id is made from.
    short_path: str
    # The language most of the entry's text is in: the feed's, or the article's source.
    language: str
    updated: datetime
    published: datetime | None
    intro_html: str
    outro_html: str
    steps: tuple[FeedStep, ...]
    team: str


@dataclass(frozen=True)
class ArticleFeed:
    """A feed's entries, newest first, and the topic it is for (None: the whole site)."""

    language: str
    topic: Topic | None
    entries: list[FeedEntry]


def feed_version(*, topic_slug: str | None = None) -> int | None:
    """What a feed's ETag is made of; None for a topic that does not exist."""
    # The content version moves on with every change readers could see, unpublishing and
    # removed steps too, which move no entry's date. None: a 404 is never answered with 304.
    if (
        topic_slug is not None
        and not Topic.objects.readable(PUBLIC).filter(slug=topic_slug).exists()
    ):
        return None
    return ContentVersion.objects.current()


def article_feed(
    *, language: str, topic_slug: str | None = None, limit: int = FEED_LIMIT
) -> ArticleFeed:
    """The newest published articles (on a topic) for everyone, in `language`: feed readers
    and the caches between them are anonymous. Raises Topic.DoesNotExist, also for a topic
    not for everyone."""
    topic = None
    articles = Article.objects.readable(PUBLIC)
    if topic_slug is not None:
        topics = Topic.objects.readable(PUBLIC).with_translation(language)
        topic = topics_translated([topics.get(slug=topic_slug)], language)[0]
        articles = articles.filter(topics=topic)
    steps = (
        Step.objects.get_queryset()
        .with_translation(language)
        .only("pk", "article_id", "position", "body_html", "image", "image_alt")
        .order_by("position")
    )
    found = (
        articles.with_translation(language, *ARTICLE_FIELDS)
        .select_related("team")
        .only(
            "pk",
            "slug",
            "question",
            "language",
            "updated_at",
            "published_at",
            "answer_intro_html",
            "answer_outro_html",
            "team__name",
        )
        # The article page's rule: its translation's date where it has one in `language`
        # (a translation is never in its article's source language), else its own.
        .annotate(shown_updated_at=Coalesce(F(TRANSLATED + "updated_at"), F("updated_at")))
        .order_by("-shown_updated_at", "-pk")
        .prefetch_related(Prefetch("steps", queryset=steps))
    )
    return ArticleFeed(
        language=language,
        topic=topic,
        entries=[_entry(a, language) for a in found[:limit]],
    )


def _entry(article: Article, language: str) -> FeedEntry:
    """The article, annotated by with_translation(language, *ARTICLE_FIELDS), as an entry."""
    source = article.language
    translated_at: datetime | None = getattr(article, TRANSLATED + "updated_at")
    articles_translated([article], language, ARTICLE_FIELDS)
    steps = tuple(_step(s, language=language, source=source) for s in article.steps.all())
    with translation.override(language):
        path = article.get_absolute_url()
        short_path = reverse("faq:article-short", kwargs={"pk": article.pk})
    updated = translated_at if language != source and translated_at else article.updated_at
    return FeedEntry(
        pk=article.pk,
        title=article.question,
        path=path,
        short_path=short_path,
        language=language if language == source or translated_at else source,
        updated=updated,
        published=article.published_at,
        intro_html=article.answer_intro_html,
        outro_html=article.answer_outro_html,
        steps=steps,
        team=article.team.name,
    )


def _step(step: Step, *, language: str, source: str) -> FeedStep:
    """A step annotated by with_translation(language), in that language where translated."""
    texts = annotated_texts(step, STEP_FIELDS, language=language, source=source)
    step = translated(step, source=source, texts=texts)
    if not step.image:
        return FeedStep(body_html=step.body_html)
    return FeedStep(body_html=step.body_html, image_url=step.image.url, image_alt=step.image_alt)

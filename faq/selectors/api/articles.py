"""The read API's published articles as plain JSON-ready values, only as an anonymous
reader of the site would see them: one, or a page of them after a cursor."""

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import (
    DateTimeField,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime

from faq.models import (
    Article,
    ArticleTranslation,
    ContentVersion,
    Step,
    Topic,
)
from faq.models.audiences import PUBLIC
from faq.selectors.translations import (
    ARTICLE_FIELDS,
    STEP_FIELDS,
    annotated_texts,
    topics_translated,
    translated,
)

PAGE_SIZE = 20
PAGE_SIZE_MAX = 100


class CursorError(ValueError):
    """A cursor this API did not make."""


@dataclass(frozen=True)
class ArticleListing:
    """One page of articles, and the cursor of the next (None on the last)."""

    items: list[dict[str, Any]]
    next_cursor: str | None


def content_version() -> int:
    """The number every change to what readers see moves on (faq.services.content)."""
    return ContentVersion.objects.current()


def cursor_encode(changed_at: datetime, pk: int) -> str:
    """An opaque cursor for the article after (changed_at, pk)."""
    text = json.dumps([changed_at.isoformat(), pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> tuple[datetime, int]:
    """The (changed_at, pk) a cursor names; raises CursorError for any other text."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = json.loads(text)
        when = parse_datetime(stamp)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
        raise CursorError("That cursor was not made by this API.") from error
    if when is None or when.tzinfo is None or not isinstance(pk, int) or isinstance(pk, bool):
        raise CursorError("That cursor was not made by this API.")
    return when, pk


def _with_changed_at(articles: QuerySet[Article]) -> QuerySet[Article]:
    """Annotate `changed_at`: the last time anything a reader sees of the article changed
    (its text, steps, a translation) or it was published, for clients that sync."""
    newest_translation = (
        ArticleTranslation.objects.filter(article=OuterRef("pk"))
        .values("article")
        .annotate(newest=Max("updated_at"))
        .values("newest")
    )
    return articles.annotate(
        changed_at=Greatest(
            F("updated_at"),
            F("source_changed_at"),
            Coalesce(F("published_at"), F("updated_at")),
            Coalesce(F("steps_changed_at"), F("updated_at")),
            Coalesce(Subquery(newest_translation, output_field=DateTimeField()), F("updated_at")),
            output_field=DateTimeField(),
        )
    )


def _published(language: str | None) -> QuerySet[Article]:
    """Published articles for everyone (the API is anonymous) with what an article's JSON
    shows, in `language` where translated."""
    steps = Step.objects.get_queryset().order_by("position")
    topics = Topic.objects.readable(PUBLIC).order_by("name")
    articles = Article.objects.readable(PUBLIC)
    if language is not None:
        steps = steps.with_translation(language)
        topics = topics.with_translation(language)
        articles = articles.with_translation(language, *ARTICLE_FIELDS)
    return (
        _with_changed_at(articles)
        .select_related("team", "answered_by")
        .prefetch_related(
            Prefetch("steps", queryset=steps),
            Prefetch("topics", queryset=topics),
            Prefetch(
                "translations", queryset=ArticleTranslation.objects.only("article_id", "language")
            ),
        )
    )


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def site_url(name: str, language: str, **kwargs: Any) -> str:
    """The full address of a page of the site in `language`."""
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _image(step: Step) -> dict[str, Any] | None:
    if not step.image:
        return None
    storage = step.image.storage
    return {
        "url": storage.url(step.image.name),
        "width": step.image_width,
        "height": step.image_height,
        "alt": step.image_alt,
        "renditions": [
            {"url": storage.url(r["name"]), "width": r["width"]} for r in step.image_renditions
        ],
    }


def article_json(article: Article, language: str | None, *, counts: bool = True) -> dict[str, Any]:
    """An article fetched by _published() as the API shows it; without its counters when
    `counts` is False (they are filled in per answer, the rest is cached)."""
    source = article.language
    available = [source, *sorted(t.language for t in article.translations.all())]
    shown = language if language in available else source
    texts = annotated_texts(article, ARTICLE_FIELDS, language=shown, source=source)
    article = translated(article, source=source, texts=texts)
    steps = [
        translated(
            s, source=source, texts=annotated_texts(s, STEP_FIELDS, language=shown, source=source)
        )
        for s in article.steps.all()
    ]
    topic_language = shown if language is not None else settings.LANGUAGE_CODE
    topics = topics_translated(article.topics.all(), shown if language is not None else None)
    answered_by = article.answered_by
    found = {
        "id": article.pk,
        "url": site_url("faq:article", shown, pk=article.pk, slug=article.slug),
        "question": article.question,
        "slug": article.slug,
        "language": shown,
        "source_language": source,
        "languages": available,
        "answer_intro_html": article.answer_intro_html,
        "answer_outro_html": article.answer_outro_html,
        "steps": [
            {"id": s.pk, "position": s.position, "body_html": s.body_html, "image": _image(s)}
            for s in steps
        ],
        "topics": [
            {
                "slug": t.slug,
                "name": t.name,
                "url": site_url("faq:topic", topic_language, slug=t.slug),
            }
            for t in topics
        ],
        "team": {"name": article.team.name},
        "answered_by": None
        if answered_by is None
        else (answered_by.get_full_name() or answered_by.get_username()),
        "published_at": _stamp(article.published_at),
        "updated_at": _stamp(article.updated_at),
        "changed_at": _stamp(article.changed_at),  # type: ignore[attr-defined]
    }
    if counts:
        found["counts"] = {
            "views": article.view_count,
            "yes": article.yes_count,
            "no": article.no_count,
        }
    return found


def api_article(*, pk: int, language: str | None) -> dict[str, Any]:
    """A published article's JSON without its counters; raises Article.DoesNotExist."""
    return article_json(_published(language).get(pk=pk), language, counts=False)


def _in_language(language: str) -> Q:
    """Articles that exist in `language`: written in it, or translated into it."""
    return Q(language=language) | Q(
        Exists(ArticleTranslation.objects.filter(article=OuterRef("pk"), language=language))
    )


def _listing(
    *,
    articles: QuerySet[Article],
    language: str | None,
    topic: str | None,
    changed_since: datetime | None,
    cursor: str | None,
) -> QuerySet[Article]:
    """The articles of a page of the list, in its order; raises CursorError."""
    if language is not None:
        articles = articles.filter(_in_language(language))
    if topic is not None:
        articles = articles.filter(topics__slug=topic)
    if changed_since is not None:
        articles = articles.filter(Q(changed_at__gt=changed_since))
    if cursor:
        when, pk = cursor_decode(cursor)
        articles = articles.filter(Q(changed_at__gt=when) | Q(changed_at=when, pk__gt=pk))
    return articles.order_by("changed_at", "pk")


def api_articles_version(
    *,
    language: str | None = None,
    topic: str | None = None,
    changed_since: datetime | None = None,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> str:
    """What a page of api_articles() depends on, as a short digest, read without building
    it: the content version and the page's articles with their counters."""
    articles = _with_changed_at(Article.objects.readable(PUBLIC))
    rows = _listing(
        articles=articles,
        language=language,
        topic=topic,
        changed_since=changed_since,
        cursor=cursor,
    ).values_list("pk", "view_count", "yes_count", "no_count")[: limit + 1]
    text = repr((content_version(), list(rows)))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def api_articles(
    *,
    language: str | None = None,
    topic: str | None = None,
    changed_since: datetime | None = None,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> ArticleListing:
    """Published articles, oldest change first, `limit` at a time after `cursor`; in
    `language` (only those that exist in it), on `topic`, changed since a time. Raises
    CursorError."""
    articles = _listing(
        articles=_published(language),
        language=language,
        topic=topic,
        changed_since=changed_since,
        cursor=cursor,
    )
    rows = list(articles[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    return ArticleListing(
        items=[article_json(a, language) for a in rows],
        next_cursor=cursor_encode(last.changed_at, last.pk) if more and last else None,  # type: ignore[attr-defined]
    )

"""The knowledge base as an export holds it, in plain values: teams, topics and articles.

The export writes these records and the import reads files back into the same
records, so deciding whether an article changed is comparing two of them.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from faq.models import (
    Article,
    ArticleTranslation,
    Step,
    StepTranslation,
    Team,
    Topic,
    TopicTranslation,
)


@dataclass(frozen=True)
class TeamRecord:
    name: str
    email: str = ""


@dataclass(frozen=True)
class TopicText:
    """A topic's name and description in another language."""

    language: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class TopicRecord:
    slug: str
    name: str
    description: str = ""
    review_months: int | None = None
    translations: tuple[TopicText, ...] = ()


@dataclass(frozen=True)
class StepRecord:
    """A live step; `image` is the key of its screenshot (the widest rendition's storage
    name in the database), `renditions` every rendition's, narrow to wide."""

    id: int | None
    position: int
    body: str
    image: str = ""
    image_alt: str = ""
    renditions: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepTextRecord:
    """A step's text and alt text in a translation, by the step's id."""

    id: int
    body: str = ""
    image_alt: str = ""


@dataclass(frozen=True)
class TranslationRecord:
    language: str
    question: str
    slug: str
    answer_intro: str = ""
    answer_outro: str = ""
    # Older than the last change to the source text, as the translation editor shows it.
    stale: bool = False
    steps: tuple[StepTextRecord, ...] = ()


@dataclass(frozen=True)
class ArticleRecord:
    """An article with its steps and translations; dates None in a file: not given."""

    id: int | None
    question: str
    slug: str
    status: str
    language: str
    team: str
    topics: tuple[str, ...] = ()
    answered_by: str | None = None
    owner: str | None = None
    created_at: datetime | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    reviewed_at: datetime | None = None
    review_by: date | None = None
    answer_intro: str = ""
    answer_outro: str = ""
    steps: tuple[StepRecord, ...] = ()
    translations: tuple[TranslationRecord, ...] = ()


def exchange_teams() -> list[TeamRecord]:
    """Every team by name; webhook addresses and secrets stay out of an export."""
    return [TeamRecord(name=t.name, email=t.email) for t in Team.objects.order_by("name")]


def exchange_topics() -> list[TopicRecord]:
    """Every topic by slug, with its translations by language."""
    texts: dict[int, list[TopicText]] = defaultdict(list)
    for topic_id, language, name, description in (
        TopicTranslation.objects.order_by("topic_id", "language")
        .values_list("topic_id", "language", "name", "description")
        .iterator()
    ):
        texts[topic_id].append(TopicText(language=language, name=name, description=description))
    return [
        TopicRecord(
            slug=t.slug,
            name=t.name,
            description=t.description,
            review_months=t.review_months,
            translations=tuple(texts[t.pk]),
        )
        for t in Topic.objects.order_by("slug")
    ]


def _steps(article_ids: list[int]) -> dict[int, list[StepRecord]]:
    found: dict[int, list[StepRecord]] = defaultdict(list)
    for step in Step.objects.filter(article_id__in=article_ids).order_by("article_id", "position"):
        renditions = tuple(str(r["name"]) for r in step.image_renditions or [])
        found[step.article_id].append(
            StepRecord(
                id=step.pk,
                position=step.position,
                body=step.body,
                image=step.image.name or "",
                image_alt=step.image_alt if step.image else "",
                renditions=renditions or ((step.image.name,) if step.image else ()),
            )
        )
    return found


def _translations(
    articles: list[Article], steps: dict[int, list[StepRecord]]
) -> dict[int, list[TranslationRecord]]:
    ids = [a.pk for a in articles]
    texts = {
        (step_id, language): StepTextRecord(id=step_id, body=body, image_alt=alt)
        for step_id, language, body, alt in StepTranslation.objects.filter(
            step__article_id__in=ids, step__removed_at__isnull=True
        ).values_list("step_id", "language", "body", "image_alt")
    }
    changed_at = {a.pk: a.source_changed_at for a in articles}
    found: dict[int, list[TranslationRecord]] = defaultdict(list)
    for item in ArticleTranslation.objects.filter(article_id__in=ids).order_by(
        "article_id", "language"
    ):
        step_texts = (
            texts.get((s.id, item.language)) for s in steps[item.article_id] if s.id is not None
        )
        found[item.article_id].append(
            TranslationRecord(
                language=item.language,
                question=item.question,
                slug=item.slug,
                answer_intro=item.answer_intro,
                answer_outro=item.answer_outro,
                stale=item.updated_at < changed_at[item.article_id],
                steps=tuple(t for t in step_texts if t is not None),
            )
        )
    return found


def exchange_articles(*, ids: Iterable[int] | None = None) -> list[ArticleRecord]:
    """Every article (or those of `ids`), drafts too, by id, as an export writes it."""
    queryset = Article.objects.select_related("team", "answered_by", "owner").order_by("pk")
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    articles = list(queryset)
    article_ids = [a.pk for a in articles]
    topics: dict[int, list[str]] = defaultdict(list)
    for article_id, slug in (
        Article.topics.through.objects.filter(article_id__in=article_ids)
        .order_by("article_id", "topic__slug")
        .values_list("article_id", "topic__slug")
    ):
        topics[article_id].append(slug)
    steps = _steps(article_ids)
    translations = _translations(articles, steps)
    return [
        ArticleRecord(
            id=a.pk,
            question=a.question,
            slug=a.slug,
            status=a.status,
            language=a.language,
            team=a.team.name,
            topics=tuple(topics[a.pk]),
            answered_by=a.answered_by.get_username() if a.answered_by else None,
            owner=a.owner.get_username() if a.owner else None,
            created_at=a.created_at,
            published_at=a.published_at,
            updated_at=a.updated_at,
            reviewed_at=a.last_reviewed_at,
            review_by=a.review_by,
            answer_intro=a.answer_intro,
            answer_outro=a.answer_outro,
            steps=tuple(steps[a.pk]),
            translations=tuple(translations[a.pk]),
        )
        for a in articles
    ]

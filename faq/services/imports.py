"""Publishing many articles at once (a migration from another help desk, a scale test)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import transaction
from django.db.models import Model, prefetch_related_objects
from django.utils import timezone
from django.utils.text import slugify
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from faq.markdown import render_markdown
from faq.models import Article, Step, Team, Topic
from faq.models.articles import DEFAULT_REVIEW_MONTHS
from faq.services.content import content_version_bump
from faq.services.events import articles_published_queue
from faq.services.reviews import review_by_default
from faq.services.search import search_index_rebuild

BATCH_SIZE = 500


@dataclass(frozen=True)
class ArticleDraft:
    """A published article to import, as article_create would take it."""

    question: str
    team: Team
    answer_intro: str = ""
    answer_outro: str = ""
    steps: Sequence[str] = ()
    topics: Sequence[Topic] = field(default_factory=tuple)
    answered_by: User | None = None
    owner: User | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    # When it was written, if before the import.
    created_at: datetime | None = None


@transaction.atomic
def articles_import(*, drafts: Iterable[ArticleDraft], note: str = "Created.") -> tuple[int, int]:
    """Publish drafts as article_create would, in set-based batches; return articles and steps.

    The same rows come out as from article_create one by one (rendered
    Markdown, review date, topics, numbered steps, a first version, the
    search index), in a few statements a batch instead of some forty an
    article. The search index is rebuilt whole at the end, as after any bulk
    load: meant for imports of many articles, not for one."""
    now = timezone.now()
    rendered: dict[str, str] = {}
    made = steps_made = 0
    drafts = iter(drafts)
    while batch := list(islice(drafts, BATCH_SIZE)):
        articles = _articles_insert(batch, now=now, rendered=rendered)
        steps = _steps_insert(batch, articles, rendered=rendered)
        _versions_insert(articles, steps, now=now, note=note)
        # Imported published: article.published, as article_create would tell it.
        articles_published_queue(articles=articles)
        made += len(articles)
        steps_made += sum(len(article_steps) for article_steps in steps)
    if made:
        search_index_rebuild()
        content_version_bump()
    return made, steps_made


def _render(text: str, rendered: dict[str, str]) -> str:
    # Imports repeat the same sentences; Markdown is the slow part.
    if text not in rendered:
        rendered[text] = render_markdown(text, settings.LANGUAGE_CODE)
    return rendered[text]


def _articles_insert(
    batch: list[ArticleDraft], *, now: datetime, rendered: dict[str, str]
) -> list[Article]:
    articles = []
    for draft in batch:
        published = draft.published_at or now
        article = Article(
            question=draft.question,
            slug=slugify(draft.question)[:120] or "article",
            status=Article.Status.PUBLISHED,
            team=draft.team,
            answer_intro=draft.answer_intro,
            answer_intro_html=_render(draft.answer_intro, rendered),
            answer_outro=draft.answer_outro,
            answer_outro_html=_render(draft.answer_outro, rendered),
            answered_by=draft.answered_by,
            owner=draft.owner,
            published_at=published,
            updated_at=draft.updated_at or now,
            created_at=draft.created_at or now,
        )
        # The shortest period of its topics, as review_months reads it from the rows.
        periods = [topic.review_months for topic in draft.topics if topic.review_months]
        article.review_by = review_by_default(article, min(periods, default=DEFAULT_REVIEW_MONTHS))
        articles.append(article)
    Article.objects.bulk_create(articles)
    through = Article.topics.through
    through.objects.bulk_create(
        through(article_id=article.pk, topic_id=topic.pk)
        for article, draft in zip(articles, batch, strict=True)
        for topic in dict.fromkeys(draft.topics)
    )
    return articles


def _steps_insert(
    batch: list[ArticleDraft], articles: list[Article], *, rendered: dict[str, str]
) -> list[list[Step]]:
    steps = [
        [
            Step(article=article, position=number, body=body, body_html=_render(body, rendered))
            for number, body in enumerate(draft.steps, start=1)
        ]
        for article, draft in zip(articles, batch, strict=True)
    ]
    Step.objects.bulk_create([step for article_steps in steps for step in article_steps])
    return steps


def _versions_insert(
    articles: list[Article], steps: list[list[Step]], *, now: datetime, note: str
) -> None:
    """One revision an article holding it and its steps, as article_version_record keeps them."""
    # The serializer reads each article's topics: one query for the batch instead.
    prefetch_related_objects(articles, "topics")
    revisions = Revision.objects.bulk_create(
        Revision(date_created=now, user_id=article.answered_by_id, comment=note)
        for article in articles
    )
    versions = [
        _version(obj, revision)
        for revision, article, article_steps in zip(revisions, articles, steps, strict=True)
        for obj in [article, *article_steps]
    ]
    Version.objects.bulk_create(versions)


def _version(obj: Model, revision: Revision) -> Version:
    # django-reversion's own registration (fields left out, format) decides
    # what a version holds, so these read back like the ones it writes.
    options = _get_options(type(obj))
    return Version(
        revision=revision,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        db="default",
        format=options.format,
        serialized_data=serializers.serialize(options.format, (obj,), fields=options.fields),
        object_repr=str(obj),
    )

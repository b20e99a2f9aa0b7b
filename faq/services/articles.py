"""Writes to articles and their steps, topics and teams."""

# File[bytes] is generic only in django-stubs, so annotations stay unevaluated.
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from faq.markdown import render_markdown
from faq.models import Article, Step, Team, Topic
from faq.models.articles import DEFAULT_REVIEW_MONTHS
from faq.models.audiences import Audience
from faq.selectors.audiences import article_audience_validate
from faq.services.content import content_version_bump
from faq.services.funnel import funnel_recount
from faq.services.images import StoredImage, step_image_apply, step_image_store
from faq.services.reviews import article_review_due_set, review_by_default, review_months
from faq.services.search import search_index_update
from faq.services.versions import article_version_record
from faq.transactions import assert_in_transaction

# Positions are moved this far out of the way during a reorder, so the unique
# (article, position) constraint holds at every statement, on every database.
_REORDER_OFFSET = 10_000


@dataclass(frozen=True)
class StepInput:
    """A step as the admin or the demo loader hands it over."""

    body: str
    position: int
    step: Step | None = None
    # A new screenshot (an uploaded file, checked, resized and stored by
    # step_list_save before its transaction opens, or renditions that
    # step_image_store stored already), or `image_clear` to take it off;
    # `image_alt` None leaves the alt text as is.
    image: File[bytes] | StoredImage | None = None
    image_alt: str | None = None
    image_clear: bool = False


def _render(article: Article) -> None:
    article.answer_intro_html = render_markdown(article.answer_intro, article.language)
    article.answer_outro_html = render_markdown(article.answer_outro, article.language)


@transaction.atomic
def article_save(
    *,
    article: Article,
    now: datetime | None = None,
    minor: bool = False,
    review_by: date | None = None,
    review_by_default_again: bool = False,
    topic_ids: Iterable[int] | None = None,
) -> Article:
    """Render an article's Markdown, stamp its dates and save it.

    A minor edit keeps Last Updated; any change to the text, minor or not, marks
    the article's translations as maybe out of date. `review_by` is a review
    date an editor chose: kept until the text changes or the article is
    reviewed. `review_by_default_again` drops a chosen one. `topic_ids`: the topics the
    caller is about to give it, else its own are the ones its audience is checked with.
    Raises ValidationError for a source language the article has a translation in, and
    for an audience more open than one of its topics."""
    now = now or timezone.now()
    if topic_ids is not None:
        article_audience_validate(audience=article.audience, topic_ids=topic_ids)
    if not article.slug:
        article.slug = slugify(article.question)[:120] or "article"
    _render(article)
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = now
    if article.pk is None:
        article.source_changed_at = now
    else:
        old = (
            Article.objects.filter(pk=article.pk)
            .values("question", "answer_intro", "answer_outro", "language", "audience")
            .first()
        )
        if topic_ids is None and old is not None and old["audience"] != article.audience:
            stored = article.topics.values_list("pk", flat=True)
            article_audience_validate(audience=article.audience, topic_ids=stored)
        if (
            old is not None
            and old["language"] != article.language
            and article.translations.filter(language=article.language).exists()
        ):
            raise ValidationError(
                {"language": "The article has a translation in this language: delete it first."}
            )
        changed = old is not None and (
            old["question"],
            old["answer_intro"],
            old["answer_outro"],
        ) != (article.question, article.answer_intro, article.answer_outro)
        if changed:
            # A translator must look again even after a typo fix: the words differ.
            article.source_changed_at = now
        if changed and not minor:
            article.updated_at = now
            # New words start a new review period, whatever date was chosen for the old ones.
            article.review_by_chosen = False
    if review_by is not None:
        article.review_by, article.review_by_chosen = review_by, True
    elif review_by_default_again:
        article.review_by_chosen = False
    if not article.review_by_chosen or article.review_by is None:
        # Topics are read as stored: callers that change them call
        # article_review_due_set afterwards.
        months = review_months(article_ids=[article.pk])[article.pk] if article.pk else None
        article.review_by = review_by_default(article, months or DEFAULT_REVIEW_MONTHS)
    article.save()
    search_index_update(article_id=article.pk)
    content_version_bump()
    return article


@transaction.atomic
def article_create(
    *,
    question: str,
    team: Team,
    answer_intro: str = "",
    answer_outro: str = "",
    steps: Sequence[str] = (),
    topics: Iterable[Topic] = (),
    answered_by: User | None = None,
    owner: User | None = None,
    status: str = Article.Status.PUBLISHED,
    slug: str = "",
    language: str = settings.LANGUAGE_CODE,
    updated_at: datetime | None = None,
    published_at: datetime | None = None,
    note: str = "Created.",
    audience: str = Audience.EVERYONE,
) -> Article:
    """Create an article with its steps and topics in one go; `language` is the one it is
    written in, `note` its first version's, `audience` who may read it. Raises
    ValidationError, with nothing made, for an audience more open than one of the topics."""
    topics = list(topics)
    now = timezone.now()
    article = Article(
        question=question,
        slug=slug,
        language=language,
        team=team,
        answer_intro=answer_intro,
        answer_outro=answer_outro,
        answered_by=answered_by,
        owner=owner,
        status=status,
        updated_at=updated_at or now,
        published_at=published_at,
        audience=audience,
    )
    article_save(article=article, now=now, topic_ids=[t.pk for t in topics])
    article.topics.set(topics)
    article_review_due_set(article_ids=[article.pk])
    article.refresh_from_db(fields=["review_by"])
    step_list_save(
        article=article,
        steps=[StepInput(body=body, position=i) for i, body in enumerate(steps, start=1)],
    )
    article_version_record(article=article, user=answered_by, note=note)
    return article


def step_list_save(
    *, article: Article, steps: Sequence[StepInput], deleted: Iterable[Step] = ()
) -> list[Step]:
    """Save steps in order, numbered 1..n, keeping ids; `deleted` ones leave pages, not stats.

    Uploaded screenshots are checked, resized and stored first, outside any
    transaction (so with uploads, call this outside one); then the rows are
    written in one transaction. Raises ImageRejectedError, or ValueError for
    a screenshot without alt text, before anything is stored."""
    for item in steps:
        if item.image is not None and not item.image_clear and not (item.image_alt or "").strip():
            # The database refuses it too; this says why in words, before any file is made.
            raise ValueError(f"The screenshot of step {item.position} needs alt text.")
    # If the transaction below rolls back, these files stay: named by their
    # content and shown by no row, they are harmless, and the next save of the
    # same upload finds them there.
    stored = [_image_stored(item) for item in steps]
    with transaction.atomic():
        return _steps_write(article=article, steps=stored, deleted=deleted)


def _image_stored(item: StepInput) -> StepInput:
    if item.image_clear or item.image is None or isinstance(item.image, StoredImage):
        return item
    return replace(item, image=step_image_store(upload=item.image))


def _steps_write(
    *, article: Article, steps: Sequence[StepInput], deleted: Iterable[Step]
) -> list[Step]:
    assert_in_transaction("Writing an article's steps")
    before = list(
        Step.objects.filter(article=article).values_list("pk", "position", "body", "image_alt")
    )
    deleted_ids = [step.pk for step in deleted if step.pk is not None]
    if deleted_ids:
        # Removed, not deleted: readers stop seeing the step, and the funnel
        # keeps its checks and stuck reports.
        Step.objects.filter(article=article, pk__in=deleted_ids).update(removed_at=timezone.now())
    Step.objects.filter(article=article).update(position=F("position") + _REORDER_OFFSET)
    # Ties keep the order they were given in, so a new step typed with an
    # existing number lands after the step that already had it.
    ordered = sorted(enumerate(steps), key=lambda pair: (pair[1].position, pair[0]))
    saved = []
    for number, (_, item) in enumerate(ordered, start=1):
        step = item.step or Step(article=article)
        step.article = article
        step.position = number
        # A removed step handed back (a restore) comes back as itself.
        step.removed_at = None
        step.body = item.body
        step.body_html = render_markdown(item.body, article.language)
        if item.image_clear:
            step_image_apply(step=step, stored=None, alt="")
        elif item.image is not None:
            if not isinstance(item.image, StoredImage):
                raise TypeError(f"The screenshot of step {item.position} was not stored first.")
            step_image_apply(step=step, stored=item.image, alt=item.image_alt or "")
        elif item.image_alt is not None and step.image:
            step.image_alt = item.image_alt.strip()
        step.save()
        saved.append(step)
    # Steps the caller did not mention keep their relative order after the rest.
    leftovers = Step.objects.filter(article=article, position__gt=_REORDER_OFFSET).order_by(
        "position"
    )
    for number, step in enumerate(leftovers, start=len(saved) + 1):
        Step.objects.filter(pk=step.pk).update(position=number)
    after = list(
        Step.objects.filter(article=article).values_list("pk", "position", "body", "image_alt")
    )
    now = timezone.now()
    readers_see = {(pk, p, body) for pk, p, body, _ in before} != {
        (pk, p, body) for pk, p, body, _ in after
    }
    if before and readers_see:
        Article.objects.filter(pk=article.pk).update(steps_changed_at=now)
    if sorted(before) != sorted(after):
        # Steps added, removed, reordered or reworded, or an alt text changed.
        Article.objects.filter(pk=article.pk).update(source_changed_at=now)
    if before and {(pk, p) for pk, p, _, _ in before} != {(pk, p) for pk, p, _, _ in after}:
        # Which step comes before which changed: the funnel's rollup follows.
        funnel_recount(article_id=article.pk)
    search_index_update(article_id=article.pk)
    content_version_bump()
    return saved


@transaction.atomic
def team_get_or_create(*, name: str, email: str = "") -> Team:
    """The team with this name, made if it does not exist."""
    team, created = Team.objects.get_or_create(name=name, defaults={"email": email})
    if created:
        content_version_bump()
    return team


@transaction.atomic
def topic_get_or_create(
    *,
    name: str,
    description: str = "",
    review_months: int | None = None,
    audience: str = Audience.EVERYONE,
) -> Topic:
    """The topic with this name, made (for `audience`) if it does not exist."""
    topic, created = Topic.objects.get_or_create(
        slug=slugify(name),
        defaults={
            "name": name,
            "description": description,
            "review_months": review_months,
            "audience": audience,
        },
    )
    if created:
        content_version_bump()
    return topic

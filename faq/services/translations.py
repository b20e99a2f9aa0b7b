"""Writes to translations of articles, their steps and topics."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from faq import lang
from faq.markdown import render_markdown
from faq.models import (
    Article,
    ArticleTranslation,
    Step,
    StepTranslation,
    Topic,
    TopicTranslation,
)
from faq.models.visitors import AnyUser
from faq.selectors.history import VersionedStepText, VersionedTranslation
from faq.services.content import content_version_bump
from faq.services.reviews import months_after, review_months
from faq.services.search import search_index_update
from faq.services.versions import article_version_record
from faq.transactions import in_transaction

SLUG_TAKEN = "Another article already has this address in this language."


@dataclass(frozen=True)
class StepText:
    """A step's text and its screenshot's alt text in a translation; blank: not translated."""

    body: str
    image_alt: str = ""


def _language_checked(language: str, *, source: str, what: str) -> None:
    if language not in lang.codes():
        raise ValidationError({"language": f"“{language}” is not one of the site's languages."})
    if language == source:
        raise ValidationError(
            {
                "language": f"{lang.name(language)} is the language {what} is written in: "
                "edit the source itself, not a translation."
            }
        )


def _user(user: AnyUser) -> int | None:
    return user.pk if isinstance(user, get_user_model()) else None


def _slug_checked(*, slug: str, question: str, language: str, article_id: int) -> str:
    slug = slug.strip() or slugify(question)[:120] or "article"
    try:
        validate_slug(slug)
    except ValidationError:
        raise ValidationError(
            {"slug": "Use only letters, numbers, hyphens and underscores in the address."}
        ) from None
    taken = ArticleTranslation.objects.filter(language=language, slug=slug).exclude(
        article_id=article_id
    )
    if taken.exists():
        raise ValidationError({"slug": SLUG_TAKEN})
    return slug


def _steps_checked(*, article_id: int, steps: Mapping[int, StepText]) -> dict[int, Step]:
    live = {s.pk: s for s in Step.objects.filter(article_id=article_id, pk__in=list(steps))}
    unknown = sorted(set(steps) - set(live))
    if unknown:
        # A step of another article is as unknown as a step that does not exist.
        raise ValidationError(
            {"steps": f"The article has no step with id {', '.join(map(str, unknown))}."}
        )
    return live


@transaction.atomic
def article_translation_save(
    *,
    article_id: int,
    language: str,
    question: str,
    slug: str,
    answer_intro: str,
    answer_outro: str,
    steps: Mapping[int, StepText],
    user: AnyUser,
    review_by: date | None = None,
    record_version: bool = False,
    now: datetime | None = None,
) -> ArticleTranslation:
    """Save an article's translation into `language` with the steps given by id, in one go.

    Steps not in `steps` keep the translation they have; a step given with a blank
    text is shown in the source language again. Saving marks the translation as
    matching the source as it is now. `review_by` is a review date chosen by an
    editor. `record_version` keeps a version of the article that holds the
    translation, noted "Translated into Svenska", as an editor's save does. Raises
    Article.DoesNotExist, or ValidationError (by field) with nothing written: a
    language that is not the site's or is the article's own, a blank question, a slug
    another article has in that language, a step not of this article."""
    now = now or timezone.now()
    article = Article.objects.select_for_update().only("pk", "language").get(pk=article_id)
    _language_checked(language, source=article.language, what="the article")
    question = question.strip()
    if not question:
        raise ValidationError({"question": "A translation needs its question."})
    slug = _slug_checked(slug=slug, question=question, language=language, article_id=article.pk)
    live = _steps_checked(article_id=article.pk, steps=steps)

    found = ArticleTranslation.objects.filter(article=article, language=language).first()
    item = found or ArticleTranslation(article=article, language=language, created_at=now)
    item.question, item.slug = question, slug
    item.answer_intro, item.answer_outro = answer_intro, answer_outro
    item.answer_intro_html = render_markdown(answer_intro, language)
    item.answer_outro_html = render_markdown(answer_outro, language)
    item.updated_at, item.updated_by_id = now, _user(user)
    if review_by is not None:
        item.review_by, item.review_by_chosen = review_by, True
    _review_by_default(item)
    try:
        # A savepoint, so that a slug taken meanwhile is the same clear error.
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise ValidationError({"slug": SLUG_TAKEN}) from None
    _step_texts_write(language=language, steps=live, texts=steps)
    search_index_update(article_id=article.pk)
    content_version_bump()
    if record_version:
        # The note is the version list's, read by staff in the site's own language.
        note = f"Translated into {lang.name(language)}"
        article_version_record(article=Article.objects.get(pk=article.pk), user=user, note=note)
    return item


@transaction.atomic
def article_translation_review_mark(
    *, article_id: int, language: str, user: AnyUser, now: datetime | None = None
) -> ArticleTranslation:
    """Record that `user` checked the translation into `language` now: its next review is a
    period on, as an article's is. Raises ArticleTranslation.DoesNotExist."""
    item = ArticleTranslation.objects.select_for_update().get(
        article_id=article_id, language=language
    )
    item.last_reviewed_at = now or timezone.now()
    item.last_reviewed_by_id = _user(user)
    # A review answers the question an editor's chosen date asked.
    item.review_by_chosen = False
    _review_by_default(item)
    item.save(
        update_fields=["last_reviewed_at", "last_reviewed_by", "review_by_chosen", "review_by"]
    )
    content_version_bump()
    return item


def _review_by_default(item: ArticleTranslation) -> None:
    """A period after the translation was last saved or reviewed, as an article's own
    review date is; unless an editor chose one."""
    if item.review_by_chosen and item.review_by is not None:
        return
    reviewed = max(filter(None, [item.updated_at, item.last_reviewed_at]))
    months = review_months(article_ids=[item.article_id])[item.article_id]
    item.review_by = months_after(timezone.localdate(reviewed), months)


def _step_texts_write(
    *, language: str, steps: Mapping[int, Step], texts: Mapping[int, StepText]
) -> None:
    blank = [pk for pk, t in texts.items() if not t.body.strip() and not t.image_alt.strip()]
    StepTranslation.objects.filter(step_id__in=blank, language=language).delete()
    rows = [
        StepTranslation(
            step=steps[pk],
            language=language,
            body=text.body,
            body_html=render_markdown(text.body, language) if text.body.strip() else "",
            image_alt=text.image_alt.strip(),
        )
        for pk, text in texts.items()
        if pk not in blank
    ]
    StepTranslation.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["step", "language"],
        update_fields=["body", "body_html", "image_alt"],
    )


@transaction.atomic
def article_translation_delete(
    *, article_id: int, language: str, user: AnyUser = None, record_version: bool = False
) -> bool:
    """Delete an article's translation into `language`, its steps' too; False if it had none.
    `record_version` keeps a version without it, so that a restore can bring it back."""
    deleted, _ = ArticleTranslation.objects.filter(
        article_id=article_id, language=language
    ).delete()
    steps, _ = StepTranslation.objects.filter(
        step__article_id=article_id, language=language
    ).delete()
    if not deleted and not steps:
        return False
    search_index_update(article_id=article_id)
    content_version_bump()
    if record_version:
        note = f"Translation into {lang.name(language)} deleted"
        article_version_record(article=Article.objects.get(pk=article_id), user=user, note=note)
    return True


@transaction.atomic
def topic_translation_save(
    *, topic_id: int, language: str, name: str, description: str = ""
) -> TopicTranslation:
    """Save a topic's name and description in `language`; raises Topic.DoesNotExist, or
    ValidationError for a language that is not the site's or is the topics' own, or a
    blank name."""
    topic = Topic.objects.get(pk=topic_id)
    # Topics are written in the site's own language.
    _language_checked(language, source=settings.LANGUAGE_CODE, what="every topic")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "A translation needs the topic's name."})
    item, _ = TopicTranslation.objects.update_or_create(
        topic=topic, language=language, defaults={"name": name, "description": description}
    )
    content_version_bump()
    return item


@transaction.atomic
def topic_translation_delete(*, topic_id: int, language: str) -> bool:
    """Delete a topic's translation into `language`; False if it had none."""
    deleted, _ = TopicTranslation.objects.filter(topic_id=topic_id, language=language).delete()
    if deleted:
        content_version_bump()
    return bool(deleted)


@in_transaction
def translations_restore(
    *,
    article: Article,
    translations: Sequence[VersionedTranslation],
    step_texts: Sequence[VersionedStepText],
) -> None:
    """Put an article's translations back as a version kept them, in the transaction of its
    restore, after its source text: a translation that was up to date then is up to date
    now, one that may have been out of date still may be. Translations the version did
    not have are deleted; so are the translations of its steps that it did not have."""
    now = timezone.now()
    changed_at = Article.objects.values_list("source_changed_at", flat=True).get(pk=article.pk)
    wanted = {t.language: t for t in translations if t.language != article.language}
    ArticleTranslation.objects.filter(article=article).exclude(language__in=wanted).delete()
    current = {t.language: t for t in ArticleTranslation.objects.filter(article=article)}
    for code, was in wanted.items():
        item = current.get(code) or ArticleTranslation(article=article, language=code)
        item.question, item.answer_intro, item.answer_outro = (
            was.question,
            was.answer_intro,
            was.answer_outro,
        )
        item.answer_intro_html = render_markdown(was.answer_intro, code)
        item.answer_outro_html = render_markdown(was.answer_outro, code)
        item.slug = _restored_slug(
            article_id=article.pk, language=code, slug=was.slug, current=item
        )
        # Older than the source's last change (just stamped, if the restore changed it).
        item.updated_at = changed_at - timedelta(seconds=1) if was.stale else now
        _review_by_default(item)
        item.save()
    step_ids = set(Step.all_objects.filter(article=article).values_list("pk", flat=True))
    kept = [t for t in step_texts if t.language in wanted and t.step_id in step_ids]
    keep = {(t.step_id, t.language) for t in kept}
    rows = StepTranslation.objects.filter(step__article=article)
    StepTranslation.objects.filter(
        pk__in=[
            pk
            for pk, step_id, code in rows.values_list("pk", "step_id", "language")
            if (step_id, code) not in keep
        ]
    ).delete()
    StepTranslation.objects.bulk_create(
        [
            StepTranslation(
                step_id=t.step_id,
                language=t.language,
                body=t.body,
                body_html=render_markdown(t.body, t.language) if t.body.strip() else "",
                image_alt=t.image_alt,
            )
            for t in kept
        ],
        update_conflicts=True,
        unique_fields=["step", "language"],
        update_fields=["body", "body_html", "image_alt"],
    )
    search_index_update(article_id=article.pk)
    content_version_bump()


def _restored_slug(
    *, article_id: int, language: str, slug: str, current: ArticleTranslation
) -> str:
    """The version's slug, unless another article has taken it since: then the one the
    translation has now, or the version's made unique by the article's id."""
    taken = ArticleTranslation.objects.filter(language=language, slug=slug).exclude(
        article_id=article_id
    )
    if not taken.exists():
        return slug
    return current.slug or f"{slug[:100]}-{article_id}"

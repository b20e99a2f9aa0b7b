"""Review before publishing: draft → in review → published, by a publisher's approval.

A published article is never edited in place by one who must be reviewed: a rewrite is a
draft article of its own (rewrite_of), which readers never see, submitted and approved like
a new article, and copied onto the published one when it is published: at approval, or by
the worker at its publish_at (faq.services.schedule). Each step of it is a version of the
article with a note saying who did what, so the article's versions tell the whole story.
Superusers may skip review; when they do, the version says so."""

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django_tasks import task

from faq.models import Article, Step
from faq.models.visitors import AnyUser
from faq.services.articles import StepInput, article_save, step_list_save
from faq.services.images import StoredImage
from faq.services.review_mail import person_name, review_mail_queue
from faq.services.reviews import article_review_due_set
from faq.services.versions import article_version_record
from faq.transactions import in_transaction

# How far ahead a publishing date may be: further is a typo for a year.
SCHEDULE_AHEAD_MOST = timedelta(days=2 * 366)
# What a rewrite copies onto its article; the address, the language and the counters stay.
REWRITTEN_FIELDS = (
    "question",
    "answer_intro",
    "answer_outro",
    "team_id",
    "answered_by_id",
    "owner_id",
    "audience",
    "unpublish_at",
)


class WorkflowError(ValidationError):
    """A step of the workflow that does not apply to the article as it is now."""


def can_publish(user: AnyUser) -> bool:
    """Whether `user` may approve, publish and unpublish."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (
            getattr(user, "is_superuser", False)
            or getattr(user, "has_perm", lambda _: False)("faq.publish_article")
        )
    )


def _name(user: AnyUser) -> str:
    return person_name(user)


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i T")


def schedule_check(
    *, publish_at: datetime | None, unpublish_at: datetime | None, now: datetime | None = None
) -> None:
    """Raise ValidationError for a publishing date in the past or too far ahead, or an
    unpublishing date before it."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    for field, moment in (("publish_at", publish_at), ("unpublish_at", unpublish_at)):
        if moment is None:
            continue
        if moment <= now:
            errors[field] = "Choose a date and time still to come."
        elif moment > now + SCHEDULE_AHEAD_MOST:
            errors[field] = "Choose a date within two years."
    if publish_at and unpublish_at and unpublish_at <= publish_at and not errors:
        errors["unpublish_at"] = "Unpublishing must come after publishing."
    if errors:
        raise ValidationError(errors)


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _record(article: Article, user: AnyUser, note: str) -> None:
    """A version of the article readers know (the rewrite's original, if it is one)."""
    target = Article.objects.get(pk=article.rewrite_of_id) if article.rewrite_of_id else article
    article_version_record(article=target, user=user, note=note)


def _what(article: Article) -> str:
    return "Rewrite" if article.is_rewrite else "Article"


@transaction.atomic
def article_rewrite_start(*, article: Article, user: User) -> Article:
    """The pending rewrite of a published article: the one under way, or a new draft copy of
    it, steps and screenshots too, each step remembering the one it copies."""
    original = _locked(article)
    if not original.is_published or original.is_rewrite:
        raise WorkflowError("Only a published article is rewritten: edit a draft itself.")
    existing = Article.objects.filter(rewrite_of=original).first()
    if existing is not None:
        return existing
    rewrite = Article(
        rewrite_of=original,
        status=Article.Status.DRAFT,
        slug=original.slug,
        language=original.language,
        review_by=original.review_by,
        review_by_chosen=original.review_by_chosen,
        **{field: getattr(original, field) for field in REWRITTEN_FIELDS},
    )
    article_save(article=rewrite, minor=True)
    rewrite.topics.set(original.topics.all())
    Step.objects.bulk_create(
        Step(
            article=rewrite,
            position=step.position,
            body=step.body,
            body_html=step.body_html,
            image=step.image,
            image_width=step.image_width,
            image_height=step.image_height,
            image_renditions=step.image_renditions,
            image_alt=step.image_alt,
            copied_from=step,
        )
        for step in Step.objects.filter(article=original).order_by("position")
    )
    _record(rewrite, user, f"Rewrite started by {_name(user)}.")
    return rewrite


@transaction.atomic
def article_submit(*, article: Article, user: User, note: str = "") -> Article:
    """Send a draft, or a rewrite, to the publishers for review, and tell them by email."""
    article = _locked(article)
    if article.status != Article.Status.DRAFT:
        raise WorkflowError("Only a draft is submitted for review.")
    article.status = Article.Status.REVIEW
    article.submitted_by, article.submitted_at = user, timezone.now()
    article.review_comment = ""
    article.approved_by, article.approved_at = None, None
    article.save(
        update_fields=[
            "status",
            "submitted_by",
            "submitted_at",
            "review_comment",
            "approved_by",
            "approved_at",
        ]
    )
    said = f" “{note.strip()}”" if note.strip() else ""
    _record(article, user, f"{_what(article)} submitted for review by {_name(user)}.{said}")
    review_mail_queue(article=article, event="submitted", actor=user, comment=note)
    return article


@transaction.atomic
def article_send_back(*, article: Article, user: User, comment: str) -> Article:
    """A publisher returns a submitted draft or rewrite to its author with a comment."""
    if not can_publish(user):
        raise PermissionDenied("Only publishers send back.")
    article = _locked(article)
    if article.status not in (Article.Status.REVIEW, Article.Status.APPROVED):
        raise WorkflowError("Only an article in review, or approved, is sent back.")
    if not comment.strip():
        raise WorkflowError({"comment": "Say what to change."})
    article.status = Article.Status.DRAFT
    article.review_comment = comment.strip()
    article.approved_by, article.approved_at = None, None
    article.save(update_fields=["status", "review_comment", "approved_by", "approved_at"])
    _record(article, user, f"{_what(article)} sent back by {_name(user)}: “{comment.strip()}”")
    review_mail_queue(article=article, event="sent_back", actor=user, comment=comment)
    return article


@transaction.atomic
def article_approve(*, article: Article, user: User, now: datetime | None = None) -> Article:
    """A publisher approves a submitted draft or rewrite: it is published now, or by the
    worker at its publish_at. Approving one's own needs a superuser."""
    now = now or timezone.now()
    if not can_publish(user):
        raise PermissionDenied("Only publishers approve.")
    article = _locked(article)
    if article.status != Article.Status.REVIEW:
        raise WorkflowError("Only an article in review is approved.")
    own = article.submitted_by_id == user.pk
    if own and not getattr(user, "is_superuser", False):
        raise PermissionDenied("Another publisher must approve what you submitted.")
    article.approved_by, article.approved_at = user, now
    author = _name(article.submitted_by) if article.submitted_by else "no one"
    review_mail_queue(article=article, event="approved", actor=user, comment="")
    if article.publish_at is not None and article.publish_at > now:
        article.status = Article.Status.APPROVED
        article.save(update_fields=["status", "approved_by", "approved_at"])
        _record(
            article,
            user,
            f"{_what(article)} by {author} approved by {_name(user)}; "
            f"publishes on {_when(article.publish_at)}.",
        )
        return article
    article.save(update_fields=["approved_by", "approved_at"])
    return article_publish(
        article=article,
        user=user,
        now=now,
        note=f"{_what(article)} by {author} approved and published by {_name(user)}.",
    )


@transaction.atomic
def article_publish(
    *, article: Article, user: AnyUser, note: str, now: datetime | None = None
) -> Article:
    """Publish an approved article, or copy an approved rewrite onto its article; return
    the article readers now see. Callers have checked the approval."""
    now = now or timezone.now()
    article = _locked(article)
    if article.is_rewrite:
        return _rewrite_merge(rewrite=article, user=user, note=note)
    article.status = Article.Status.PUBLISHED
    article.publish_at = None
    article_save(article=article, now=now, minor=True)
    article_version_record(article=article, user=user, note=note)
    return article


@in_transaction
def _rewrite_merge(*, rewrite: Article, user: AnyUser, note: str) -> Article:
    original = Article.objects.select_for_update().get(rewrite=rewrite)
    for field in REWRITTEN_FIELDS:
        setattr(original, field, getattr(rewrite, field))
    topics = list(rewrite.topics.all())
    # The audience and the topics arrive together: checked against each other, not the old.
    article_save(article=original, topic_ids=[t.pk for t in topics])
    original.topics.set(topics)
    article_review_due_set(article_ids=[original.pk])
    live = {step.pk: step for step in Step.objects.filter(article=original)}
    wanted = list(Step.objects.filter(article=rewrite).order_by("position"))
    kept = {step.copied_from_id for step in wanted if step.copied_from_id in live}
    step_list_save(
        article=original,
        steps=[_step_input(step, live.get(step.copied_from_id or 0)) for step in wanted],
        deleted=[step for pk, step in live.items() if pk not in kept],
    )
    rewrite.delete()
    original.refresh_from_db()
    article_version_record(article=original, user=user, note=note)
    return original


def _step_input(step: Step, into: Step | None) -> StepInput:
    if not step.image:
        return StepInput(body=step.body, position=step.position, step=into, image_clear=True)
    stored = StoredImage(
        renditions=tuple((r["name"], r["width"]) for r in step.image_renditions),
        height=step.image_height or 0,
    )
    if into is not None and into.image.name == step.image.name:
        return StepInput(
            body=step.body, position=step.position, step=into, image_alt=step.image_alt
        )
    return StepInput(
        body=step.body, position=step.position, step=into, image=stored, image_alt=step.image_alt
    )


@transaction.atomic
def article_unpublish(
    *, article: Article, user: AnyUser, note: str, now: datetime | None = None
) -> Article:
    """Take an article down (readers stop seeing it at once); its pending rewrite stays."""
    if user is not None and not can_publish(user):
        raise PermissionDenied("Only publishers unpublish.")
    article = _locked(article)
    if not article.is_published:
        raise WorkflowError("Only a published article is unpublished.")
    article.status = Article.Status.DRAFT
    article.unpublish_at = None
    article_save(article=article, now=now, minor=True)
    article_version_record(article=article, user=user, note=note)
    return article


@transaction.atomic
def article_rewrite_discard(*, rewrite: Article, user: User) -> Article:
    """Drop a pending rewrite; the published article stays as it is. Returns the article."""
    rewrite = _locked(rewrite)
    if not rewrite.is_rewrite:
        raise WorkflowError("Only a rewrite is discarded.")
    original = Article.objects.get(rewrite=rewrite)
    rewrite.delete()
    article_version_record(article=original, user=user, note=f"Rewrite discarded by {_name(user)}.")
    return original


@task()
def articles_schedule_due() -> list[int]:
    """The schedule's task, every 30 seconds: articles_schedule_run now."""
    return list(articles_schedule_run())


def articles_schedule_run(*, now: datetime | None = None) -> tuple[int, int]:
    """Publish what was approved for a date that has come, and unpublish what was set to
    go; each article in its own transaction. Returns (published, unpublished)."""
    now = now or timezone.now()
    published = unpublished = 0
    for pk in list(Article.objects.publish_due(now).values_list("pk", flat=True)):
        with transaction.atomic():
            article = Article.objects.select_for_update().filter(pk=pk).first()
            # Another worker, or a publisher sending it back, got there first.
            if article is None or article.status != Article.Status.APPROVED:
                continue
            if article.publish_at is None or article.publish_at > now:
                continue
            approver = _name(article.approved_by) if article.approved_by else "a publisher"
            article_publish(
                article=article,
                user=None,
                now=now,
                note=f"{_what(article)} published on its date, as {approver} approved.",
            )
            published += 1
    for pk in list(Article.objects.unpublish_due(now).values_list("pk", flat=True)):
        with transaction.atomic():
            article = Article.objects.select_for_update().filter(pk=pk).first()
            if article is None or not article.is_published:
                continue
            if article.unpublish_at is None or article.unpublish_at > now:
                continue
            article_unpublish(article=article, user=None, now=now, note="Unpublished on its date.")
            unpublished += 1
    return published, unpublished

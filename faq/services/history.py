"""Versions of an article: kept after every save, restored through the services of an edit."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import formats, timezone

from faq.models import Article, Step, Team, Topic
from faq.models.visitors import AnyUser
from faq.selectors.history import (
    article_version,
    versioned_step_texts,
    versioned_steps,
    versioned_translations,
)
from faq.services.articles import StepInput, article_save, step_list_save
from faq.services.translations import translations_restore
from faq.services.versions import article_version_record

# What a restore brings back: what the editor wrote. The address and whether
# the article is published stay as they are now.
RESTORED_FIELDS = ("question", "answer_intro", "answer_outro")


@transaction.atomic
def article_status_set(
    *, article: Article, status: str, user: AnyUser = None, note: str = ""
) -> bool:
    """Publish or unpublish, as a version of its own (its note `note`, or what it did);
    False if it already was."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status == status:
        return False
    article.status = status
    # Publishing is not a change of the text: Last Updated stays.
    article_save(article=article, minor=True)
    label = "Published." if status == Article.Status.PUBLISHED else "Unpublished."
    article_version_record(article=article, user=user, note=note or label)
    return True


@transaction.atomic
def article_version_restore(*, article: Article, version_id: int, user: AnyUser = None) -> Article:
    """Bring back a version's text, steps and translations, keeping the ids of steps that
    still exist."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    version = article_version(article=article, version_id=version_id)
    data = version.field_dict
    for field in RESTORED_FIELDS:
        setattr(article, field, data[field])
    # A team or author deleted since stays as it is now.
    if Team.objects.filter(pk=data["team_id"]).exists():
        article.team_id = data["team_id"]
    article.answered_by_id = data.get("answered_by_id")
    if (
        article.answered_by_id is not None
        and not get_user_model().objects.filter(pk=article.answered_by_id).exists()
    ):
        article.answered_by_id = None
    article_save(article=article)
    article.topics.set(Topic.objects.filter(pk__in=data.get("topics", [])))

    # Steps removed since come back as themselves (their checks and stuck
    # reports with them); steps added since are removed, as an editor would.
    existing = {s.pk: s for s in Step.all_objects.filter(article=article)}
    wanted = versioned_steps(version)
    wanted_ids = {s.pk for s in wanted}
    saved = step_list_save(
        article=article,
        steps=[
            StepInput(body=s.body, position=s.position, step=existing.get(s.pk)) for s in wanted
        ],
        deleted=[s for pk, s in existing.items() if s.removed_at is None and pk not in wanted_ids],
    )
    # The same order as `wanted`: positions in a version are unique.
    for step, was in zip(saved, wanted, strict=True):
        if was.image and any(getattr(step, f) != v for f, v in was.image.items()):
            Step.all_objects.filter(pk=step.pk).update(**was.image)
            if was.image.get("image_alt", step.image_alt) != step.image_alt:
                Article.objects.filter(pk=article.pk).update(source_changed_at=timezone.now())
    # After the source text, whose changes decide whether a translation is up to date.
    translations_restore(
        article=article,
        translations=versioned_translations(version),
        step_texts=versioned_step_texts(version),
    )
    when = formats.date_format(timezone.localtime(version.revision.date_created), "j M Y, H:i")
    article_version_record(article=article, user=user, note=f"Restored the version of {when}.")
    return article

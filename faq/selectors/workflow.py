"""The review queue, and what a draft or a rewrite would change for readers."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count
from django.utils.translation import gettext

from faq.models import Article, Step
from faq.selectors.history import (
    IMAGE_FIELDS,
    FieldChange,
    StepChange,
    VersionedStep,
    field_change,
    step_changes,
)


@dataclass(frozen=True)
class QueueRow:
    pk: int
    question: str
    is_rewrite: bool
    # The published article a rewrite changes; None for a new article.
    original_id: int | None
    submitted_by: str
    submitted_at: datetime | None
    team: str
    publish_at: datetime | None
    step_count: int


@dataclass(frozen=True)
class Proposal:
    """A submitted draft or rewrite against what readers see now (nothing, for a new one)."""

    fields: list[FieldChange]
    steps: list[StepChange]

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.fields) or any(s.changed for s in self.steps)

    @property
    def changed_labels(self) -> list[str]:
        """What differs, named as a publisher scans for it: "Question", "Step 3"."""
        steps = [
            gettext("Step %(number)s") % {"number": s.new_position or s.old_position}
            for s in self.steps
            if s.changed
        ]
        return [f.label for f in self.fields if f.changed] + steps


def _who(user: AbstractBaseUser | None) -> str:
    if user is None:
        return "—"
    return str(getattr(user, "get_full_name", lambda: "")() or user.get_username())


def review_queue() -> list[QueueRow]:
    """Drafts and rewrites waiting for a publisher, the longest-waiting first."""
    rows = (
        Article.objects.in_review()
        .select_related("submitted_by", "team")
        .order_by("submitted_at", "pk")
    )
    counts = dict(
        Step.objects.filter(article__in=rows)
        .values("article_id")
        .annotate(n=Count("pk"))
        .values_list("article_id", "n")
    )
    return [
        QueueRow(
            pk=a.pk,
            question=a.question,
            is_rewrite=a.is_rewrite,
            original_id=a.rewrite_of_id,
            submitted_by=_who(a.submitted_by),
            submitted_at=a.submitted_at,
            team=a.team.name,
            publish_at=a.publish_at,
            step_count=counts.get(a.pk, 0),
        )
        for a in rows
    ]


def _as_versioned(step: Step) -> VersionedStep:
    return VersionedStep(
        pk=step.pk,
        position=step.position,
        body=step.body,
        image={f: getattr(step, f) for f in IMAGE_FIELDS if f != "image"}
        | {"image": step.image.name or ""},
    )


def proposal(*, article_id: int) -> Proposal:
    """What publishing the article (a draft, or a rewrite) would change for readers."""
    article = Article.objects.get(pk=article_id)
    original = (
        Article.objects.filter(pk=article.rewrite_of_id).first() if article.rewrite_of_id else None
    )
    empty = Article(question="", answer_intro="", answer_outro="")
    before = original or empty
    old_topics = ", ".join(sorted(t.name for t in before.topics.all())) if original else ""
    new_topics = ", ".join(sorted(t.name for t in article.topics.all()))
    fields = [
        field_change(gettext("Question"), before.question, article.question),
        field_change(gettext("Answer before the steps"), before.answer_intro, article.answer_intro),
        field_change(gettext("Answer after the steps"), before.answer_outro, article.answer_outro),
        field_change(gettext("Topics"), old_topics, new_topics),
        field_change(
            gettext("Who may read it"),
            before.get_audience_display() if original else "",
            article.get_audience_display(),
        ),
    ]
    old = (
        {s.pk: _as_versioned(s) for s in Step.objects.filter(article=original)} if original else {}
    )
    rewritten = Step.objects.filter(article=article).order_by("position")
    steps = step_changes(old=old, now=[(step.copied_from_id, step) for step in rewritten])
    return Proposal(fields=fields, steps=steps)

"""An article's versions, the steps each kept, and what changed from one of them to now."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from faq import lang
from faq.diff import text_diff_html
from faq.models import Article, ArticleTranslation, Step, StepTranslation, Topic

# A step's screenshot as a version keeps it: the files are never deleted, so
# restoring these fields shows the picture again.
IMAGE_FIELDS = ("image", "image_width", "image_height", "image_renditions", "image_alt")


class VersionNotFoundError(LookupError):
    """No version with that id belongs to the article."""


@dataclass(frozen=True)
class VersionedStep:
    pk: int
    position: int
    body: str
    image: dict[str, object]

    @property
    def image_name(self) -> str:
        return str(self.image.get("image") or "")


@dataclass(frozen=True)
class VersionedTranslation:
    """An article's translation as a version kept it."""

    language: str
    question: str
    slug: str
    answer_intro: str
    answer_outro: str
    # Older than the source's last change, in that version: it may have been out of date.
    stale: bool


@dataclass(frozen=True)
class VersionedStepText:
    """A step's translation as a version kept it."""

    step_id: int
    language: str
    body: str
    image_alt: str


@dataclass(frozen=True)
class VersionRow:
    pk: int
    created_at: datetime
    user: str
    note: str
    step_count: int
    is_current: bool


@dataclass(frozen=True)
class FieldChange:
    label: str
    changed: bool
    html: SafeString


# A step's kind of change, as staff read it.
KIND_LABELS = {
    "same": _("same"),
    "changed": _("changed"),
    "moved": _("moved"),
    "moved and changed": _("moved and changed"),
    "added": _("added"),
    "removed": _("removed"),
}


@dataclass(frozen=True)
class StepChange:
    """One step, matched by id between the version and now."""

    kind: str  # "same", "changed", "moved", "moved and changed", "added" or "removed"
    old_position: int | None
    new_position: int | None
    html: SafeString
    image_note: str = ""

    @property
    def changed(self) -> bool:
        return self.kind != "same"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass(frozen=True)
class ArticleDiff:
    version: Version
    fields: list[FieldChange]
    steps: list[StepChange]

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.fields) or any(s.changed for s in self.steps)


def article_versions(*, article: Article) -> list[VersionRow]:
    """Every kept version of the article, newest first, with its number of steps."""
    step_type = ContentType.objects.get_for_model(Step)
    versions = (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .annotate(
            step_count=Count(
                "revision__version", filter=Q(revision__version__content_type=step_type)
            )
        )
        .order_by("-pk")
    )
    return [
        VersionRow(
            pk=v.pk,
            created_at=v.revision.date_created,
            user=v.revision.user.get_username() if v.revision.user else "",
            note=v.revision.comment,
            step_count=v.step_count,
            is_current=i == 0,
        )
        for i, v in enumerate(versions)
    ]


def article_version(*, article: Article, version_id: int) -> Version:
    """The article's own version with this id; raises VersionNotFoundError for any other."""
    version = (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise VersionNotFoundError(version_id)
    return version


def versioned_steps(version: Version) -> list[VersionedStep]:
    """The steps the article had in this version, in their order then."""
    step_type = ContentType.objects.get_for_model(Step)
    rows = [
        v.field_dict
        for v in version.revision.version_set.filter(content_type=step_type).order_by("pk")
    ]
    steps = [
        VersionedStep(
            pk=r["id"],
            position=r["position"],
            body=r["body"],
            # Versions kept before steps had screenshots have none.
            image={f: r[f] for f in IMAGE_FIELDS if f in r},
        )
        for r in rows
    ]
    return sorted(steps, key=lambda s: (s.position, s.pk))


def _versions_of(version: Version, model: type) -> list[dict[str, Any]]:
    kind = ContentType.objects.get_for_model(model)
    return [v.field_dict for v in version.revision.version_set.filter(content_type=kind)]


def versioned_translations(version: Version) -> list[VersionedTranslation]:
    """The translations the article had in this version (none in one kept before
    articles had translations)."""
    changed_at = version.field_dict.get("source_changed_at")
    return sorted(
        (
            VersionedTranslation(
                language=r["language"],
                question=r["question"],
                slug=r["slug"],
                answer_intro=r["answer_intro"],
                answer_outro=r["answer_outro"],
                stale=changed_at is not None and r["updated_at"] < changed_at,
            )
            for r in _versions_of(version, ArticleTranslation)
        ),
        key=lambda t: t.language,
    )


def versioned_step_texts(version: Version) -> list[VersionedStepText]:
    """The translations of the steps the article had in this version."""
    return [
        VersionedStepText(
            step_id=r["step_id"], language=r["language"], body=r["body"], image_alt=r["image_alt"]
        )
        for r in _versions_of(version, StepTranslation)
    ]


def text_lines(text: str) -> str:
    """Browsers post text areas with CRLF line ends: not a change an editor made."""
    return text.replace("\r\n", "\n")


def field_change(label: str, old: str, new: str) -> FieldChange:
    old, new = text_lines(old), text_lines(new)
    return FieldChange(label=label, changed=old != new, html=text_diff_html(old, new))


def image_note(was: VersionedStep | None, step: Step | None) -> str:
    """How the step's screenshot changed, in words; empty if it did not."""
    old = (was.image_name, was.image.get("image_alt", "")) if was else ("", "")
    new = (step.image.name or "", step.image_alt) if step else ("", "")
    if old == new:
        return ""
    if not old[0]:
        return gettext("Screenshot added.") if new[0] else ""
    if not new[0]:
        return gettext("Screenshot removed.")
    return gettext("Screenshot replaced.") if old[0] != new[0] else gettext("Alt text changed.")


def step_kind(
    old_position: int, new_position: int, old_body: str, new_body: str, image: str = ""
) -> str:
    moved = old_position != new_position
    changed = text_lines(old_body) != text_lines(new_body) or bool(image)
    if moved and changed:
        return "moved and changed"
    return "moved" if moved else "changed" if changed else "same"


def article_diff(*, article: Article, version_id: int) -> ArticleDiff:
    """What changed from a version to now; raises VersionNotFoundError for a foreign id."""
    version = article_version(article=article, version_id=version_id)
    data = version.field_dict
    topic_names = dict(Topic.objects.values_list("pk", "name"))
    deleted = gettext("(deleted topic)")
    old_topics = ", ".join(sorted(topic_names.get(pk, deleted) for pk in data["topics"]))
    new_topics = ", ".join(sorted(t.name for t in article.topics.all()))
    fields = [
        field_change(gettext("Question"), data["question"], article.question),
        field_change(
            gettext("Answer before the steps"), data["answer_intro"], article.answer_intro
        ),
        field_change(gettext("Answer after the steps"), data["answer_outro"], article.answer_outro),
        field_change(gettext("Topics"), old_topics, new_topics),
    ]
    old = {s.pk: s for s in versioned_steps(version)}
    now = list(article.steps.order_by("position"))
    fields += _translation_changes(version, article, now, old)
    steps = step_changes(old=dict(old), now=[(step.pk, step) for step in now])
    return ArticleDiff(version=version, fields=fields, steps=steps)


def step_changes(
    *, old: dict[int, VersionedStep], now: list[tuple[int | None, Step]]
) -> list[StepChange]:
    """Each step now against the one it was (`now` pairs a step with the id it had in
    `old`, None for a new one), then the old ones gone, where they stood."""
    steps = []
    for was_id, step in now:
        was = old.pop(was_id, None) if was_id is not None else None
        if was is None:
            html = text_diff_html("", step.body)
            steps.append(StepChange("added", None, step.position, html, image_note(None, step)))
            continue
        note = image_note(was, step)
        kind = step_kind(was.position, step.position, was.body, step.body, note)
        html = text_diff_html(text_lines(was.body), text_lines(step.body))
        steps.append(StepChange(kind, was.position, step.position, html, note))
    for was in old.values():
        html = text_diff_html(was.body, "")
        steps.append(StepChange("removed", was.position, None, html, image_note(was, None)))
    steps.sort(key=lambda s: (s.new_position or s.old_position or 0, s.new_position is None))
    return steps


def _translation_changes(
    version: Version, article: Article, steps: list[Step], was: dict[int, VersionedStep]
) -> list[FieldChange]:
    """Each translation's question, slug and answers from the version to now, and each
    step's text and screenshot alt text in a language where they changed."""
    old = {t.language: t for t in versioned_translations(version)}
    new = {t.language: t for t in article.translations.all()}
    changes = []
    for code in [c for c in lang.codes() if c in old or c in new]:
        name = lang.name(code)
        before, after = old.get(code), new.get(code)
        for label, attr in (
            ("Question", "question"),
            ("Slug", "slug"),
            ("Answer before the steps", "answer_intro"),
            ("Answer after the steps", "answer_outro"),
        ):
            changes.append(
                field_change(
                    f"{label} ({name})",
                    getattr(before, attr) if before else "",
                    getattr(after, attr) if after else "",
                )
            )
    positions = {s.pk: s.position for s in steps}
    positions |= {pk: s.position for pk, s in was.items() if pk not in positions}
    then = {(t.step_id, t.language): t for t in versioned_step_texts(version)}
    rows = StepTranslation.objects.filter(step_id__in=list(positions))
    now = {(t.step_id, t.language): t for t in rows}
    keys = sorted(then.keys() | now.keys(), key=lambda k: (positions.get(k[0], 0), k))
    for step_id, code in keys:
        before_text, after_text = then.get((step_id, code)), now.get((step_id, code))
        label = f"Step {positions.get(step_id, '?')} ({lang.name(code)})"
        for suffix, attr in (("", "body"), (": screenshot alt text", "image_alt")):
            change = field_change(
                label + suffix,
                getattr(before_text, attr) if before_text else "",
                getattr(after_text, attr) if after_text else "",
            )
            if change.changed:
                changes.append(change)
    return changes

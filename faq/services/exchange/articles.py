"""An import's articles: each compared with the database first, and written only if it differs,
through the services an editor's save goes through."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from faq.models import Article, ArticleTranslation, Step, Team, Topic
from faq.models.articles import DEFAULT_REVIEW_MONTHS
from faq.selectors.exchange import ArticleRecord, StepRecord, TranslationRecord, exchange_articles
from faq.services.articles import StepInput, article_save, step_list_save
from faq.services.content import content_version_bump
from faq.services.exchange.catalog import CREATED, UNCHANGED, UPDATED, ExchangeLine
from faq.services.exchange.documents import ArticleEntry, ExchangeError
from faq.services.exchange.images import ResolvedImage
from faq.services.reviews import article_review_due_set, review_by_default
from faq.services.translations import (
    StepText,
    article_translation_delete,
    article_translation_save,
)
from faq.services.versions import article_version_record
from faq.transactions import in_transaction

_ARTICLE_FIELDS = ("question", "slug", "status", "language", "answer_intro", "answer_outro")
_DATES = ("created_at", "published_at", "updated_at", "reviewed_at", "review_by")
_TEXT = ("question", "answer_intro", "answer_outro")


@dataclass
class ArticleImport:
    """What the articles of one import share: what it found, made and was told."""

    teams: Mapping[str, Team]
    topics: Mapping[str, Topic]
    users: Mapping[str, User]
    images: Mapping[str, ResolvedImage]
    keep_ids: bool
    lines: list[ExchangeLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)
    explicit_ids: bool = False


@dataclass(frozen=True)
class _Plan:
    """The file's steps, each with the step of the database it is (None: a new one)."""

    article: Article
    pairs: tuple[tuple[StepRecord, Step | None], ...]
    removed: tuple[Step, ...]
    # The file's ids are this database's: a step id of another article is a mistake.
    trusted: bool


@in_transaction
def article_import(*, entry: ArticleEntry, state: ArticleImport) -> None:
    """Make, change or leave one article as its file says; raises ExchangeError."""
    record = _known_users(entry, state)
    try:
        article, trusted = _match(record, state)
        if article is None:
            _create(entry, record, state)
        else:
            _update(entry, record, state, _plan(entry, record, article, trusted))
    except ExchangeError:
        raise
    except ValidationError as error:
        raise ExchangeError(entry.file, "; ".join(error.messages)) from None
    except (IntegrityError, ValueError) as error:
        raise ExchangeError(entry.file, f"refused: {error}") from None


def _known_users(entry: ArticleEntry, state: ArticleImport) -> ArticleRecord:
    """Accounts are not exported nor made: a username this site lacks is left empty."""
    names = {}
    for role in ("answered_by", "owner"):
        name = getattr(entry.record, role)
        if name is not None and name not in state.users:
            state.warnings.append(f"{entry.file}: no user “{name}”, {role} left empty")
            name = None
        names[role] = name
    return replace(entry.record, **names)


def _match(record: ArticleRecord, state: ArticleImport) -> tuple[Article | None, bool]:
    """The article the record is: by id (with its slug unless ids are kept), else by slug."""
    if record.id is not None and record.id not in state.claimed:
        found = Article.objects.filter(pk=record.id).first()
        if found is not None and (state.keep_ids or found.slug == record.slug):
            state.claimed.add(found.pk)
            return found, True
    if state.keep_ids and record.id is not None:
        return None, True
    candidates = Article.objects.filter(slug=record.slug).exclude(pk__in=state.claimed)
    same_team = candidates.filter(team__name=record.team).order_by("pk").first()
    found = same_team or candidates.order_by("pk").first()
    if found is not None:
        state.claimed.add(found.pk)
    return found, False


def _foreign_steps(entry: ArticleEntry, article_id: int | None) -> None:
    ids = [s.id for s in entry.record.steps if s.id is not None]
    owner = Step.all_objects.filter(pk__in=ids)
    if article_id is not None:
        owner = owner.exclude(article_id=article_id)
    for step_id, other in owner.values_list("pk", "article_id")[:1]:
        raise ExchangeError(entry.file, f"step {step_id} is a step of article {other}")


def _plan(
    entry: ArticleEntry,
    record: ArticleRecord,
    article: Article,
    trusted: bool,
) -> _Plan:
    if trusted:
        _foreign_steps(entry, article.pk)
    steps = {s.pk: s for s in Step.all_objects.filter(article=article)}
    live = sorted((s for s in steps.values() if s.removed_at is None), key=lambda s: s.position)
    matched: list[Step | None] = [
        steps.get(s.id) if trusted and s.id is not None else None for s in record.steps
    ]
    used = {s.pk for s in matched if s is not None}
    # A step the file does not name by id (another site's, or a new one) is the first
    # unclaimed step with the same text: readers' progress on it stays.
    for number, item in enumerate(record.steps):
        if matched[number] is None:
            same = next((s for s in live if s.pk not in used and s.body == item.body), None)
            if same is not None:
                matched[number] = same
                used.add(same.pk)
    return _Plan(
        article=article,
        pairs=tuple(zip(record.steps, matched, strict=True)),
        removed=tuple(s for s in live if s.pk not in used),
        trusted=trusted,
    )


def _image_name(item: StepRecord, state: ArticleImport) -> str:
    return state.images[item.image].stored.name if item.image else ""


def _steps_same(plan: _Plan, current: ArticleRecord, state: ArticleImport) -> bool:
    wanted = [
        (step.pk if step else None, item.body, _image_name(item, state), item.image_alt)
        for item, step in plan.pairs
    ]
    return wanted == [(s.id, s.body, s.image, s.image_alt) for s in current.steps]


def _step_inputs(plan: _Plan, state: ArticleImport) -> list[StepInput]:
    inputs = []
    for number, (item, step) in enumerate(plan.pairs, start=1):
        if step is None and plan.trusted and state.keep_ids and item.id is not None:
            # Made with the file's id, so that another export of it is the same file.
            step = Step(pk=item.id, article=plan.article)
            state.explicit_ids = True
        image = state.images[item.image].stored if item.image else None
        if image is not None and step is not None and step.image.name == image.name:
            image = None
        inputs.append(
            StepInput(
                body=item.body,
                position=number,
                step=step,
                image=image,
                image_alt=item.image_alt if item.image else None,
                image_clear=not item.image and step is not None and bool(step.image),
            )
        )
    return inputs


def _translation_wanted(item: TranslationRecord, ids: Mapping[int, int]) -> TranslationRecord:
    """The file's translation with its steps named by this database's ids."""
    return replace(item, steps=tuple(replace(t, id=ids[t.id]) for t in item.steps if t.id in ids))


def _fields_changed(record: ArticleRecord, current: ArticleRecord) -> list[str]:
    changes = [f for f in _ARTICLE_FIELDS if getattr(record, f) != getattr(current, f)]
    for name in ("team", "answered_by", "owner"):
        if getattr(record, name) != getattr(current, name):
            changes.append(name)
    if set(record.topics) != set(current.topics):
        changes.append("topics")
    # A date the file leaves out is left as it is.
    changes.extend(
        f
        for f in _DATES
        if getattr(record, f) is not None and getattr(record, f) != getattr(current, f)
    )
    return changes


def _update(entry: ArticleEntry, record: ArticleRecord, state: ArticleImport, plan: _Plan) -> None:
    (current,) = exchange_articles(ids=[plan.article.pk])
    changes = _fields_changed(record, current)
    steps_same = _steps_same(plan, current, state)
    if not steps_same:
        changes.append("steps")
    ids = {
        item.id: step.pk for item, step in plan.pairs if item.id is not None and step is not None
    }
    languages = {t.language for t in record.translations}
    gone = sorted({t.language for t in current.translations} - languages)
    translations_same = (
        steps_same
        and not gone
        and [_translation_wanted(t, ids) for t in record.translations] == list(current.translations)
    )
    if not changes and translations_same:
        state.lines.append(_line(entry, UNCHANGED, plan.article))
        return
    article = plan.article
    for code in gone:
        article_translation_delete(article_id=article.pk, language=code)
        changes.append(f"translation {code} deleted")
    if set(changes) - {"steps"} - {f"translation {c} deleted" for c in gone}:
        _source_save(article, record, current, state)
    if not steps_same:
        saved = step_list_save(
            article=article, steps=_step_inputs(plan, state), deleted=plan.removed
        )
        ids = {
            item.id: step.pk for (item, _), step in zip(plan.pairs, saved, strict=True) if item.id
        }
    source_changed = not steps_same or any(f in changes for f in _TEXT)
    changes.extend(_translations_save(article, record, ids, source_changed=source_changed))
    article_version_record(
        article=Article.objects.get(pk=article.pk), note=f"Imported from {entry.file}."
    )
    state.lines.append(_line(entry, UPDATED, article, changes))


def _review(
    article: Article, record: ArticleRecord, topics: Sequence[Topic]
) -> tuple[date | None, bool]:
    """The file's review date as chosen (review_by), unless it is the one the rules give
    anyway (follow them again); neither when the file has none."""
    if record.review_by is None:
        return None, False
    months = min(
        (t.review_months for t in topics if t.review_months), default=DEFAULT_REVIEW_MONTHS
    )
    if record.review_by == review_by_default(article, months):
        return None, True
    return record.review_by, False


def _source_apply(article: Article, record: ArticleRecord, state: ArticleImport) -> list[Topic]:
    for name in _ARTICLE_FIELDS:
        setattr(article, name, getattr(record, name))
    article.team = state.teams[record.team]
    article.answered_by = state.users.get(record.answered_by or "")
    article.owner = state.users.get(record.owner or "")
    if record.created_at is not None:
        article.created_at = record.created_at
    if record.published_at is not None:
        article.published_at = record.published_at
    if record.reviewed_at is not None:
        article.last_reviewed_at = record.reviewed_at
    try:
        return [state.topics[slug] for slug in record.topics]
    except KeyError as error:
        raise ValueError(f"no topic {error}: add it to topics.yaml") from None


def _source_save(
    article: Article, record: ArticleRecord, current: ArticleRecord, state: ArticleImport
) -> None:
    topics = _source_apply(article, record, state)
    # A date the file changes is kept; else the save stamps Last Updated if the text changed.
    minor = record.updated_at is not None and record.updated_at != current.updated_at
    if minor and record.updated_at is not None:
        article.updated_at = record.updated_at
    # Checked against the topics it will have (an article is as closed as each of them).
    topic_ids = [t.pk for t in topics]
    if set(record.topics) != set(current.topics):
        article.topics.set(topics)
    review_by, again = _review(article, record, topics)
    article_save(
        article=article,
        minor=minor,
        review_by=review_by,
        review_by_default_again=again,
        topic_ids=topic_ids,
    )


def _create(entry: ArticleEntry, record: ArticleRecord, state: ArticleImport) -> None:
    if state.keep_ids:
        _foreign_steps(entry, None)
    article = Article(pk=record.id if state.keep_ids else None)
    state.explicit_ids = state.explicit_ids or article.pk is not None
    topics = _source_apply(article, record, state)
    now = timezone.now()
    article.updated_at = record.updated_at or now
    article.source_changed_at = now
    review_by, again = _review(article, record, topics)
    article_save(
        article=article,
        now=now,
        review_by=review_by,
        review_by_default_again=again,
        topic_ids=[t.pk for t in topics],
    )
    article.topics.set(topics)
    article_review_due_set(article_ids=[article.pk])
    plan = _Plan(
        article=article, pairs=tuple((s, None) for s in record.steps), removed=(), trusted=True
    )
    saved = step_list_save(article=article, steps=_step_inputs(plan, state))
    ids = {item.id: step.pk for item, step in zip(record.steps, saved, strict=True) if item.id}
    _translations_save(article, record, ids, source_changed=True)
    article_version_record(
        article=Article.objects.get(pk=article.pk), note=f"Imported from {entry.file}."
    )
    state.claimed.add(article.pk)
    state.lines.append(_line(entry, CREATED, article))


def _translations_save(
    article: Article, record: ArticleRecord, ids: Mapping[int, int], *, source_changed: bool
) -> list[str]:
    """Save the translations that differ; then make each as out of date as the file says,
    but never hide that this import changed the text it translates."""
    (fresh,) = exchange_articles(ids=[article.pk])
    current = {t.language: t for t in fresh.translations}
    live = [s.id for s in fresh.steps if s.id is not None]
    changes = []
    for item in record.translations:
        wanted = _translation_wanted(item, ids)
        was = current.get(item.language)
        stale = was.stale if was is not None else False
        if (
            was is None
            or replace(was, stale=False) != replace(wanted, stale=False)
            or (stale and not wanted.stale and not source_changed)
        ):
            texts = {t.id: StepText(body=t.body, image_alt=t.image_alt) for t in wanted.steps}
            article_translation_save(
                article_id=article.pk,
                language=item.language,
                question=item.question,
                slug=item.slug,
                answer_intro=item.answer_intro,
                answer_outro=item.answer_outro,
                steps={pk: texts.get(pk, StepText(body="")) for pk in live},
                user=None,
            )
            stale = False
            changes.append(f"translation {item.language}")
        if wanted.stale and not stale:
            changed_at = Article.objects.values_list("source_changed_at", flat=True).get(
                pk=article.pk
            )
            # Older than the source, as a restore marks a translation that was out of date.
            ArticleTranslation.objects.filter(article=article, language=item.language).update(
                updated_at=changed_at - timedelta(seconds=1)
            )
            content_version_bump()
            if f"translation {item.language}" not in changes:
                changes.append(f"translation {item.language} out of date")
    return changes


def _line(
    entry: ArticleEntry, action: str, article: Article, changes: Sequence[str] = ()
) -> ExchangeLine:
    return ExchangeLine(
        "article",
        action,
        f"{article.pk} {article.slug}",
        entry.file,
        tuple(dict.fromkeys(changes)),
        article_id=article.pk,
    )

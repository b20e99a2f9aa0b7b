"""Reading the mappings of a file back into records, checked field by field.

Reading refuses what the database would, and more (an unknown key is a typo), with
the file and the field in the message.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils import timezone
from django.utils.text import slugify

from faq import lang
from faq.models import Article
from faq.selectors.exchange import (
    ArticleRecord,
    StepRecord,
    StepTextRecord,
    TeamRecord,
    TopicRecord,
    TopicText,
    TranslationRecord,
)
from faq.services.exchange.documents import Bundle, ExchangeError


class _Fields:
    """One mapping of a file, read key by key; errors name the file and where in it."""

    def __init__(self, data: object, *, file: str, where: str, keys: Sequence[str]) -> None:
        self.file, self.where = file, where
        if not isinstance(data, Mapping):
            raise self.error("expected a mapping of fields")
        unknown = sorted(str(k) for k in data if k not in keys)
        if unknown:
            raise self.error(f"unknown field {', '.join(unknown)}")
        self.data: Mapping[object, object] = data

    def error(self, message: str, key: str = "") -> ExchangeError:
        place = ".".join(p for p in (self.where, key) if p)
        return ExchangeError(self.file, f"{place}: {message}" if place else message)

    def text(self, key: str, *, required: bool = False, max_length: int = 0) -> str:
        value = self.data.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise self.error("must be text", key)
        if required and not value.strip():
            raise self.error("is missing", key)
        if max_length and len(value) > max_length:
            raise self.error(f"is longer than {max_length} characters", key)
        return value

    def maybe_text(self, key: str) -> str | None:
        return self.text(key).strip() or None

    def integer(self, key: str, *, minimum: int = 1) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.error(f"must be a whole number from {minimum}", key)
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.error("must be true or false", key)
        return value

    def moment(self, key: str) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        except ValueError:
            raise self.error("is not a date and time (2024-01-31T09:00:00+00:00)", key) from None
        # Written without a zone by hand: the site's own, as staff read dates.
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.error("is not a date (2024-01-31)", key) from None

    def items(self, key: str) -> list[object]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error("must be a list", key)
        return value

    def language(self, key: str) -> str:
        code = self.text(key, required=True)
        if code not in lang.codes():
            raise self.error(f"“{code}” is not one of the site's languages", key)
        return code

    def slug(self, key: str, *, question: str, max_length: int = 120) -> str:
        slug = self.text(key, max_length=max_length).strip()
        slug = slug or slugify(question)[:max_length] or "article"
        try:
            validate_slug(slug)
        except ValidationError:
            raise self.error("use only letters, numbers, hyphens and underscores", key) from None
        return slug


_ARTICLE_KEYS = (
    *("id", "question", "slug", "status", "language", "team", "topics", "answered_by", "owner"),
    *("created_at", "published_at", "updated_at", "reviewed_at", "review_by"),
    *("answer_intro", "answer_outro", "steps", "translations"),
)
_STEP_KEYS = ("id", "position", "body", "image", "image_alt")
_TRANSLATION_KEYS = ("language", "question", "slug", "stale", "answer_intro", "answer_outro")


def article_read(
    data: object,
    *,
    file: str,
    image_key: Callable[[str], str],
    translations: Sequence[TranslationRecord] = (),
) -> ArticleRecord:
    """An article from its mapping; raises ExchangeError."""
    fields = _Fields(data, file=file, where="", keys=_ARTICLE_KEYS)
    question = fields.text("question", required=True, max_length=250).strip()
    status = fields.text("status") or Article.Status.DRAFT
    if status not in Article.Status.values:
        raise fields.error(f"must be one of {', '.join(Article.Status.values)}", "status")
    language = fields.language("language")
    topics = []
    for item in fields.items("topics"):
        if not isinstance(item, str) or not item.strip():
            raise fields.error("must be a list of topic slugs", "topics")
        topics.append(item.strip())
    steps = _steps_read(fields, image_key=image_key)
    seen: set[str] = set()
    for item in translations:
        _translation_checked(item, file=file, language=language, steps=steps)
        if item.language in seen:
            raise ExchangeError(file, f"two translations into {item.language}")
        seen.add(item.language)
    return ArticleRecord(
        id=fields.integer("id"),
        question=question,
        slug=fields.slug("slug", question=question),
        status=status,
        language=language,
        team=fields.text("team", required=True, max_length=120).strip(),
        topics=tuple(sorted(set(topics))),
        answered_by=fields.maybe_text("answered_by"),
        owner=fields.maybe_text("owner"),
        created_at=fields.moment("created_at"),
        published_at=fields.moment("published_at"),
        updated_at=fields.moment("updated_at"),
        reviewed_at=fields.moment("reviewed_at"),
        review_by=fields.day("review_by"),
        answer_intro=fields.text("answer_intro"),
        answer_outro=fields.text("answer_outro"),
        steps=steps,
        translations=tuple(
            _translation_ordered(t, steps) for t in sorted(translations, key=lambda t: t.language)
        ),
    )


def _steps_read(fields: _Fields, *, image_key: Callable[[str], str]) -> tuple[StepRecord, ...]:
    steps, positions, ids = [], set(), set()
    for number, item in enumerate(fields.items("steps"), start=1):
        step = _Fields(item, file=fields.file, where=f"steps[{number}]", keys=_STEP_KEYS)
        position = step.integer("position") or number
        if position in positions:
            raise step.error(f"position {position} is used twice", "position")
        step_id = step.integer("id")
        if step_id is not None and step_id in ids:
            raise step.error(f"id {step_id} is used twice", "id")
        image, alt = step.text("image").strip(), step.text("image_alt", max_length=250).strip()
        if image and not alt:
            raise step.error("a screenshot needs alt text", "image_alt")
        if alt and not image:
            raise step.error("alt text without a screenshot", "image_alt")
        positions.add(position)
        ids.add(step_id)
        steps.append(
            StepRecord(
                id=step_id,
                position=position,
                body=step.text("body", required=True),
                image=image_key(image) if image else "",
                image_alt=alt,
            )
        )
    return tuple(sorted(steps, key=lambda s: s.position))


def translation_read(data: object, *, file: str) -> TranslationRecord:
    """A translation from its mapping; its step ids are checked against the article's later."""
    fields = _Fields(data, file=file, where="", keys=(*_TRANSLATION_KEYS, "steps"))
    question = fields.text("question", required=True, max_length=250).strip()
    texts, seen = [], set()
    for number, item in enumerate(fields.items("steps"), start=1):
        text = _Fields(item, file=file, where=f"steps[{number}]", keys=("id", "body", "image_alt"))
        step_id = text.integer("id")
        if step_id is None:
            raise text.error("is missing: the id of the step it translates", "id")
        if step_id in seen:
            raise text.error(f"step {step_id} is translated twice", "id")
        seen.add(step_id)
        texts.append(
            StepTextRecord(
                id=step_id,
                body=text.text("body"),
                image_alt=text.text("image_alt", max_length=250).strip(),
            )
        )
    return TranslationRecord(
        language=fields.language("language"),
        question=question,
        slug=fields.slug("slug", question=question),
        answer_intro=fields.text("answer_intro"),
        answer_outro=fields.text("answer_outro"),
        stale=fields.flag("stale"),
        # A blank text is no translation: the step shows in its source language.
        steps=tuple(t for t in texts if t.body.strip() or t.image_alt),
    )


def _translation_checked(
    item: TranslationRecord, *, file: str, language: str, steps: Sequence[StepRecord]
) -> None:
    if item.language == language:
        raise ExchangeError(
            file, f"a translation into {item.language}, the language the article is written in"
        )
    order = {s.id: n for n, s in enumerate(steps) if s.id is not None}
    unknown = sorted(t.id for t in item.steps if t.id not in order)
    if unknown:
        raise ExchangeError(
            file,
            f"the {item.language} translation names step {', '.join(map(str, unknown))}, "
            "which the article does not have",
        )


def _translation_ordered(item: TranslationRecord, steps: Sequence[StepRecord]) -> TranslationRecord:
    order = {s.id: n for n, s in enumerate(steps)}
    return replace(item, steps=tuple(sorted(item.steps, key=lambda t: order[t.id])))


def topic_read(data: object, *, file: str, number: int) -> TopicRecord:
    fields = _Fields(
        data,
        file=file,
        where=f"topics[{number}]",
        keys=("slug", "name", "description", "review_months", "translations"),
    )
    name = fields.text("name", required=True, max_length=80).strip()
    texts = fields.data.get("translations") or {}
    if not isinstance(texts, Mapping):
        raise fields.error("must be a mapping of language to name and description", "translations")
    translations = []
    for code, item in sorted(texts.items(), key=lambda pair: str(pair[0])):
        text = _Fields(
            item,
            file=file,
            where=f"{fields.where}.translations.{code}",
            keys=("name", "description"),
        )
        # Topics are written in the site's own language.
        if code not in lang.codes() or code == settings.LANGUAGE_CODE:
            raise text.error(f"“{code}” is not one of the site's other languages")
        translations.append(
            TopicText(
                language=str(code),
                name=text.text("name", required=True, max_length=80).strip(),
                description=text.text("description"),
            )
        )
    return TopicRecord(
        slug=fields.slug("slug", question=name, max_length=80),
        name=name,
        description=fields.text("description"),
        review_months=fields.integer("review_months"),
        translations=tuple(translations),
    )


def team_read(data: object, *, file: str, number: int) -> TeamRecord:
    fields = _Fields(data, file=file, where=f"teams[{number}]", keys=("name", "email"))
    return TeamRecord(
        name=fields.text("name", required=True, max_length=120).strip(),
        email=fields.text("email").strip(),
    )


def bundle_checked(bundle: Bundle) -> Bundle:
    """Refuse what no single file shows: an article or step id in two files."""
    articles: dict[int, str] = {}
    steps: dict[int, str] = {}
    for entry in bundle.articles:
        record = entry.record
        if record.id is not None:
            if record.id in articles:
                raise ExchangeError(
                    entry.file, f"article id {record.id} is also in {articles[record.id]}"
                )
            articles[record.id] = entry.file
        for step in record.steps:
            if step.id is not None:
                if step.id in steps:
                    raise ExchangeError(
                        entry.file, f"step id {step.id} is also in {steps[step.id]}"
                    )
                steps[step.id] = entry.file
        for step in record.steps:
            if step.image and step.image not in bundle.images:
                raise ExchangeError(entry.file, f"the screenshot {step.image} is not in the export")
    return bundle

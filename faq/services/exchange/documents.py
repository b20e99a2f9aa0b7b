"""Records as the plain mappings a file holds (faq.services.exchange.reading reads them back).

Both formats hold the same mappings (the Markdown one moves the answers into
the file's body); keys come in a fixed order, so an export is the same bytes
every time.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from faq.selectors.exchange import ArticleRecord, TeamRecord, TopicRecord, TranslationRecord

FORMAT = "helpdesk-faq"
VERSION = 1

Doc = dict[str, object]
# An image's bytes, or the file they are in.
ImageSource = bytes | Path


class ExchangeError(ValueError):
    """A file the import cannot take; nothing was written."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file


@dataclass(frozen=True)
class ArticleEntry:
    """An article as read, with the file it came from (named in errors)."""

    file: str
    record: ArticleRecord


@dataclass(frozen=True)
class Bundle:
    """Everything one export holds; `images` by key (a step's `image`)."""

    teams: tuple[TeamRecord, ...] = ()
    topics: tuple[TopicRecord, ...] = ()
    articles: tuple[ArticleEntry, ...] = ()
    images: Mapping[str, ImageSource] = field(default_factory=dict)


def stamp(value: datetime | None) -> str | None:
    """A moment as ISO 8601 in UTC, to the microsecond the database keeps."""
    return None if value is None else value.astimezone(UTC).isoformat()


def _optional(pairs: Sequence[tuple[str, object]]) -> Doc:
    return {key: value for key, value in pairs if value not in ("", None, [])}


def article_doc(record: ArticleRecord, *, image_ref: Callable[[str], str]) -> Doc:
    """The article as a mapping, translations left out (each format places them)."""
    steps = [
        {
            "id": s.id,
            "position": s.position,
            "body": s.body,
            **_optional(
                [("image", image_ref(s.image) if s.image else ""), ("image_alt", s.image_alt)]
            ),
        }
        for s in record.steps
    ]
    return {
        "id": record.id,
        "question": record.question,
        "slug": record.slug,
        "status": record.status,
        "language": record.language,
        "team": record.team,
        "topics": list(record.topics),
        "answered_by": record.answered_by,
        "owner": record.owner,
        "created_at": stamp(record.created_at),
        "published_at": stamp(record.published_at),
        "updated_at": stamp(record.updated_at),
        "reviewed_at": stamp(record.reviewed_at),
        "review_by": record.review_by.isoformat() if record.review_by else None,
        "answer_intro": record.answer_intro,
        "answer_outro": record.answer_outro,
        "steps": steps,
    }


def translation_doc(record: TranslationRecord) -> Doc:
    return {
        "language": record.language,
        "question": record.question,
        "slug": record.slug,
        "stale": record.stale,
        "answer_intro": record.answer_intro,
        "answer_outro": record.answer_outro,
        "steps": [
            {"id": t.id, **_optional([("body", t.body), ("image_alt", t.image_alt)])}
            for t in record.steps
        ],
    }


def topic_doc(record: TopicRecord) -> Doc:
    return {
        "slug": record.slug,
        "name": record.name,
        "description": record.description,
        "review_months": record.review_months,
        "translations": {
            t.language: {"name": t.name, "description": t.description} for t in record.translations
        },
    }


def team_doc(record: TeamRecord) -> Doc:
    return {"name": record.name, "email": record.email}

"""Export every article to files (Markdown or JSON) and import them back through the services.

The formats are described in faq.services.exchange.markdown and .jsonfile. An import
is one transaction: a file it cannot take raises ExchangeError naming the file, and
nothing is written. An article that matches its file is not written at all: no
version, no new Last Updated, no new content version.
"""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction

from faq.models import Article, Step
from faq.selectors.exchange import exchange_articles, exchange_teams, exchange_topics
from faq.services.exchange.articles import ArticleImport, article_import
from faq.services.exchange.catalog import ExchangeLine, teams_import, topics_import
from faq.services.exchange.documents import ArticleEntry, Bundle, ExchangeError
from faq.services.exchange.images import ResolvedImage, images_resolve, images_store
from faq.services.exchange.jsonfile import json_read, json_write
from faq.services.exchange.markdown import markdown_read, markdown_write
from faq.services.exchange.reading import bundle_checked

EXCHANGE_FORMATS = ("markdown", "json")

__all__ = [
    "EXCHANGE_FORMATS",
    "ExchangeError",
    "ExchangeLine",
    "ExchangeReport",
    "ExportResult",
    "articles_exchange_export",
    "articles_exchange_import",
]


@dataclass(frozen=True)
class ExportResult:
    articles: int
    files: int
    images: int


@dataclass(frozen=True)
class ExchangeReport:
    """What an import made, changed and left as it was, line by line."""

    lines: tuple[ExchangeLine, ...]
    warnings: tuple[str, ...]
    dry_run: bool

    def counts(self, kind: str) -> dict[str, int]:
        """created, updated and unchanged of one kind (article, topic, team)."""
        found = Counter(line.action for line in self.lines if line.kind == kind)
        return {action: found[action] for action in ("created", "updated", "unchanged")}


def _image_bytes(name: str) -> bytes:
    storage = Step._meta.get_field("image").storage
    try:
        with storage.open(name, "rb") as file:
            return bytes(file.read())
    except FileNotFoundError:
        raise ExchangeError(
            name, "a step shows it, but the media storage has no such file"
        ) from None


def articles_exchange_export(*, path: Path, fmt: str = "markdown") -> ExportResult:
    """Write every article, drafts too, with its steps, screenshots and translations, and the
    topics and teams, to `path`: a folder (markdown) or a file (json). Raises ExchangeError."""
    if fmt not in EXCHANGE_FORMATS:
        raise ExchangeError(str(path), f"no format “{fmt}”: {' or '.join(EXCHANGE_FORMATS)}")
    # One snapshot, so an edit saved meanwhile is in all of the export or none of it (on
    # SQLite the transaction's lock does that; PostgreSQL needs to be asked).
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        bundle = Bundle(
            teams=tuple(exchange_teams()),
            topics=tuple(exchange_topics()),
            articles=tuple(ArticleEntry(file="", record=r) for r in exchange_articles()),
        )
    write = markdown_write if fmt == "markdown" else json_write
    files = write(path, bundle, image_bytes=_image_bytes)
    images = {n for e in bundle.articles for s in e.record.steps for n in s.renditions}
    return ExportResult(articles=len(bundle.articles), files=files, images=len(images))


def exchange_read(path: Path) -> Bundle:
    """The export at `path` (a folder: Markdown; a file: JSON), checked; raises ExchangeError."""
    if path.is_dir():
        return bundle_checked(markdown_read(path))
    if path.is_file():
        return bundle_checked(json_read(path))
    raise ExchangeError(str(path), "no such file or folder")


def articles_exchange_import(
    *, path: Path, keep_ids: bool = False, dry_run: bool = False
) -> ExchangeReport:
    """Bring the database in line with an export: articles found by id (else slug) are
    changed where they differ, the others made; `keep_ids` makes them, and their steps,
    with the file's ids. One transaction; `dry_run` reports and rolls it back. Raises
    ExchangeError, with nothing written."""
    bundle = exchange_read(path)
    images = images_resolve(bundle)
    if not dry_run:
        # Files first, outside the transaction (see faq.services.images).
        images_store(images)
    return _import(bundle=bundle, images=images, keep_ids=keep_ids, dry_run=dry_run)


@transaction.atomic
def _import(
    *, bundle: Bundle, images: dict[str, ResolvedImage], keep_ids: bool, dry_run: bool
) -> ExchangeReport:
    lines: list[ExchangeLine] = []
    teams = teams_import(
        records=bundle.teams, named=[e.record.team for e in bundle.articles], lines=lines
    )
    topics = topics_import(records=bundle.topics, lines=lines)
    names = {n for e in bundle.articles for n in (e.record.answered_by, e.record.owner) if n}
    model = get_user_model()
    found = model.objects.filter(**{f"{model.USERNAME_FIELD}__in": names})
    users = {u.get_username(): u for u in found}
    state = ArticleImport(
        teams=teams, topics=topics, users=users, images=images, keep_ids=keep_ids, lines=lines
    )
    for entry in bundle.articles:
        article_import(entry=entry, state=state)
    if state.explicit_ids:
        # Rows made with the file's ids: PostgreSQL's sequences must start after them.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Article, Step]):
                cursor.execute(sql)
    if dry_run:
        transaction.set_rollback(True)
    return ExchangeReport(lines=tuple(lines), warnings=tuple(state.warnings), dry_run=dry_run)

"""An import's teams and topics: found by name or slug, made or brought in line with the file."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from faq.models import Article, Team, Topic, TopicTranslation
from faq.selectors.exchange import TeamRecord, TopicRecord, TopicText
from faq.services.articles import team_get_or_create, topic_get_or_create
from faq.services.content import content_version_bump
from faq.services.exchange.documents import ExchangeError
from faq.services.reviews import article_review_due_set
from faq.services.translations import topic_translation_delete, topic_translation_save
from faq.transactions import in_transaction

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class ExchangeLine:
    """One thing the import made, changed or left as it was, and what changed in it."""

    kind: str
    action: str
    name: str
    file: str
    changes: tuple[str, ...] = ()
    article_id: int | None = None


@in_transaction
def teams_import(
    *, records: Sequence[TeamRecord], named: Sequence[str], lines: list[ExchangeLine]
) -> dict[str, Team]:
    """The teams of the file by name, made if missing, their email as the file says; and the
    teams articles name that the file does not list, made if missing."""
    teams = {
        t.name: t for t in Team.objects.filter(name__in=[r.name for r in records] + list(named))
    }
    for record in records:
        team = teams.get(record.name)
        if team is None:
            teams[record.name] = team_get_or_create(name=record.name, email=record.email)
            lines.append(ExchangeLine("team", CREATED, record.name, "teams.yaml"))
        elif team.email != record.email:
            Team.objects.filter(pk=team.pk).update(email=record.email)
            content_version_bump()
            lines.append(ExchangeLine("team", UPDATED, record.name, "teams.yaml", ("email",)))
        else:
            lines.append(ExchangeLine("team", UNCHANGED, record.name, "teams.yaml"))
    for name in sorted(set(named) - set(teams)):
        teams[name] = team_get_or_create(name=name)
        lines.append(ExchangeLine("team", CREATED, name, "named by an article"))
    return teams


@in_transaction
def topics_import(*, records: Sequence[TopicRecord], lines: list[ExchangeLine]) -> dict[str, Topic]:
    """Every topic by slug, those of the file found by slug (else name), made or changed to
    match it, translations included. Raises ExchangeError."""
    by_slug = {t.slug: t for t in Topic.objects.all()}
    by_name = {t.name: t for t in by_slug.values()}
    for record in records:
        topic = by_slug.get(record.slug) or by_name.get(record.name)
        try:
            with transaction.atomic():
                line = _topic_import(record, topic)
        except IntegrityError:
            raise ExchangeError(
                "topics.yaml", f"topic {record.slug}: another topic has its name or slug"
            ) from None
        lines.append(line)
    return {t.slug: t for t in Topic.objects.all()}


def _topic_import(record: TopicRecord, topic: Topic | None) -> ExchangeLine:
    action, changes = UPDATED, list[str]()
    if topic is None:
        action = CREATED
        if (
            record.slug == slugify(record.name)
            and not Topic.objects.filter(slug=record.slug).exists()
        ):
            topic = topic_get_or_create(
                name=record.name, description=record.description, review_months=record.review_months
            )
        else:
            topic = Topic.objects.create(
                name=record.name,
                slug=record.slug,
                description=record.description,
                review_months=record.review_months,
            )
            content_version_bump()
    wanted = {
        "name": record.name,
        "slug": record.slug,
        "description": record.description,
        "review_months": record.review_months,
    }
    changed = {k: v for k, v in wanted.items() if getattr(topic, k) != v}
    if changed:
        Topic.objects.filter(pk=topic.pk).update(**changed)
        content_version_bump()
        changes.extend(changed)
        if "review_months" in changed:
            # The review dates of its articles follow their shortest topic's period.
            article_review_due_set(
                article_ids=Article.objects.filter(topics=topic).values_list("pk", flat=True)
            )
    changes.extend(_topic_translations(topic, record.translations))
    if action == UPDATED and not changes:
        action = UNCHANGED
    return ExchangeLine("topic", action, record.slug, "topics.yaml", tuple(changes))


def _topic_translations(topic: Topic, texts: Sequence[TopicText]) -> list[str]:
    current = {t.language: t for t in TopicTranslation.objects.filter(topic=topic)}
    changes = []
    for text in texts:
        was = current.pop(text.language, None)
        if was is None or (was.name, was.description) != (text.name, text.description):
            topic_translation_save(
                topic_id=topic.pk,
                language=text.language,
                name=text.name,
                description=text.description,
            )
            changes.append(f"translation {text.language}")
    for code in sorted(current):
        topic_translation_delete(topic_id=topic.pk, language=code)
        changes.append(f"translation {code} deleted")
    return changes

"""Load the demo content; running it again changes nothing."""

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from demo import content
from demo.translations import TRANSLATIONS, DemoTopicTranslation, DemoTranslation
from faq import lang, services
from faq.models import Article, ArticleTranslation, Audience, Team, Topic, TopicTranslation

# Screenshots for the demo's steps, stored through the storage like an upload.
IMAGES = Path(__file__).resolve().parent / "images"


# By language: articles by their English slug, topics by their English name.
Translations = Mapping[
    str, tuple[Mapping[str, DemoTranslation], Mapping[str, DemoTopicTranslation]]
]


def _aware(day: str) -> datetime:
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), time(9, 0)))


def demo_load(*, translations: Translations | None = None) -> int:
    """Add the demo team, staff, topics and articles that are missing, and their
    translations (demo.translations' unless given); return articles added.

    The screenshots are resized and stored first, outside the transaction that
    writes the rest (files named by their content: a second load finds them)."""
    screenshots = {}
    for item in content.ARTICLES:
        for image in item.get("step_images", {}).values():
            with (IMAGES / image["file"]).open("rb") as file:
                screenshots[image["file"]] = services.step_image_store(
                    upload=File(file, name=image["file"])
                )
    if translations is None:
        translations = TRANSLATIONS
    return _demo_write(screenshots=screenshots, translations=translations)


@transaction.atomic
def _demo_write(*, screenshots: dict[str, services.StoredImage], translations: Translations) -> int:
    team = services.team_get_or_create(**content.TEAM)
    users = {}
    for person in content.STAFF:
        user, created = get_user_model().objects.get_or_create(
            username=person["username"],
            defaults={**person, "is_staff": True},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users[person["username"]] = user
    topics = {t["name"]: services.topic_get_or_create(**t) for t in content.TOPICS}
    made = 0
    now = timezone.now()
    for item in content.ARTICLES:
        if Article.objects.filter(team=team, slug=item["slug"]).exists():
            continue
        day = _aware(item["updated"])
        article = services.article_create(
            question=item["question"],
            slug=item["slug"],
            team=team,
            answer_intro=item.get("intro", ""),
            answer_outro=item.get("outro", ""),
            steps=item.get("steps", []),
            topics=[topics[name] for name in item["topics"]],
            answered_by=users[item["answered_by"]],
            owner=users[item["answered_by"]],
            updated_at=day,
            published_at=_aware(item.get("published", item["updated"])),
            audience=item.get("audience", Audience.EVERYONE),
        )
        for position, image in item.get("step_images", {}).items():
            services.step_image_set(
                step=article.steps.get(position=position),
                upload=screenshots[image["file"]],
                alt=image["alt"],
            )
            services.article_version_record(
                article=article,
                user=users[item["answered_by"]],
                note=f"Screenshot added to step {position}.",
            )
        services.article_views_seed(
            article=article, count=item.get("views", 0), last_day=day.date()
        )
        # Reviews are relative to the day the demo is loaded, so the admin always
        # shows a few articles due and one long overdue (no "reviewed_days_ago").
        if "reviewed_days_ago" in item:
            services.article_review_mark(
                article=article,
                user=users[item["answered_by"]],
                now=now - timedelta(days=item["reviewed_days_ago"]),
            )
        made += 1
    for language, (articles, topic_names) in translations.items():
        _topics_translate(language, topics, topic_names)
        _articles_translate(language, team, articles)
    return made


def _topics_translate(
    language: str, topics: Mapping[str, Topic], translated: Mapping[str, DemoTopicTranslation]
) -> None:
    for name, item in translated.items():
        topic = topics[name]
        if TopicTranslation.objects.filter(topic=topic, language=language).exists():
            continue
        services.topic_translation_save(
            topic_id=topic.pk,
            language=language,
            name=item["name"],
            description=item["description"],
        )


def _articles_translate(
    language: str, team: Team, translated: Mapping[str, DemoTranslation]
) -> None:
    for slug, item in translated.items():
        article = Article.objects.select_related("answered_by").get(team=team, slug=slug)
        if ArticleTranslation.objects.filter(article=article, language=language).exists():
            continue
        steps = list(article.steps.order_by("position"))
        bodies = item.get("steps", [])
        if len(bodies) > len(steps):
            raise ValueError(f"The {language} translation of {slug} has more steps than it.")
        alts = item.get("step_image_alts", {})
        texts = {
            step.pk: services.StepText(
                body=bodies[i] if i < len(bodies) else "", image_alt=alts.get(step.position, "")
            )
            for i, step in enumerate(steps)
        }
        services.article_translation_save(
            article_id=article.pk,
            language=language,
            question=item["question"],
            slug=item["slug"],
            answer_intro=item.get("intro", ""),
            answer_outro=item.get("outro", ""),
            steps=texts,
            user=article.answered_by,
        )
        services.article_version_record(
            article=article,
            user=article.answered_by,
            note=f"Translated into {lang.name(language)}.",
        )

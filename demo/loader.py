"""Load the demo content; running it again changes nothing."""

from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from demo import content
from faq import services
from faq.models import Article

# Screenshots for the demo's steps, stored through the storage like an upload.
IMAGES = Path(__file__).resolve().parent / "images"


def _aware(day: str) -> datetime:
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), time(9, 0)))


def demo_load() -> int:
    """Add the demo team, staff, topics and articles that are missing; return articles added.

    The screenshots are resized and stored first, outside the transaction that
    writes the rest (files named by their content: a second load finds them)."""
    screenshots = {}
    for item in content.ARTICLES:
        for image in item.get("step_images", {}).values():
            with (IMAGES / image["file"]).open("rb") as file:
                screenshots[image["file"]] = services.step_image_store(
                    upload=File(file, name=image["file"])
                )
    return _demo_write(screenshots=screenshots)


@transaction.atomic
def _demo_write(*, screenshots: dict[str, services.StoredImage]) -> int:
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
    return made

"""What the export and import tests share: content that is hard to keep exact, a dump of
the tables a round trip must leave as they were, and the two commands."""

from datetime import date, timedelta
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from faq import services
from faq.models import (
    Article,
    ArticleTranslation,
    ContentVersion,
    Step,
    StepTranslation,
    Team,
    Topic,
    TopicTranslation,
)
from tests.factories import (
    make_article,
    make_staff,
    make_team,
    make_topic,
    make_translation,
    png,
    upload,
)

FORMATS = ["markdown", "json"]
TRICKY = "  Indented first line.\r\nA CRLF line, then a rule:\n---\n<!-- answer_outro -->\nend  "


def content() -> dict[str, Article]:
    """Drafts and published articles, translations (one out of date), a screenshot, a
    reviewed article, a chosen review date and texts that are hard to keep exact."""
    editor = make_staff("kim")
    endnote, security = (
        make_topic("EndNote"),
        services.topic_get_or_create(
            name="Security", description="Keys.\n\nAnd locks.", review_months=3
        ),
    )
    services.topic_translation_save(
        topic_id=endnote.pk, language="sv", name="EndNote", description="Referenser."
    )
    sync = make_article(
        "How do I sync my library?",
        steps=["Open **EndNote**.", "Choose `Sync`.\n\nThen wait.", "Restart."],
        topics=[endnote, security],
        answered_by=editor,
        owner=editor,
        answer_outro="!!! warning\n    Slow.\n",
    )
    services.step_image_set(
        step=sync.steps.get(position=2), upload=upload(png(800, 500)), alt="The Sync pane"
    )
    make_translation(sync, "de", steps=1)
    sync.refresh_from_db()
    # The source changes after the German translation, before the Swedish one.
    sync.answer_intro = "Sync your library when it stops syncing."
    services.article_save(article=sync)
    make_translation(sync, "sv", alts={2: "Synkfönstret"})
    draft = make_article(
        "How do I reset my password?",
        steps=2,
        status=Article.Status.DRAFT,
        team=make_team("Service Desk"),
        answer_intro=TRICKY,
    )
    services.article_save(article=draft, review_by=date(2031, 1, 31))
    reviewed = make_article(
        "Which licence do I need?",
        steps=["Ask.\r\nThen wait. "],
        topics=[endnote],
        answer_outro="Sent from a browser:\r\ntwo lines.\r\n",
    )
    services.article_review_mark(
        article=reviewed, user=editor, now=timezone.now() - timedelta(days=3)
    )
    for article in (sync, draft, reviewed):
        article.refresh_from_db()
    return {"sync": sync, "draft": draft, "reviewed": reviewed}


def dump() -> dict[str, list]:
    """The rows an import may touch, all fields but the readers' counters."""
    counters = {"view_count", "yes_count", "no_count"}
    articles = [
        {k: v for k, v in row.items() if k not in counters}
        for row in Article.objects.order_by("pk").values()
    ]
    return {
        "articles": articles,
        "topics of articles": list(
            Article.topics.through.objects.order_by("pk").values_list("article_id", "topic_id")
        ),
        "steps": list(Step.all_objects.order_by("pk").values()),
        "translations": list(ArticleTranslation.objects.order_by("pk").values()),
        "step translations": list(StepTranslation.objects.order_by("pk").values()),
        "topics": list(Topic.objects.order_by("pk").values()),
        "topic translations": list(TopicTranslation.objects.order_by("pk").values()),
        "teams": list(Team.objects.order_by("pk").values()),
        "content version": list(ContentVersion.objects.values_list("value", flat=True)),
        "versions": [Version.objects.count()],
    }


def export(path: Path, fmt: str) -> Path:
    target = path / ("export.json" if fmt == "json" else "export")
    call_command("articles_export", str(target), format=fmt, stdout=StringIO())
    return target


def files(target: Path) -> dict[str, bytes]:
    if target.is_file():
        return {target.name: target.read_bytes()}
    return {
        p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()
    }


def run_import(target: Path, *options: str) -> str:
    out = StringIO()
    call_command("articles_import", str(target), *options, verbosity=2, stdout=out, stderr=out)
    return out.getvalue()


def empty_the_database(settings, tmp_path: Path) -> None:
    """Another site: no articles, topics or teams, and a media storage of its own."""
    Article.objects.all().delete()
    Topic.objects.all().delete()
    Team.objects.all().delete()
    settings.MEDIA_ROOT = tmp_path / "other-media"

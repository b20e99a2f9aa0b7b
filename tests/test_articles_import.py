"""Importing articles (manage.py articles_import): only what differs is written, as one new
version; a malformed file writes nothing; drafts stay drafts; dry runs; matching."""

import re
from datetime import date
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command
from reversion.models import Version

from faq import services
from faq.models import (
    Article,
    ArticleTranslation,
    ContentVersion,
    Step,
)
from tests.exchange import (
    content,
    dump,
    empty_the_database,
    export,
    files,
    run_import,
)
from tests.factories import (
    make_article,
)

pytestmark = pytest.mark.django_db


def test_a_changed_step_body_is_reported_updated_and_kept_as_a_new_version(tmp_path):
    made = content()
    sync = made["sync"]
    target = export(tmp_path, "markdown")
    page = target / "articles" / f"{sync.pk:04d}-{sync.slug}.md"
    text = page.read_text()
    page.write_text(text.replace("Restart.", "Restart EndNote."))
    step = sync.steps.get(position=3)
    versions = Version.objects.get_for_object(sync).count()
    content_version = ContentVersion.objects.get().value

    out = run_import(target)

    assert f"updated   {sync.pk} {sync.slug} (articles/{page.name}): steps" in out
    assert "articles: 0 created, 1 updated, 2 unchanged" in out
    assert Step.objects.get(pk=step.pk).body == "Restart EndNote."
    assert Version.objects.get_for_object(sync).count() == versions + 1
    assert ContentVersion.objects.get().value > content_version
    # The translations no longer match the steps they translate.
    assert ArticleTranslation.objects.get(article=sync, language="sv").is_stale
    assert "articles: 0 created, 0 updated, 3 unchanged" in run_import(
        export(tmp_path / "again", "markdown")
    )


# How the second of three files is broken (`other`: an article in no file), and what the
# error then says.
BREAKS = {
    "bad YAML": (lambda text, other: text.replace("status: ", "status: [", 1), "line"),
    "no question": (
        lambda text, other: re.sub(r"^question: .*\n", "", text, count=1, flags=re.M),
        "question: is missing",
    ),
    "unknown language": (
        lambda text, other: text.replace("language: en", "language: fi", 1),
        "“fi” is not one of the site's languages",
    ),
    "a step of another article": (
        lambda text, other: re.sub(
            r"^- id: \d+", f"- id: {other.steps.get().pk}", text, count=1, flags=re.M
        ),
        "is a step of article",
    ),
    "duplicate positions": (
        lambda text, other: text.replace("position: 2", "position: 1", 1),
        "position 1 is used twice",
    ),
}


@pytest.mark.parametrize("broken", BREAKS)
def test_a_malformed_file_in_the_middle_writes_nothing(tmp_path, broken):
    breaking, message = BREAKS[broken]
    content()
    target = export(tmp_path, "markdown")
    # Made after the export: its step is in no file, only in the database.
    other = make_article("Not exported?", steps=1)
    pages = sorted((target / "articles").glob("*-*.md"))
    pages = [p for p in pages if p.name.count(".") == 1]
    assert len(pages) == 3
    # The first file changes (written before the broken one is read, were it not all
    # one transaction); the second is broken.
    pages[0].write_text(pages[0].read_text().replace("How do I sync", "How do I synchronise"))
    pages[1].write_text(breaking(pages[1].read_text(), other))
    before = dump()

    with pytest.raises(CommandError) as error:
        run_import(target)

    assert f"articles/{pages[1].name}" in str(error.value)
    assert message in str(error.value)
    assert dump() == before


def test_drafts_stay_drafts_and_published_articles_stay_published(tmp_path, settings):
    made = content()
    target = export(tmp_path, "json")
    empty_the_database(settings, tmp_path)
    run_import(target, "--keep-ids")

    statuses = dict(Article.objects.values_list("pk", "status"))
    assert statuses == {
        made["sync"].pk: "published",
        made["draft"].pk: "draft",
        made["reviewed"].pk: "published",
    }
    draft = Article.objects.get(pk=made["draft"].pk)
    assert draft.published_at is None
    assert (draft.review_by, draft.review_by_chosen) == (date(2031, 1, 31), True)


def test_a_dry_run_reports_the_change_and_writes_nothing(tmp_path):
    made = content()
    target = export(tmp_path, "json")
    text = (target).read_text()
    target.write_text(text.replace("Which licence do I need?", "Which licence fits?"))
    before = dump()

    out = run_import(target, "--dry-run")

    assert f"updated   {made['reviewed'].pk} " in out
    assert "question" in out
    assert "Dry run: nothing was written." in out
    assert dump() == before


def test_an_export_replaces_an_earlier_one_and_is_the_same_bytes_each_time(tmp_path):
    made = content()
    target = export(tmp_path, "markdown")
    first = files(target)
    (target / ".git").mkdir()
    services.article_translation_delete(article_id=made["sync"].pk, language="de")

    export(tmp_path, "markdown")

    gone = {n for n in first if n.endswith(".de.md")}
    assert gone
    assert not gone & set(files(target))
    assert (target / ".git").is_dir()
    assert {n: b for n, b in first.items() if n not in gone} == files(target)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="holds no earlier export"):
        call_command("articles_export", str(mine), stdout=StringIO())
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_the_markdown_layout(tmp_path):
    made = content()
    target = export(tmp_path, "markdown")
    sync = made["sync"]
    text = (target / "articles" / f"{sync.pk:04d}-{sync.slug}.md").read_text()
    front, body = text.removeprefix("---\n").split("\n---\n", 1)
    data = yaml.safe_load(front)
    assert data["status"] == "published"
    assert data["topics"] == ["endnote", "security"]
    assert data["answered_by"] == data["owner"] == "kim"
    step = data["steps"][1]
    assert step["id"] == sync.steps.get(position=2).pk
    assert step["body"] == "Choose `Sync`.\n\nThen wait."
    assert (target / step["image"]).is_file()
    assert body == (
        "<!-- answer_intro -->\nSync your library when it stops syncing.\n\n"
        "<!-- answer_outro -->\n!!! warning\n    Slow.\n\n"
    )
    sv = yaml.safe_load(
        (target / "articles" / f"{sync.pk:04d}-{sync.slug}.sv.md").read_text().split("---\n")[1]
    )
    assert (sv["language"], sv["stale"], sv["steps"][1]["image_alt"]) == (
        "sv",
        False,
        "Synkfönstret",
    )
    # A text holding a marker line goes into the front matter instead.
    draft = made["draft"]
    draft_page = (target / "articles" / f"{draft.pk:04d}-{draft.slug}.md").read_text()
    assert draft_page.endswith("---\n")
    assert "answer_intro:" in draft_page


def test_without_keep_ids_steps_are_matched_by_their_text(tmp_path, settings):
    content()
    target = export(tmp_path, "markdown")
    empty_the_database(settings, tmp_path)
    # Another site has the article, with other ids, and a step the file does not have.
    twin = make_article(
        "How do I sync my library?", steps=["Restart.", "Open **EndNote**.", "Call us."]
    )
    ids = dict(twin.steps.values_list("body", "pk"))

    out = run_import(target)

    assert "articles: 2 created, 1 updated, 0 unchanged" in out
    twin.refresh_from_db()
    live = list(twin.steps.order_by("position").values_list("pk", "body"))
    assert [body for _, body in live] == [
        "Open **EndNote**.",
        "Choose `Sync`.\n\nThen wait.",
        "Restart.",
    ]
    assert live[0][0] == ids["Open **EndNote**."]
    assert live[2][0] == ids["Restart."]
    assert Step.all_objects.get(pk=ids["Call us."]).removed_at is not None


def test_an_unknown_user_is_left_empty_with_a_warning(tmp_path, django_user_model):
    made = content()
    target = export(tmp_path, "json")
    django_user_model.objects.filter(username="kim").delete()

    out = run_import(target)

    # The account is gone from the article too: nothing to change, and nothing changed.
    assert "no user “kim”, answered_by left empty" in out
    assert "articles: 0 created, 0 updated, 3 unchanged" in out
    assert Article.objects.get(pk=made["sync"].pk).answered_by is None

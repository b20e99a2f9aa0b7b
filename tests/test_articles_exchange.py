"""Export and import round trips (manage.py articles_export / articles_import): the files
hold every article, and reading them back into the same or an empty database changes
nothing."""

import json

import pytest

from faq.models import (
    Article,
    ArticleTranslation,
    Step,
    StepTranslation,
    TopicTranslation,
)
from tests.exchange import (
    FORMATS,
    TRICKY,
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


@pytest.mark.parametrize("fmt", FORMATS)
def test_importing_an_export_into_its_own_database_changes_nothing(tmp_path, fmt):
    content()
    target = export(tmp_path, fmt)
    before = dump()

    out = run_import(target)

    assert "articles: 0 created, 0 updated, 3 unchanged" in out
    assert "topics: 0 created, 0 updated, 2 unchanged" in out
    assert "teams: 0 created, 0 updated, 2 unchanged" in out
    assert dump() == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_imported_into_an_empty_database_exports_the_same_bytes(tmp_path, settings, fmt):
    made = content()
    first = export(tmp_path / "a", fmt)
    empty_the_database(settings, tmp_path)

    out = run_import(first, "--keep-ids")
    second = export(tmp_path / "b", fmt)

    assert "articles: 3 created, 0 updated, 0 unchanged" in out
    assert files(second) == files(first)
    assert sorted(Article.objects.values_list("pk", flat=True)) == sorted(
        a.pk for a in made.values()
    )
    assert "articles: 0 created, 0 updated, 3 unchanged" in run_import(first, "--keep-ids")


def test_ids_kept_from_a_file_are_not_given_out_again(tmp_path, settings):
    content()
    target = export(tmp_path, "json")
    # Ids far beyond any this database has given out.
    data = json.loads(target.read_text())
    for article in data["articles"]:
        article["id"] += 1000
        for item in [*article["steps"], *(s for t in article["translations"] for s in t["steps"])]:
            item["id"] += 1000
    target.write_text(json.dumps(data))
    empty_the_database(settings, tmp_path)

    run_import(target, "--keep-ids")

    assert min(Article.objects.values_list("pk", flat=True)) > 1000
    # PostgreSQL's sequences were moved past them: a new article gets an id of its own.
    new = make_article("A new one?", steps=1)
    assert new.pk > max(a["id"] for a in data["articles"])
    assert new.steps.get().pk > max(s["id"] for a in data["articles"] for s in a["steps"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_translations_and_a_screenshot_survive_the_trip(tmp_path, settings, fmt):
    made = content()
    shot = made["sync"].steps.get(position=2)
    target = export(tmp_path, fmt)
    empty_the_database(settings, tmp_path)

    run_import(target, "--keep-ids")

    step = Step.objects.get(pk=shot.pk)
    assert (step.image.name, step.image_alt, step.image_renditions) == (
        shot.image.name,
        "The Sync pane",
        shot.image_renditions,
    )
    assert step.image.storage.exists(step.image.name)
    assert str(settings.MEDIA_ROOT) in step.image.path
    sv = ArticleTranslation.objects.get(article_id=made["sync"].pk, language="sv")
    de = ArticleTranslation.objects.get(article_id=made["sync"].pk, language="de")
    assert sv.question == "[sv] How do I sync my library?"
    assert (sv.is_stale, de.is_stale) == (False, True)
    assert StepTranslation.objects.get(step=step, language="sv").image_alt == "Synkfönstret"
    assert (
        StepTranslation.objects.filter(step__article_id=made["sync"].pk, language="de").count() == 1
    )
    assert TopicTranslation.objects.get(topic__slug="endnote", language="sv").description == (
        "Referenser."
    )
    assert Article.objects.get(pk=made["draft"].pk).answer_intro == TRICKY

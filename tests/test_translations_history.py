"""Versions keep an article's translations: compared with now, and restored with step ids."""

import pytest
from reversion.models import Version

from faq import selectors, services
from faq.models import Article, ArticleTranslation, Step, StepTranslation
from tests.factories import make_article, make_staff, make_translation, make_visitor

pytestmark = pytest.mark.django_db


def record(article, note="Saved.") -> Version:
    services.article_version_record(article=article, note=note)
    return Version.objects.get_for_object(article).first()


def texts(article) -> dict[tuple[int, str], str]:
    rows = StepTranslation.objects.filter(step__article=article)
    return {(s, code): body for s, code, body in rows.values_list("step_id", "language", "body")}


def questions(article) -> dict[str, str]:
    return dict(article.translations.values_list("language", "question"))


def stale(article, language="sv") -> bool:
    item = ArticleTranslation.objects.select_related("article")
    return item.get(article=article, language=language).is_stale


def test_a_version_keeps_the_translations_and_their_steps():
    article = make_article(steps=["One.", "Two."])
    make_translation(article, steps=["Ett.", "Två."], question="Fråga?")
    version = record(article)
    (kept,) = selectors.versioned_translations(version)
    assert (kept.language, kept.question, kept.stale) == ("sv", "Fråga?", False)
    one, two = article.steps.order_by("position")
    assert {(t.step_id, t.body) for t in selectors.versioned_step_texts(version)} == {
        (one.pk, "Ett."),
        (two.pk, "Två."),
    }
    # A version of an article kept before it was translated has none.
    first = Version.objects.get_for_object(article).last()
    assert selectors.versioned_translations(first) == []


def test_restore_brings_translations_back_and_keeps_step_ids():
    article = make_article(steps=["One.", "Two.", "Three."])
    one, two, three = article.steps.order_by("position")
    make_translation(article, steps=["Ett.", "Två.", "Tre."], question="Fråga?", slug="fraga")
    make_translation(article, "de", steps=["Eins."], question="Frage?", slug="frage")
    version = record(article)
    before = texts(article)
    # Then: the second step removed, the German translation deleted, the Swedish reworded.
    services.step_list_save(
        article=article,
        steps=[
            services.StepInput(body="One.", position=1, step=one),
            services.StepInput(body="Three.", position=2, step=three),
        ],
        deleted=[two],
    )
    services.article_translation_delete(article_id=article.pk, language="de")
    make_translation(article, steps=["Ett!", "Tre!"], question="Ny fråga?", slug="ny-fraga")
    visitor = make_visitor()
    services.step_check(article=article, visitor=visitor.ref, step=one, language="en")
    services.article_version_restore(article=article, version_id=version.pk, user=make_staff())
    assert list(article.steps.order_by("position").values_list("pk", flat=True)) == [
        one.pk,
        two.pk,
        three.pk,
    ]
    assert texts(article) == before
    assert questions(article) == {"sv": "Fråga?", "de": "Frage?"}
    assert ArticleTranslation.objects.get(language="sv").slug == "fraga"
    swedish = ArticleTranslation.objects.get(language="sv")
    assert swedish.answer_intro_html.startswith("<p>[sv]")
    assert StepTranslation.objects.get(step=two, language="sv").body_html == "<p>Två.</p>"
    # Up to date then, up to date now; the reader's tick is still there.
    assert not stale(article)
    assert not stale(article, "de")
    state = selectors.reader_state(
        article=article, steps=list(article.steps.all()), visitor=visitor.ref
    )[0]
    assert state.done == 1
    page = selectors.article_page(pk=article.pk, user=None, visitor=visitor.ref, language="sv")
    assert [s.body_html for s in page.steps] == ["<p>Ett.</p>", "<p>Två.</p>", "<p>Tre.</p>"]


def test_restore_deletes_translations_made_since_and_keeps_a_stale_one_stale():
    article = make_article(steps=["One."])
    make_translation(article, steps=["Ett."])
    article.answer_intro = "A new introduction."
    services.article_save(article=article)
    assert stale(article)
    version = record(article)
    assert selectors.versioned_translations(version)[0].stale
    make_translation(article, "de")
    make_translation(article, steps=["Ett, kontrollerad."])
    assert not stale(article)
    services.article_version_restore(article=article, version_id=version.pk)
    assert questions(article) == {"sv": f"[sv] {article.question}"}
    assert stale(article)
    assert set(texts(article).values()) == {"Ett."}


def test_a_slug_taken_since_by_another_article_is_not_taken_back():
    article, other = make_article(), make_article()
    make_translation(article, slug="synka")
    version = record(article)
    make_translation(article, slug="synka-nu")
    make_translation(other, slug="synka")
    services.article_version_restore(article=article, version_id=version.pk)
    assert ArticleTranslation.objects.get(article=article).slug == "synka-nu"


def test_the_diff_shows_what_changed_in_each_language():
    article = make_article(steps=["One.", "Two."])
    make_translation(article, steps=["Ett.", "Två."], question="Fråga?")
    version = record(article)
    make_translation(article, steps={2: "Två, ändrad."}, question="Ny fråga?")
    make_translation(article, "de", steps=0, question="Frage?")
    diff = selectors.article_diff(article=article, version_id=version.pk)
    changed = {f.label for f in diff.fields if f.changed}
    assert changed == {
        "Question (Svenska)",
        "Slug (Svenska)",
        "Step 2 (Svenska)",
        "Question (Deutsch)",
        "Slug (Deutsch)",
        "Answer before the steps (Deutsch)",
    }
    assert "Answer before the steps (Svenska)" in {f.label for f in diff.fields}
    assert diff.changed
    same = selectors.article_diff(article=article, version_id=record(article).pk)
    assert not same.changed


def test_the_versions_page_and_its_diff_show_translations(admin_client):
    article = make_article(steps=["One."])
    make_translation(article, question="Fråga?")
    version = record(article, note="Translated.")
    make_translation(article, question="Ny fråga?")
    html = admin_client.get(f"/admin/faq/article/{article.pk}/versions/{version.pk}/")
    assert "Question (Svenska)" in html.content.decode()
    assert "Ny fråga?" in html.content.decode()
    response = admin_client.post(f"/admin/faq/article/{article.pk}/versions/{version.pk}/restore/")
    assert response.status_code == 302
    assert questions(article) == {"sv": "Fråga?"}
    assert Article.objects.get(pk=article.pk).translations.count() == 1
    assert Step.objects.filter(article=article).count() == 1

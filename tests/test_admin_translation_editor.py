"""The translation editor: one article in one language, the source beside each field, the
preview in that language, review dates and versions."""

import html
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from faq import selectors, services
from faq.models import Article, ArticleTranslation, StepTranslation
from tests.factories import article_url_in, get_in, make_article, make_staff, make_translation

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def editor_url(article, language="sv") -> str:
    return reverse("admin:faq_article_translation", args=[article.pk, language])


def preview_url(article, language="sv") -> str:
    return reverse("admin:faq_article_translation_preview", args=[article.pk, language])


def steps_of(article):
    return list(article.steps.order_by("position"))


def typed(article, **changes) -> dict:
    """A whole Swedish translation as the form posts it, changed as asked."""
    data = {
        "question": "Hur synkar jag EndNote?",
        "slug": "synka-endnote",
        "answer_intro": "Så här gör du.",
        "answer_outro": "",
        "review_by": "",
    }
    for step in steps_of(article):
        data[f"step-{step.pk}-body"] = f"Steg {step.position} på svenska."
    data.update(changes)
    return data


def framed_page(response) -> str:
    body = response.content.decode()
    assert body.startswith('<iframe name="article-preview"')
    return html.unescape(re.search(r'srcdoc="([^"]*)"', body)[1])


@pytest.fixture
def article():
    return make_article("How do I sync EndNote?", steps=["Open EndNote.", "Click Sync.", "Wait."])


def test_the_change_form_lists_each_language_with_its_state(staff_client, article):
    make_translation(article, "de")
    page = staff_client.get(reverse("admin:faq_article_change", args=[article.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="translations-title">Translations' in text
    assert "Translate into Svenska" in text
    assert "Edit Deutsch" in text
    assert f'href="{editor_url(article, "sv")}"' in text
    assert ">translated<" in text
    assert ">missing<" in text
    Article.objects.filter(pk=article.pk).update(
        source_changed_at=timezone.now() + timedelta(days=1)
    )
    text = staff_client.get(reverse("admin:faq_article_change", args=[article.pk])).content
    assert b">may be out of date<" in text


def test_the_editor_shows_the_source_beside_each_field(staff_client, article):
    make_translation(article, "sv", steps={2: "Klicka på Synka."})
    response = staff_client.get(editor_url(article))
    text = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Translate into Svenska</h1>" in text
    assert '<div class="helpdesk-translate__text" lang="en">How do I sync EndNote?</div>' in text
    assert '<div class="helpdesk-translate__text" lang="en">Click Sync.</div>' in text
    step2 = steps_of(article)[1]
    assert re.search(
        rf'<textarea name="step-{step2.pk}-body"[^>]*lang="sv"[^>]*>\s*Klicka på Synka.</textarea>',
        text,
    )
    assert 'id="mark-reviewed"' in text


def test_a_save_changes_the_readers_swedish_page_and_keeps_a_version(staff_client, article):
    step3 = steps_of(article)[2]
    data = typed(article, **{f"step-{step3.pk}-body": "Vänta en **stund**."})
    response = staff_client.post(editor_url(article), data)
    assert response.status_code == 303
    assert response["Location"] == editor_url(article)
    item = ArticleTranslation.objects.get(article=article, language="sv")
    assert item.question == "Hur synkar jag EndNote?"
    assert StepTranslation.objects.get(step=step3, language="sv").body == "Vänta en **stund**."
    page = get_in(Client(), "sv", article_url_in(article, "sv"))
    assert page.status_code == 200
    assert "Vänta en <strong>stund</strong>." in page.content.decode()
    assert "Hur synkar jag EndNote?" in page.content.decode()
    versions = Version.objects.get_for_object(article)
    assert versions.first().revision.comment == "Translated into Svenska"
    listing = staff_client.get(reverse("admin:faq_article_versions", args=[article.pk]))
    assert "Translated into Svenska" in listing.content.decode()


def test_the_diff_covers_what_a_translation_changed(staff_client, article):
    staff_client.post(editor_url(article), typed(article))
    first = Version.objects.get_for_object(article).first()
    step1 = steps_of(article)[0]
    staff_client.post(
        editor_url(article),
        typed(article, question="Hur synkar man?", **{f"step-{step1.pk}-body": "Öppna den."}),
    )
    diff = staff_client.get(reverse("admin:faq_article_version", args=[article.pk, first.pk]))
    text = diff.content.decode()
    assert "Question (Svenska)" in text
    assert "Step 1 (Svenska)" in text
    assert "man?" in text


def delete_url(article, language="sv") -> str:
    return reverse("admin:faq_article_translation_delete", args=[article.pk, language])


def test_delete_takes_the_translation_away_and_a_restore_brings_it_back(staff_client, article):
    staff_client.post(editor_url(article), typed(article))
    saved = Version.objects.get_for_object(article).first()
    editor = staff_client.get(editor_url(article)).content.decode()
    assert "Yes, delete the Svenska translation" in editor
    response = staff_client.post(delete_url(article))
    assert response.status_code == 303
    assert response["Location"] == reverse("admin:faq_article_change", args=[article.pk])
    assert not ArticleTranslation.objects.filter(article=article).exists()
    assert not StepTranslation.objects.filter(step__article=article).exists()
    page = get_in(Client(), "sv", article_url_in(article, "sv")).content.decode()
    assert "Open EndNote." in page
    assert "Steg 1 på svenska." not in page
    assert Version.objects.get_for_object(article).first().revision.comment == (
        "Translation into Svenska deleted"
    )
    services.article_version_restore(article=article, version_id=saved.pk)
    assert ArticleTranslation.objects.get(article=article).question == "Hur synkar jag EndNote?"
    assert StepTranslation.objects.filter(step__article=article, language="sv").count() == 3


def test_delete_without_a_translation_changes_nothing(staff_client, article):
    before = Version.objects.get_for_object(article).count()
    response = staff_client.post(delete_url(article), follow=True)
    assert "The article has no translation into Svenska." in response.content.decode()
    assert Version.objects.get_for_object(article).count() == before


@pytest.mark.parametrize("method", ["get", "put"])
def test_delete_wants_a_post(staff_client, article, method):
    make_translation(article)
    assert getattr(staff_client, method)(delete_url(article)).status_code == 405
    assert ArticleTranslation.objects.filter(article=article).exists()


def test_a_slug_another_article_has_is_a_form_error(staff_client, article):
    other = make_article("Another?", steps=["One."])
    make_translation(other, "sv", slug="synka-endnote")
    response = staff_client.post(editor_url(article), typed(article))
    assert response.status_code == 400
    assert "Another article already has this address in this language." in (
        response.content.decode()
    )
    assert not ArticleTranslation.objects.filter(article=article).exists()


def test_a_blank_question_and_a_bad_slug_are_form_errors(staff_client, article):
    response = staff_client.post(editor_url(article), typed(article, question="  "))
    assert response.status_code == 400
    assert "A translation needs its question." in response.content.decode()
    response = staff_client.post(editor_url(article), typed(article, slug="not a slug!"))
    assert response.status_code == 400
    assert "Use only letters, numbers" in response.content.decode()
    response = staff_client.post(editor_url(article), typed(article, review_by="junk"))
    assert response.status_code == 400
    assert not ArticleTranslation.objects.filter(article=article).exists()


@pytest.mark.parametrize("language", ["xx", "en", "EN", "sv-x"])
def test_an_unknown_or_source_language_is_a_404(staff_client, article, language):
    assert staff_client.get(editor_url(article, language)).status_code == 404
    assert staff_client.post(preview_url(article, language), {}, **HTMX).status_code == 404


def test_an_unknown_article_is_a_404(staff_client, article):
    url = reverse("admin:faq_article_translation", args=[article.pk + 1000, "sv"])
    assert staff_client.get(url).status_code == 404
    assert staff_client.post(url, {"question": "x"}).status_code == 404


def test_only_staff_who_may_change_articles_translate(client, django_user_model, article):
    url = editor_url(article)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    viewer = make_staff()
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    assert client.post(url, typed(article)).status_code == 403
    assert client.post(preview_url(article), typed(article), **HTMX).status_code == 403
    assert not ArticleTranslation.objects.exists()
    viewer.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(django_user_model.objects.get(pk=viewer.pk))
    assert client.post(url, typed(article)).status_code == 303
    # Deleting it wants the same right.
    viewer.user_permissions.remove(Permission.objects.get(codename="change_article"))
    client.force_login(django_user_model.objects.get(pk=viewer.pk))
    assert client.post(delete_url(article)).status_code == 403
    assert ArticleTranslation.objects.filter(article=article).exists()


def test_a_save_wants_the_csrf_token(django_user_model, article):
    user = make_staff()
    user.user_permissions.add(Permission.objects.get(codename="change_article"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(editor_url(article), typed(article)).status_code == 403
    assert not ArticleTranslation.objects.exists()


def test_the_preview_is_the_swedish_page_as_typed(staff_client, article):
    step3 = steps_of(article)[2]
    data = typed(article, **{f"step-{step3.pk}-body": "Vänta *lite*."})
    data[f"step-{steps_of(article)[0].pk}-body"] = ""
    response = staff_client.post(preview_url(article), data, **HTMX)
    assert response.status_code == 200
    page = framed_page(response)
    assert '<html lang="sv"' in page
    assert "Hur synkar jag EndNote?" in page
    assert "Vänta <em>lite</em>." in page
    # The step left blank is shown in English, marked as such.
    assert re.search(r'lang="en"[^>]*>\s*<p>Open EndNote.</p>', page)
    assert not ArticleTranslation.objects.exists()


def test_the_preview_without_htmx_is_the_whole_page(staff_client, article):
    response = staff_client.post(preview_url(article), typed(article))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().lower().startswith("<!doctype html>")
    assert '<html lang="sv"' in text
    assert "Steg 2 på svenska." in text
    assert staff_client.get(preview_url(article)).status_code == 405


def test_mark_reviewed_moves_the_translations_review_date(staff_client, article):
    staff_client.post(editor_url(article), typed(article, review_by="2020-01-01"))
    item = ArticleTranslation.objects.get(article=article, language="sv")
    assert item.review_by == date(2020, 1, 1)
    assert item.review_by_chosen
    url = reverse("admin:faq_article_translation_review", args=[article.pk, "sv"])
    response = staff_client.post(url)
    assert response.status_code == 303
    item.refresh_from_db()
    assert item.review_by > date.today() + timedelta(days=27)
    assert item.last_reviewed_at is not None
    assert not item.review_by_chosen
    page = staff_client.get(editor_url(article)).content.decode()
    assert "Last reviewed" in page
    assert staff_client.get(url).status_code == 405


def test_mark_reviewed_without_a_translation_is_a_404(staff_client, article):
    url = reverse("admin:faq_article_translation_review", args=[article.pk, "de"])
    assert staff_client.post(url).status_code == 404


def test_translations_due_for_review_are_in_the_review_list(staff_client, article):
    other = make_article("Fine?", steps=["One."])
    staff_client.post(editor_url(article), typed(article, review_by="2020-01-01"))
    changelist = reverse("admin:faq_article_changelist")
    text = staff_client.get(changelist, {"review": "translation_due"}).content.decode()
    assert "How do I sync EndNote?" in text
    assert "Fine?" not in text
    assert selectors.translation_states(article_id=other.pk)[1].state == "missing"


def test_the_review_date_is_shown_in_the_date_field(staff_client, article):
    staff_client.post(editor_url(article), typed(article, review_by="2031-02-03"))
    text = staff_client.get(editor_url(article)).content.decode()
    assert re.search(r'<input type="date" name="review_by" value="2031-02-03"', text)
    # Posted back unchanged, it stays an editor's choice and the same date.
    staff_client.post(editor_url(article), typed(article, review_by="2031-02-03"))
    assert ArticleTranslation.objects.get(article=article).review_by == date(2031, 2, 3)


def test_the_diff_covers_a_translations_slug_and_alt_text(article):
    make_translation(article, slug="synka", alts={1: "Fönstret."})
    services.article_version_record(article=article)
    version = Version.objects.get_for_object(article).first()
    make_translation(article, slug="synka-nu", alts={1: "Fönstret Synka."})
    diff = selectors.article_diff(article=article, version_id=version.pk)
    changed = {f.label for f in diff.fields if f.changed}
    assert {"Slug (Svenska)", "Step 1 (Svenska): screenshot alt text"} <= changed

"""The editor's live preview: the form as typed, rendered by the article template, nothing saved."""

import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from faq.models import Article, Step
from tests.factories import make_article, make_staff, make_topic
from tests.test_admin import step_form

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def preview_url(article=None) -> str:
    if article is None:
        return reverse("admin:faq_article_preview_new")
    return reverse("admin:faq_article_preview", args=[article.pk])


def typed(article, **changes):
    steps = [{"id": s.pk, "position": s.position, "body": s.body} for s in article.steps.all()]
    data = step_form(article, steps)
    data.update(changes)
    return data


def framed_page(response) -> str:
    """The page inside the preview frame's srcdoc, unescaped."""
    body = response.content.decode()
    assert body.startswith('<iframe name="article-preview"')
    # The whole page sits in one attribute: no raw quote may end it early.
    page = html.unescape(re.search(r'srcdoc="([^"]*)"', body)[1])
    assert page.rstrip().endswith("</html>")
    return page


def test_the_preview_renders_what_was_typed_without_saving_it(staff_client):
    article = make_article("Sync EndNote?", steps=["Open EndNote.", "Click **Sync**."])
    data = typed(article, question="Sync EndNote 21?")
    data["steps-1-body"] = "Click **Sync** now."
    response = staff_client.post(preview_url(article), data, **HTMX)
    assert response.status_code == 200
    page = framed_page(response)
    assert '<h1 id="article-title">Sync EndNote 21?</h1>' in page
    assert "Click <strong>Sync</strong> now." in page
    # The draft banner is on, the reader controls and scripts are off.
    assert "draft-banner" in page
    # A published article's edits are not a draft: the banner says it is a preview.
    assert "<strong>Preview.</strong>" in page
    assert "Only staff can see" not in page
    assert "step-toggle" not in page
    assert "<script" not in page
    article.refresh_from_db()
    assert article.question == "Sync EndNote?"
    assert list(article.steps.values_list("body", flat=True)) == [
        "Open EndNote.",
        "Click **Sync**.",
    ]


def test_the_preview_uses_the_same_sanitiser_as_saving(staff_client):
    article = make_article("Q?", steps=["One."])
    data = typed(article, answer_intro='<script>alert(1)</script><img src=x onerror="alert(2)">Hi')
    page = framed_page(staff_client.post(preview_url(article), data, **HTMX))
    assert "alert(1)" not in page
    assert "onerror" not in page


def test_steps_follow_their_numbers_and_deleted_or_empty_ones_leave(staff_client):
    article = make_article("Q?", steps=["First.", "Second.", "Third."])
    data = typed(article)
    data["steps-0-position"], data["steps-2-position"] = "3", "1"
    data["steps-1-DELETE"] = "on"
    data["steps-TOTAL_FORMS"] = 4
    data.update({"steps-3-position": "", "steps-3-body": "   "})
    page = framed_page(staff_client.post(preview_url(article), data, **HTMX))
    assert page.index("Third.") < page.index("First.")
    assert "Second." not in page
    assert 'id="step-2"' in page
    assert 'id="step-3"' not in page


def test_a_new_article_can_be_previewed_before_its_first_save(staff_client):
    topic = make_topic("EndNote")
    data = {"question": "", "answer_intro": "Hello.", "team": "junk", "topics": [topic.pk, "x"]}
    data.update({"steps-0-position": "1", "steps-0-body": "Do it."})
    page = framed_page(staff_client.post(preview_url(), data, **HTMX))
    assert "(No question yet)" in page
    assert "EndNote" in page
    assert Article.objects.count() == 0
    assert Step.all_objects.count() == 0


def test_without_javascript_the_button_posts_the_whole_page_into_the_frame(staff_client):
    article = make_article("Q?", steps=["One."])
    response = staff_client.post(preview_url(article), typed(article, question="Typed?"))
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # Browsers obey CSP's frame-ancestors over X-Frame-Options: it must allow the editor.
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert body.startswith("<!doctype html>")
    assert "Typed?" in body


def test_the_change_form_has_the_preview_beside_the_fields(staff_client):
    article = make_article("Q?", steps=["One."])
    page = staff_client.get(reverse("admin:faq_article_change", args=[article.pk])).content.decode()
    assert f'hx-post="{preview_url(article)}"' in page
    assert 'formtarget="article-preview"' in page
    assert "js/admin-editor.js" in page
    add = staff_client.get(reverse("admin:faq_article_add")).content.decode()
    assert f'hx-post="{preview_url()}"' in add


@pytest.mark.parametrize("junk", ["\x00", "x" * 20000, "%%%", "<>"])
def test_junk_values_still_get_a_preview(staff_client, junk):
    article = make_article("Q?", steps=["One."])
    data = typed(article, team=junk, question=junk)
    data.update({"steps-0-position": junk, "topics": [junk]})
    data["steps-9999-body"] = junk
    assert staff_client.post(preview_url(article), data, **HTMX).status_code == 200


def test_only_staff_who_may_edit_get_a_preview(client, django_user_model):
    article = make_article("Secret?", steps=["One."])
    url = preview_url(article)
    response = client.post(url, typed(article))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    client.force_login(django_user_model.objects.create_user(username="reader", password="x"))
    assert client.post(url, typed(article)).status_code == 403
    viewer = make_staff()
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.post(url, typed(article)).status_code == 403
    assert client.post(preview_url(), typed(article)).status_code == 403


def test_the_preview_wants_a_post(staff_client):
    article = make_article("Q?")
    assert staff_client.get(preview_url(article)).status_code == 405


def test_a_swedish_article_is_previewed_as_its_swedish_readers_see_it(staff_client):
    article = make_article("Hur synkar jag?", steps=["Öppna EndNote."], language="sv")
    data = typed(article, answer_intro="!!! warning\n    Stäng Word först.")
    page = framed_page(staff_client.post(preview_url(article), data, **HTMX))
    assert '<html lang="sv">' in page
    assert "<strong>Förhandsgranskning.</strong>" in page
    assert '<p class="callout__title">Varning</p>' in page
    # A language that is not the site's is previewed in the site's own.
    data["language"] = "xx"
    page = framed_page(staff_client.post(preview_url(article), data, **HTMX))
    assert '<html lang="en">' in page

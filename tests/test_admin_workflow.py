"""The review workflow in the admin: the change form's buttons, the queue, the approval page."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion.models import Version

from faq import services
from faq.models import Article, Step
from faq.services.roles import EDITORS, PUBLISHERS
from tests.factories import make_article, make_staff, make_team

pytestmark = pytest.mark.django_db


def member(group: str, username: str):
    user = make_staff(username)
    user.email = f"{username}@example.edu"
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(client):
    return member(EDITORS, "ed")


@pytest.fixture
def publisher():
    return member(PUBLISHERS, "pub")


def form_data(article: Article, **changes) -> dict:
    """The change form as the browser posts it, steps included."""
    steps = list(Step.objects.filter(article=article).order_by("position"))
    data = {
        "question": article.question,
        "slug": article.slug,
        "language": article.language,
        "answer_intro": article.answer_intro,
        "answer_outro": article.answer_outro,
        "team": article.team_id,
        "audience": article.audience,
        "review_by": "",
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": len(steps),
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for i, step in enumerate(steps):
        data |= {
            f"steps-{i}-id": step.pk,
            f"steps-{i}-article": article.pk,
            f"steps-{i}-position": step.position,
            f"steps-{i}-body": step.body,
        }
    return data | changes


def test_an_editor_cannot_edit_a_published_article_in_place(client, editor):
    article = make_article("How do I print?", steps=["Open.", "Print."])
    client.force_login(editor)
    page = client.get(f"/admin/faq/article/{article.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Rewrite for review" in body
    assert "Changes go through review" in body
    posted = client.post(
        f"/admin/faq/article/{article.pk}/change/",
        form_data(article, question="Hijacked?", **{"steps-1-body": "Hijacked."}),
    )
    assert posted.status_code == 403
    article.refresh_from_db()
    assert article.question == "How do I print?"


def test_an_editor_rewrites_step_two_and_submits_it(client, editor, publisher):
    article = make_article("How do I scan?", steps=["Open the scanner.", "Press Scan."])
    client.force_login(editor)
    started = client.post(f"/admin/faq/article/{article.pk}/rewrite/")
    rewrite = Article.objects.get(rewrite_of=article)
    assert started.status_code == 303
    assert started["Location"] == f"/admin/faq/article/{rewrite.pk}/change/"
    form = client.get(started["Location"]).content.decode()
    assert "A rewrite, waiting to be published." in form
    assert "Save and submit for review" in form
    data = form_data(rewrite, **{"steps-1-body": "Press **Scan to email**.", "_submit": "1"})
    done = client.post(f"/admin/faq/article/{rewrite.pk}/change/", data)
    assert done.status_code == 303, done.content.decode()[:2000]
    rewrite.refresh_from_db()
    assert rewrite.status == Article.Status.REVIEW
    assert Step.objects.get(article=article, position=2).body == "Press Scan."
    # The rewrite is now the publisher's to weigh: the editor cannot change it.
    assert client.post(f"/admin/faq/article/{rewrite.pk}/change/", data).status_code == 403

    queue = client.get("/admin/faq/article/review-queue/").content.decode()
    assert "How do I scan?" in queue
    assert "Rewrite" in queue

    client.force_login(publisher)
    approval = client.get(f"/admin/faq/article/{rewrite.pk}/approval/").content.decode()
    assert "<ins>to email</ins>" in approval.replace("**", "") or "to email" in approval
    assert 'value="approve"' in approval
    approved = client.post(f"/admin/faq/article/{rewrite.pk}/approval/", {"action": "approve"})
    assert approved.status_code == 303
    assert Step.objects.get(article=article, position=2).body == "Press **Scan to email**."
    versions = client.get(f"/admin/faq/article/{article.pk}/versions/").content.decode()
    assert "approved and published by" in versions


def test_an_editor_gets_no_approve_button_and_a_post_is_refused(client, editor):
    article = make_article(status=Article.Status.DRAFT)
    services.article_submit(article=article, user=editor)
    client.force_login(editor)
    page = client.get(f"/admin/faq/article/{article.pk}/approval/").content.decode()
    assert 'value="approve"' not in page
    refused = client.post(f"/admin/faq/article/{article.pk}/approval/", {"action": "approve"})
    assert refused.status_code == 403
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW


def test_a_publisher_cannot_approve_their_own(client, publisher):
    article = make_article(status=Article.Status.DRAFT)
    services.article_submit(article=article, user=publisher)
    client.force_login(publisher)
    page = client.get(f"/admin/faq/article/{article.pk}/approval/").content.decode()
    assert "another publisher approves it" in page
    refused = client.post(f"/admin/faq/article/{article.pk}/approval/", {"action": "approve"})
    assert refused.status_code == 403
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW


def test_send_back_needs_a_comment(client, editor, publisher):
    article = make_article(status=Article.Status.DRAFT)
    services.article_submit(article=article, user=editor)
    client.force_login(publisher)
    empty = client.post(
        f"/admin/faq/article/{article.pk}/approval/", {"action": "send_back", "comment": ""}
    )
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW
    sent = client.post(
        f"/admin/faq/article/{article.pk}/approval/",
        {"action": "send_back", "comment": "Add the VPN step."},
    )
    assert sent.status_code == 303
    client.force_login(editor)
    form = client.get(f"/admin/faq/article/{article.pk}/change/").content.decode()
    assert "Sent back by review:" in form
    assert "Add the VPN step." in form


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "/admin/faq/article/{pk}/approval/", {"action": "delete-everything"}),
        ("put", "/admin/faq/article/{pk}/approval/", {}),
        ("get", "/admin/faq/article/{pk}/rewrite/", {}),
        ("post", "/admin/faq/article/999999/approval/", {"action": "approve"}),
        ("post", "/admin/faq/article/{pk}/rewrite/discard/", {}),
    ],
)
def test_junk_gets_a_4xx_and_changes_nothing(client, publisher, method, path, data):
    article = make_article()
    client.force_login(publisher)
    answer = getattr(client, method)(path.format(pk=article.pk), data)
    assert 400 <= answer.status_code < 500 or answer.status_code == 303
    article.refresh_from_db()
    assert article.is_published
    assert not Article.objects.filter(rewrite_of=article).exists()


def test_a_superuser_saves_in_place_and_it_is_recorded(client):
    boss = make_staff("boss")
    boss.is_superuser = True
    boss.save()
    article = make_article("How do I log in?", steps=["Go.", "Type."], team=make_team())
    client.force_login(boss)
    data = form_data(article, status="published", question="How do I sign in?")
    done = client.post(f"/admin/faq/article/{article.pk}/change/", data)
    assert done.status_code == 302, done.content.decode()[:3000]
    article.refresh_from_db()
    assert article.question == "How do I sign in?"
    note = Version.objects.get_for_object(article).first().revision.comment
    assert note == "(Saved by boss without review.)"


def test_the_publish_action_is_for_superusers_only(client, editor, publisher):
    article = make_article(status=Article.Status.DRAFT)
    for user in (editor, publisher):
        client.force_login(user)
        client.post(
            "/admin/faq/article/",
            {"action": "publish", "_selected_action": [article.pk]},
        )
        assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_a_pending_rewrite_is_no_row_of_its_own_in_the_statistics(client, editor):
    article = make_article("How do I reset my PIN?", steps=1)
    services.article_rewrite_start(article=article, user=editor)
    boss = make_staff("boss")
    boss.is_superuser = True
    boss.save()
    client.force_login(boss)
    page = client.get(reverse("admin:faq_statistics")).content.decode()
    assert page.count("How do I reset my PIN?") == 1


@pytest.mark.parametrize(
    ("field", "when", "error"),
    [
        ("publish_at", "2020-01-01 09:00:00", "Choose a date and time still to come."),
        ("publish_at", "2099-01-01 09:00:00", "Choose a date within two years."),
        ("unpublish_at", "2020-01-01 09:00:00", "Choose a date and time still to come."),
    ],
)
def test_the_form_refuses_dates_in_the_past_or_far_ahead(client, editor, field, when, error):
    article = make_article("When is the exam?", steps=1, status=Article.Status.DRAFT)
    client.force_login(editor)
    day, time = when.split()
    data = form_data(article, **{f"{field}_0": day, f"{field}_1": time})
    answer = client.post(f"/admin/faq/article/{article.pk}/change/", data)
    assert answer.status_code == 200
    assert error in answer.content.decode()
    article.refresh_from_db()
    assert (article.publish_at, article.unpublish_at) == (None, None)


def test_the_form_shows_the_site_time_zone(client, editor):
    client.force_login(editor)
    form = client.get("/admin/faq/article/add/").content.decode()
    assert "Publishing on a date" in form
    assert settings.TIME_ZONE in form

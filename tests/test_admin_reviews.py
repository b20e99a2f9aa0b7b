"""Review dates in the admin, and the Editors group: edit and publish, never delete."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from faq.models import Article, Team, Topic
from faq.services.reviews import months_after
from tests.factories import make_article, make_editor, make_staff, make_team, make_topic
from tests.test_admin import step_form

pytestmark = pytest.mark.django_db

LIST = "/admin/faq/article/"


def review_url(pk) -> str:
    return f"/admin/faq/article/{pk}/review/"


def due_in(days: int, question: str, **kwargs) -> Article:
    article = make_article(question, **kwargs)
    Article.objects.filter(pk=article.pk).update(review_by=timezone.localdate() + timedelta(days))
    article.refresh_from_db()
    return article


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_editor("ann"))
    return client


@pytest.fixture
def articles():
    return {
        "overdue": due_in(-3, "Overdue question?"),
        "soon": due_in(10, "Due soon question?"),
        "ok": due_in(200, "Fine question?"),
    }


def listed(response) -> set[str]:
    return set(re.findall(r"(Overdue|Due soon|Fine) question\?", response.content.decode()))


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("due", {"Overdue", "Due soon"}),
        ("overdue", {"Overdue"}),
        ("soon", {"Due soon"}),
        ("ok", {"Fine"}),
        ("junk", set()),
    ],
)
def test_the_list_filters_by_review(editor_client, articles, choice, expected):
    response = editor_client.get(LIST, {"review": choice})
    assert response.status_code == 200
    assert listed(response) == expected


def test_the_list_shows_each_review_date_and_how_late_it_is(editor_client, articles):
    html = editor_client.get(LIST).content.decode()
    assert "By review" in html  # the filter's title
    assert "overdue 3 days" in html
    assert "due soon" in html
    assert "column-review_column" in html
    # Sorted by the date when asked.
    soonest = editor_client.get(LIST, {"o": "3"}).content.decode()
    assert soonest.index("Overdue question?") < soonest.index("Fine question?")
    latest = editor_client.get(LIST, {"o": "-3"}).content.decode()
    assert latest.index("Overdue question?") > latest.index("Fine question?")


def test_the_list_filters_by_owner(editor_client):
    kim = make_staff("kim", "Kim", "McBride")
    make_article("Kim's question?", owner=kim)
    make_article("Nobody's question?")
    html = editor_client.get(LIST, {"owner__id__exact": kim.pk}).content.decode()
    assert "Kim&#x27;s question?" in html
    assert "Nobody" not in html
    assert "Kim McBride</a>" in html


def test_the_admin_index_counts_published_articles_due(editor_client, articles):
    due_in(-400, "A draft?", status=Article.Status.DRAFT)
    html = editor_client.get("/admin/").content.decode()
    assert '<strong class="helpdesk-count">1 overdue</strong>, 1 due within 30 days' in html
    assert f'href="{LIST}?review=due&amp;status__exact=published">Reviews</a>' in html


def test_the_admin_index_says_when_nothing_is_due(editor_client):
    due_in(100, "Fine question?")
    assert "Nothing due" in editor_client.get("/admin/").content.decode()


def test_mark_reviewed_on_the_change_page(editor_client):
    article = due_in(-30, "Overdue question?", updated_at=timezone.now() - timedelta(days=500))
    updated = article.updated_at
    change = editor_client.get(f"/admin/faq/article/{article.pk}/change/").content.decode()
    assert f'action="{review_url(article.pk)}"' in change
    assert "Mark reviewed</button>" in change
    assert "Never marked reviewed" in change
    response = editor_client.post(review_url(article.pk), follow=True)
    assert response.redirect_chain == [(f"/admin/faq/article/{article.pk}/change/", 303)]
    next_due = months_after(timezone.localdate(), 12)
    assert f"The next review is due by {next_due.day} {next_due:%b} {next_due.year}." in (
        response.content.decode()
    )
    assert "by Ann Editor" in response.content.decode()
    article.refresh_from_db()
    assert article.review_by == next_due
    assert article.updated_at == updated
    assert article.last_reviewed_by.username == "ann"


def test_mark_reviewed_as_an_action_for_the_selected_articles(editor_client, articles):
    chosen = [articles["overdue"].pk, articles["soon"].pk]
    response = editor_client.post(
        LIST, {"action": "mark_reviewed", "_selected_action": chosen}, follow=True
    )
    assert "2 articles marked reviewed." in response.content.decode()
    due = set(Article.objects.review_due(timezone.localdate()).values_list("pk", flat=True))
    assert due == set()
    assert Article.objects.filter(last_reviewed_at__isnull=False).count() == 2


def test_an_editor_chooses_a_review_date_and_empties_it_again(editor_client):
    # A draft: a published article changes only through review (tests/test_admin_workflow.py).
    article = make_article(
        updated_at=timezone.make_aware(datetime(2025, 3, 14, 10)), status=Article.Status.DRAFT
    )
    data = {**step_form(article, []), "review_by": "2025-05-01"}
    assert editor_client.post(f"/admin/faq/article/{article.pk}/change/", data).status_code == 302
    article.refresh_from_db()
    assert (article.review_by, article.review_by_chosen) == (date(2025, 5, 1), True)
    data["review_by"] = ""
    assert editor_client.post(f"/admin/faq/article/{article.pk}/change/", data).status_code == 302
    article.refresh_from_db()
    assert (article.review_by, article.review_by_chosen) == (date(2026, 3, 14), False)


def test_filing_an_article_under_a_topic_with_a_shorter_period_in_the_admin(editor_client):
    licences = Topic.objects.create(name="Licences", slug="licences", review_months=6)
    article = make_article(
        updated_at=timezone.make_aware(datetime(2025, 3, 14, 10)), status=Article.Status.DRAFT
    )
    data = {**step_form(article, []), "review_by": article.review_by.isoformat()}
    data["topics"] = [licences.pk]
    assert editor_client.post(f"/admin/faq/article/{article.pk}/change/", data).status_code == 302
    article.refresh_from_db()
    assert article.review_by == date(2025, 9, 14)


def test_changing_a_topics_period_in_the_admin_moves_its_articles(editor_client):
    topic = make_topic("NVivo")
    article = make_article(topics=[topic], updated_at=timezone.make_aware(datetime(2025, 3, 14)))
    response = editor_client.post(
        f"/admin/faq/topic/{topic.pk}/change/",
        {"name": "NVivo", "slug": "nvivo", "description": "", "review_months": "3"},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.review_by == date(2025, 6, 14)
    bad = editor_client.post(
        f"/admin/faq/topic/{topic.pk}/change/",
        {"name": "NVivo", "slug": "nvivo", "description": "", "review_months": "0"},
    )
    assert bad.status_code == 200
    assert Topic.objects.get(pk=topic.pk).review_months == 3


# Access and bad input on the Mark reviewed URL.


def test_anonymous_readers_are_sent_to_sign_in(articles):
    response = Client().post(review_url(articles["overdue"].pk))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_signed_in_readers_who_are_not_staff_get_403(articles, django_user_model):
    reader = Client()
    reader.force_login(django_user_model.objects.create_user("reader", password="pw-x-12345"))
    assert reader.post(review_url(articles["overdue"].pk)).status_code == 403
    assert (
        reader.post(LIST, {"action": "mark_reviewed", "_selected_action": [1]}).status_code == 403
    )


def test_staff_who_may_not_change_articles_get_403(articles):
    viewer = Client()
    viewer.force_login(make_staff())
    assert viewer.post(review_url(articles["overdue"].pk)).status_code == 403
    assert not Article.objects.filter(last_reviewed_at__isnull=False).exists()


@pytest.mark.parametrize("junk", ["abc", "0", "-1", "99999999999", "2147483648", "999999", "1.5"])
def test_junk_ids_are_a_404(editor_client, junk):
    assert editor_client.post(review_url(junk)).status_code == 404


def test_mark_reviewed_only_answers_post(editor_client, articles):
    response = editor_client.get(review_url(articles["overdue"].pk))
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_mark_reviewed_needs_the_csrf_token(articles):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_editor())
    article = articles["overdue"]
    assert strict.post(review_url(article.pk)).status_code == 403
    action = {"action": "mark_reviewed", "_selected_action": [article.pk]}
    assert strict.post(LIST, action).status_code == 403
    article.refresh_from_db()
    assert article.last_reviewed_at is None


# The Editors group.


def test_the_editors_group_has_what_editing_needs_and_no_deletes_but_steps():
    make_editor()  # the group, made by migration 0009
    names = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "view_article", "change_topic", "add_team"} <= names
    assert {"view_statistics", "view_inboxitem", "change_inboxitem"} <= names
    # Removing a step or a translation is an edit: the article stays, in its source
    # language at least (migration 0015 gives editors the translation tables).
    assert {n for n in names if n.startswith("delete_")} == {
        "delete_step",
        "delete_articletranslation",
        "delete_steptranslation",
        "delete_topictranslation",
    }


def test_an_editor_edits_but_neither_publishes_nor_deletes(editor_client):
    article = make_article("A draft?", status=Article.Status.DRAFT)
    data = {**step_form(article, []), "status": "published", "answer_intro": "Edited."}
    data["review_by"] = article.review_by.isoformat()
    assert editor_client.post(f"/admin/faq/article/{article.pk}/change/", data).status_code == 302
    # The edit is kept; publishing goes through review (tests/test_admin_workflow.py).
    article = Article.objects.get(pk=article.pk)
    assert (article.answer_intro, article.status) == ("Edited.", Article.Status.DRAFT)
    change = editor_client.get(f"/admin/faq/article/{article.pk}/change/").content.decode()
    assert "deletelink" not in change
    assert editor_client.get(f"/admin/faq/article/{article.pk}/delete/").status_code == 403
    assert editor_client.post(f"/admin/faq/article/{article.pk}/delete/").status_code == 403
    listing = editor_client.get(LIST).content.decode()
    assert "delete_selected" not in listing
    assert "mark_reviewed" in listing
    response = editor_client.post(
        LIST, {"action": "delete_selected", "_selected_action": [article.pk]}
    )
    assert Article.objects.filter(pk=article.pk).exists()
    assert response.status_code in (200, 302)
    topic, team = make_topic(), make_team("Another team")
    assert editor_client.post(f"/admin/faq/topic/{topic.pk}/delete/").status_code == 403
    assert editor_client.post(f"/admin/faq/team/{team.pk}/delete/").status_code == 403
    assert Topic.objects.filter(pk=topic.pk).exists()
    assert Team.objects.filter(pk=team.pk).exists()


def test_only_a_superuser_deletes(admin_client):
    article = make_article("Delete me?")
    listing = admin_client.get(LIST).content.decode()
    assert "delete_selected" in listing
    assert admin_client.get(f"/admin/faq/article/{article.pk}/delete/").status_code == 200
    response = admin_client.post(f"/admin/faq/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()

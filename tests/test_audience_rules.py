"""An article is at least as closed as each of its topics: the admin's forms and the
services refuse anything else with a clear error, and change nothing."""

import pytest
from django.core.exceptions import ValidationError

from faq import services
from faq.models import Article, Audience, Topic
from tests.factories import make_article, make_team, make_topic
from tests.test_admin import step_form

pytestmark = pytest.mark.django_db


def article_form(article: Article, **changes) -> dict:
    """POST data for the article's change form, its steps as they are."""
    steps = [{"id": s.pk, "position": s.position, "body": s.body} for s in article.steps.all()]
    data = step_form(article, steps)
    data["audience"] = article.audience
    data.update(changes)
    return data


def errors(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_admin_refuses_a_public_article_in_a_staff_topic(staff_client):
    desk = make_topic("Desk procedures", audience=Audience.STAFF)
    article = make_article("How do I reset a licence?", status=Article.Status.DRAFT)
    response = staff_client.post(
        f"/admin/faq/article/{article.pk}/change/",
        article_form(article, topics=[desk.pk], question="Changed?"),
    )
    html = errors(response)
    assert "“Everyone” lets in more readers than its topics “Desk procedures” do" in html
    article.refresh_from_db()
    assert (article.question, list(article.topics.all())) == ("How do I reset a licence?", [])


def test_the_admin_refuses_opening_an_article_in_a_signed_in_topic(staff_client):
    members = make_topic("Members area", audience=Audience.SIGNED_IN)
    article = make_article(topics=[members], audience=Audience.STAFF, status=Article.Status.DRAFT)
    response = staff_client.post(
        f"/admin/faq/article/{article.pk}/change/",
        article_form(article, audience=Audience.EVERYONE),
    )
    assert "“Members area”" in errors(response)
    assert Article.objects.get(pk=article.pk).audience == Audience.STAFF


def test_the_admin_saves_an_article_as_closed_as_its_topics_or_more(staff_client):
    public, members = make_topic("Licences"), make_topic("Members", audience="signed_in")
    article = make_article(status=Article.Status.DRAFT, topics=[public])
    # An internal answer may sit in a public topic, and in a topic for signed-in readers.
    data = article_form(article, audience=Audience.STAFF, topics=[public.pk, members.pk])
    response = staff_client.post(f"/admin/faq/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.audience == Audience.STAFF
    assert set(article.topics.all()) == {public, members}


def test_the_admin_opens_an_article_and_takes_off_its_closed_topic_in_one_save(staff_client):
    desk = make_topic("Desk procedures", audience=Audience.STAFF)
    article = make_article(topics=[desk], audience=Audience.STAFF, status=Article.Status.DRAFT)
    data = article_form(article, audience=Audience.EVERYONE, topics=[])
    response = staff_client.post(f"/admin/faq/article/{article.pk}/change/", data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.audience, article.topics.count()) == (Audience.EVERYONE, 0)


def test_the_admin_shows_the_audience_in_the_about_box_and_filters_by_it(staff_client):
    article = make_article(audience=Audience.STAFF, status=Article.Status.DRAFT)
    html = staff_client.get(f"/admin/faq/article/{article.pk}/change/").content.decode()
    assert 'name="audience"' in html
    assert '<option value="staff" selected>Staff only (internal)</option>' in html
    listed = staff_client.get("/admin/faq/article/", {"audience__exact": "staff"})
    assert article.question in listed.content.decode()
    topics = staff_client.get("/admin/faq/topic/", {"audience__exact": "everyone"})
    assert topics.status_code == 200


def test_the_admin_refuses_closing_a_topic_past_one_of_its_articles(staff_client):
    topic = make_topic("Licences")
    make_article("How do I renew my licence?", topics=[topic])
    response = staff_client.post(
        f"/admin/faq/topic/{topic.pk}/change/",
        {"name": "Licences", "slug": "licences", "description": "", "audience": "staff"},
    )
    html = errors(response)
    assert "Its articles “How do I renew my licence?” are for more readers than" in html
    assert Topic.objects.get(pk=topic.pk).audience == Audience.EVERYONE


def test_the_admin_closes_a_topic_whose_articles_are_closed_already(staff_client):
    topic = make_topic("Licences")
    make_article(topics=[topic], audience=Audience.STAFF)
    response = staff_client.post(
        f"/admin/faq/topic/{topic.pk}/change/",
        {"name": "Licences", "slug": "licences", "description": "", "audience": "signed_in"},
    )
    assert response.status_code == 302
    assert Topic.objects.get(pk=topic.pk).audience == Audience.SIGNED_IN
    listed = staff_client.get("/admin/faq/topic/").content.decode()
    assert "Signed-in users" in listed


def test_a_new_topic_may_be_closed_at_once(staff_client):
    response = staff_client.post(
        "/admin/faq/topic/add/",
        {"name": "Desk", "slug": "desk", "description": "", "audience": "staff"},
    )
    assert response.status_code == 302
    assert Topic.objects.get(slug="desk").audience == Audience.STAFF


def test_creating_an_article_more_open_than_its_topic_makes_nothing():
    desk = make_topic("Desk procedures", audience=Audience.STAFF)
    with pytest.raises(ValidationError) as refused:
        services.article_create(question="Q?", team=make_team(), topics=[desk], steps=["A"])
    assert "Desk procedures" in str(refused.value.message_dict["audience"])
    assert not Article.objects.exists()


def test_saving_an_article_more_open_than_its_stored_topics_changes_nothing():
    members = make_topic("Members", audience=Audience.SIGNED_IN)
    article = make_article(topics=[members], audience=Audience.SIGNED_IN)
    article.audience = Audience.EVERYONE
    article.question = "Changed?"
    with pytest.raises(ValidationError):
        services.article_save(article=article)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.audience, stored.question) != (Audience.EVERYONE, "Changed?")
    assert stored.audience == Audience.SIGNED_IN
    # With the topics it is about to have instead, the same save goes through.
    services.article_save(article=article, topic_ids=[])
    article.topics.set([])
    assert Article.objects.get(pk=article.pk).audience == Audience.EVERYONE


def test_an_api_draft_in_a_closed_topic_is_refused(client):
    from tests.test_api_staff import call, draft_json, token

    make_topic("Desk", audience=Audience.STAFF)
    text = token("write")
    response = call(
        "post",
        "/api/v1/drafts/",
        text,
        data=draft_json(topics=["desk"]),
        content_type="application/json",
    )
    assert 400 <= response.status_code < 500
    assert "Desk" in response.content.decode()
    assert not Article.objects.exists()

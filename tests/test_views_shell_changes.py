"""The article page from its cached shell after a change: every edit, through the services
or in the admin, shows on the next request, to new and returning readers alike."""

import re

import pytest
from django.test import Client

from faq import services
from faq.models import Article, Team, Topic
from tests.factories import make_article
from tests.test_views_shell import endnote_articles, page, returning_reader, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return endnote_articles()


def _edit_question(article):
    article.question = "How do I sync EndNote 2025?"
    services.article_save(article=article)
    return re.escape("How do I sync EndNote 2025?")


def _edit_step(article):
    steps = list(article.steps.order_by("position"))
    items = [services.StepInput(body=s.body, position=s.position, step=s) for s in steps]
    items[6] = services.StepInput(body="Open **Sync Preferences**.", position=7, step=steps[6])
    services.step_list_save(article=article, steps=items)
    return re.escape("Open <strong>Sync Preferences</strong>.")


def _reorder_steps(article):
    steps = list(article.steps.order_by("position"))
    items = [services.StepInput(body=s.body, position=14 - s.position, step=s) for s in steps]
    services.step_list_save(article=article, steps=items)
    return (
        r'id="step-1">\s*<span class="step__number" aria-hidden="true">1</span>\s*'
        r'<div class="step__main">\s*<div class="step__body prose"><p>Do thing number 13\.'
    )


def _remove_step(article):
    steps = list(article.steps.order_by("position"))
    items = [services.StepInput(body=s.body, position=s.position, step=s) for s in steps[1:]]
    services.step_list_save(article=article, steps=items, deleted=[steps[0]])
    return re.escape("12 steps")


def _related_question(article):
    other = Article.objects.get(question="How do I move my EndNote library?")
    other.question = "How do I move my library to a new computer?"
    services.article_save(article=other)
    return re.escape("How do I move my library to a new computer?")


def _new_related(article):
    make_article("How do I share an EndNote group?", topics=list(article.topics.all()))
    return re.escape("How do I share an EndNote group?")


@pytest.mark.parametrize(
    "change",
    [_edit_question, _edit_step, _reorder_steps, _remove_step, _related_question, _new_related],
)
def test_a_change_through_the_services_shows_on_the_next_request(article, change):
    reader = returning_reader(article)
    for client in (Client(), reader):
        page(client, article)
    expected = change(article)
    assert re.search(expected, page(Client(), article))
    assert re.search(expected, page(reader, article))


def test_staff_edits_in_the_admin_show_on_the_next_request(article, admin_client):
    page(Client(), article)
    topic, team = Topic.objects.get(name="EndNote"), article.team
    admin_client.post(
        f"/admin/faq/topic/{topic.pk}/change/",
        {"name": "EndNote 21", "slug": topic.slug, "description": ""},
    )
    admin_client.post(
        f"/admin/faq/team/{team.pk}/change/", {"name": "Library IT", "email": team.email}
    )
    html = page(Client(), article)
    assert ">EndNote 21</a>" in html
    assert "<dd>Library IT</dd>" in html


def test_unpublishing_or_deleting_in_the_admin_takes_the_page_down(article, admin_client):
    other = Article.objects.get(question="How do I move my EndNote library?")
    for client in (Client(), returning_reader(article)):
        page(client, article)
        page(client, other)
    assert other.question in page(Client(), article)  # as a related article
    admin_client.post(
        "/admin/faq/article/",
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )
    assert Client().get(url(other)).status_code == 404
    assert other.question not in page(Client(), article)
    article.status = Article.Status.DRAFT
    services.article_save(article=article)
    assert Client().get(url(article)).status_code == 404
    assert returning_reader(article).get(url(article)).status_code == 404


def test_deleting_a_team_or_topic_in_the_admin_shows_too(article, admin_client):
    page(Client(), article)
    topic = Topic.objects.get(name="EndNote")
    admin_client.post(f"/admin/faq/topic/{topic.pk}/delete/", {"post": "yes"})
    assert not Topic.objects.exists()
    assert ">EndNote</a>" not in page(Client(), article)
    spare = Team.objects.create(name="Spare team")
    admin_client.post(f"/admin/faq/team/{spare.pk}/delete/", {"post": "yes"})
    assert not Team.objects.filter(pk=spare.pk).exists()

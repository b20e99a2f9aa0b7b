import pytest

from faq.models import Article, Step
from tests.factories import make_article, make_team, make_topic

pytestmark = pytest.mark.django_db


def step_form(article, steps, extra=()):
    """POST data for the article change form with its step inline."""
    data = {
        "question": article.question,
        "slug": article.slug,
        "language": article.language,
        "status": article.status,
        "answer_intro": article.answer_intro,
        "answer_outro": article.answer_outro,
        "team": article.team_id,
        "topics": [t.pk for t in article.topics.all()],
        "steps-TOTAL_FORMS": len(steps) + len(extra),
        "steps-INITIAL_FORMS": len(steps),
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    rows = [*steps, *extra]
    for i, row in enumerate(rows):
        data[f"steps-{i}-article"] = article.pk
        data[f"steps-{i}-position"] = row["position"]
        data[f"steps-{i}-body"] = row["body"]
        if row.get("id"):
            data[f"steps-{i}-id"] = row["id"]
        if row.get("delete"):
            data[f"steps-{i}-DELETE"] = "on"
    return data


def test_admin_lists_filters_and_searches_articles(staff_client):
    make_article("How do I sync EndNote?", topics=[make_topic("EndNote")])
    response = staff_client.get(
        "/admin/faq/article/", {"q": "EndNote", "status__exact": "published"}
    )
    assert response.status_code == 200
    assert b"How do I sync EndNote?" in response.content


def test_admin_add_page_prepopulates_the_slug(staff_client):
    response = staff_client.get("/admin/faq/article/add/")
    assert response.status_code == 200
    assert b"prepopulated_fields" in response.content or b"data-prepopulated" in response.content


def test_admin_swaps_steps_keeping_their_ids(staff_client):
    article = make_article(steps=["A", "B", "C"], topics=[make_topic()])
    a, b, c = article.steps.order_by("position")
    data = step_form(
        article,
        [
            {"id": a.pk, "position": 2, "body": "A"},
            {"id": b.pk, "position": 1, "body": "B"},
            {"id": c.pk, "position": 3, "body": "C", "delete": True},
        ],
        extra=[{"position": 3, "body": "New `code`"}],
    )
    response = staff_client.post(f"/admin/faq/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    steps = list(article.steps.order_by("position"))
    assert [(s.pk, s.body) for s in steps[:2]] == [(b.pk, "B"), (a.pk, "A")]
    assert steps[2].body == "New `code`"
    assert "<code>code</code>" in steps[2].body_html
    assert not Step.objects.filter(pk=c.pk).exists()


def test_admin_refuses_duplicate_positions_in_one_form(staff_client):
    article = make_article(steps=["A", "B"])
    a, b = article.steps.order_by("position")
    data = step_form(
        article,
        [{"id": a.pk, "position": 1, "body": "A"}, {"id": b.pk, "position": 1, "body": "B"}],
    )
    response = staff_client.post(f"/admin/faq/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert b"duplicate" in response.content.lower()


def test_admin_refuses_position_zero(staff_client):
    article = make_article(steps=["A"])
    [a] = article.steps.all()
    data = step_form(article, [{"id": a.pk, "position": 0, "body": "A"}])
    response = staff_client.post(f"/admin/faq/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert article.steps.get().position == 1


def test_admin_publishing_a_draft_stamps_dates_and_renders(staff_client):
    team = make_team()
    response = staff_client.post(
        "/admin/faq/article/add/",
        {
            "question": "How do I renew my licence?",
            "slug": "renew-licence",
            "language": "en",
            "status": "published",
            "answer_intro": '!!! tip "Tip"\n    Renew early.',
            "answer_outro": "",
            "team": team.pk,
            "steps-TOTAL_FORMS": 0,
            "steps-INITIAL_FORMS": 0,
            "steps-MIN_NUM_FORMS": 0,
            "steps-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="renew-licence")
    assert article.published_at is not None
    assert "callout--tip" in article.answer_intro_html


def test_admin_preview_link_opens_the_draft(staff_client):
    draft = make_article(status=Article.Status.DRAFT)
    change = staff_client.get(f"/admin/faq/article/{draft.pk}/change/")
    assert b"Preview draft" in change.content
    assert staff_client.get(draft.get_absolute_url()).status_code == 200


def test_admin_topic_and_team_pages(staff_client):
    make_article(topics=[make_topic("Wi-Fi")])
    assert b"Wi-Fi" in staff_client.get("/admin/faq/topic/").content
    assert b"Support Alfasoft" in staff_client.get("/admin/faq/team/").content

"""Who may read an answer, on what anonymous machines read: the read API, the Atom feeds
and the sitemap give answers for everyone only, whoever asks; a staff token's statistics
still count every answer."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from faq import services
from faq.api.public import forget_bodies
from faq.models import ApiToken, Audience
from tests.factories import make_article, make_staff, make_topic

pytestmark = pytest.mark.django_db

PUBLIC_Q = "How do I renew my Zephyr licence?"
MEMBERS_Q = "How do I borrow a Zephyr loan laptop?"
INTERNAL_Q = "How do we revoke a Zephyr licence key?"


@pytest.fixture
def desk():
    licences = make_topic("Licences")
    members_topic = make_topic("Members area", audience=Audience.SIGNED_IN)
    desk_topic = make_topic("Desk procedures", audience=Audience.STAFF)
    return {
        "public": make_article(PUBLIC_Q, steps=["Open the Zephyr portal."], topics=[licences]),
        "members": make_article(
            MEMBERS_Q,
            steps=["Book a Zephyr laptop."],
            topics=[licences, members_topic],
            audience=Audience.SIGNED_IN,
        ),
        "internal": make_article(
            INTERNAL_Q,
            steps=["Click Revoke in the Zephyr desk."],
            topics=[licences, desk_topic],
            audience=Audience.STAFF,
        ),
    }


def clients() -> dict[str, Client]:
    """An anonymous client, a signed-in reader's and a member of staff's: the same answers."""
    signed_in, member = Client(), Client()
    signed_in.force_login(get_user_model().objects.create_user("reader"))
    member.force_login(make_staff())
    return {"anonymous": Client(), "signed-in reader": signed_in, "staff": member}


def questions_in(content: bytes) -> set[str]:
    text = content.decode().replace("<mark>", "").replace("</mark>", "")
    return {q for q in (PUBLIC_Q, MEMBERS_Q, INTERNAL_Q) if q in text}


def body(response):
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


@pytest.mark.parametrize("path", ["/feed/", "/topics/licences/feed/", "/sv/feed/"])
def test_feeds_hold_answers_for_everyone_whoever_asks(desk, path):
    for who, client in clients().items():
        response = client.get(path)
        assert response.status_code == 200, who
        assert questions_in(response.content) == {PUBLIC_Q}, who
        assert "Zephyr desk" not in response.content.decode()


@pytest.mark.parametrize("slug", ["members-area", "desk-procedures"])
def test_a_closed_topics_feed_is_not_there(desk, slug):
    for client in clients().values():
        assert client.get(f"/topics/{slug}/feed/").status_code == 404


def test_the_sitemap_lists_answers_for_everyone_only(desk):
    for client in clients().values():
        xml = client.get("/sitemap.xml").content.decode()
        assert f"/faq/{desk['public'].pk}/" in xml
        assert f"/faq/{desk['members'].pk}/" not in xml
        assert f"/faq/{desk['internal'].pk}/" not in xml


def test_the_api_lists_and_shows_answers_for_everyone_only(desk):
    for client in clients().values():
        listed = body(client.get("/api/v1/articles/"))
        assert [item["question"] for item in listed["items"]] == [PUBLIC_Q]
        on_topic = body(client.get("/api/v1/articles/?topic=licences"))
        assert [item["id"] for item in on_topic["items"]] == [desk["public"].pk]
        public = body(client.get(f"/api/v1/articles/{desk['public'].pk}/"))
        # Its topics too: a closed one would not be named (none can be: test_audience_rules).
        assert [t["slug"] for t in public["topics"]] == ["licences"]
        for closed in ("members", "internal"):
            response = client.get(f"/api/v1/articles/{desk[closed].pk}/")
            assert response.status_code == 404
            assert body(response) == body(client.get("/api/v1/articles/999999/"))


def test_the_api_topics_count_answers_for_everyone_only(desk):
    for client in clients().values():
        topics = body(client.get("/api/v1/topics/"))
        assert [(t["slug"], t["articles"]) for t in topics] == [("licences", 1)]


@pytest.mark.parametrize("slug", ["members-area", "desk-procedures"])
def test_a_closed_topic_is_as_unknown_to_the_api_as_one_that_does_not_exist(desk, slug):
    closed = Client().get(f"/api/v1/articles/?topic={slug}")
    missing = Client().get("/api/v1/articles/?topic=no-such-topic")
    assert closed.status_code == missing.status_code == 400
    assert body(closed)["detail"].replace(slug, "…") == body(missing)["detail"].replace(
        "no-such-topic", "…"
    )


@pytest.mark.parametrize("query", ["zephyr", "revoke", "loan laptop", "zephyr desk"])
def test_api_search_and_suggestions_find_answers_for_everyone_only(desk, query):
    for client in clients().values():
        found = body(client.get("/api/v1/search/", {"q": query}))
        assert {item["question"] for item in found["items"]} <= {PUBLIC_Q}
        assert found["total"] == len(found["items"])
        narrowed = body(client.get("/api/v1/search/", {"q": query, "topic": "desk-procedures"}))
        assert {item["question"] for item in narrowed["items"]} <= {PUBLIC_Q}
        suggested = body(client.get("/api/v1/suggest/", {"q": query}))
        assert {item["question"] for item in suggested} <= {PUBLIC_Q}


def test_the_apis_kept_answers_are_built_for_everyone(desk):
    """A body kept in the process is keyed by the audience it was built for."""
    from faq.api import public

    forget_bodies()
    Client().get("/api/v1/topics/")
    Client().get(f"/api/v1/articles/{desk['public'].pk}/")
    assert public._bodies
    assert all(key[0] == Audience.EVERYONE for key in public._bodies)


def test_a_staff_token_counts_every_answer_in_the_statistics(desk):
    for article in desk.values():
        services.vote_cast(
            article=article,
            visitor=services.visitor_get_or_create(user_id=make_staff().pk).ref,
            helpful=True,
            language="en",
        )
    text = services.api_token_create(name="lead", scope=ApiToken.Scope.READ, user=None)[1]
    response = Client().get("/api/v1/statistics/", HTTP_AUTHORIZATION=f"Bearer {text}")
    found = {row["question"]: row["yes"] for row in body(response)["articles"]}
    assert found[INTERNAL_Q] == found[MEMBERS_Q] == found[PUBLIC_Q] == 1
    funnel = Client().get(
        f"/api/v1/articles/{desk['internal'].pk}/funnel/",
        HTTP_AUTHORIZATION=f"Bearer {text}",
    )
    assert funnel.status_code == 200

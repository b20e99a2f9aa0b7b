"""The read API: published articles, topics and search as an anonymous reader sees them,
ETags and 304s, JSON errors for every kind of bad request, rate limits and CORS."""

import json

import pytest
from django.test import Client

from faq import services
from faq.models import Article
from tests.factories import make_article, make_topic, make_translation

pytestmark = pytest.mark.django_db


def get(path: str, **headers):
    return Client().get(path, **headers)


def body(response) -> dict | list:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


@pytest.fixture
def published() -> Article:
    topic = make_topic("Reference managers")
    return make_article("How do I sync my EndNote library?", steps=3, topics=[topic])


@pytest.fixture
def draft() -> Article:
    return make_article(
        "Zanzibarian draft about quokkas", steps=["Quokkastep one"], status=Article.Status.DRAFT
    )


def test_an_article_has_its_steps_topics_team_counts_and_languages(published):
    make_translation(published, "sv", question="Hur synkar jag mitt EndNote-bibliotek?")
    found = body(get(f"/api/v1/articles/{published.pk}/"))
    assert found["question"] == "How do I sync my EndNote library?"
    assert [s["position"] for s in found["steps"]] == [1, 2, 3]
    assert [t["slug"] for t in found["topics"]] == ["reference-managers"]
    assert found["team"]["name"] == published.team.name
    assert found["counts"] == {"views": 0, "yes": 0, "no": 0}
    assert found["languages"] == ["en", "sv"]
    assert found["url"].endswith(f"/faq/{published.pk}/{published.slug}/")
    swedish = body(get(f"/api/v1/articles/{published.pk}/?language=sv"))
    assert swedish["question"] == "Hur synkar jag mitt EndNote-bibliotek?"
    assert swedish["language"] == "sv"
    assert "/sv/faq/" in swedish["url"]


def test_no_draft_is_served_anywhere(published, draft):
    assert get(f"/api/v1/articles/{draft.pk}/").status_code == 404
    for path in (
        "/api/v1/articles/",
        "/api/v1/articles/?language=en",
        "/api/v1/topics/",
        "/api/v1/search/?q=quokkas",
        "/api/v1/search/?q=Zanzibarian",
        "/api/v1/suggest/?q=Zanzib",
    ):
        response = get(path)
        assert response.status_code == 200, path
        found = body(response)
        # A search echoes its query: what it found is what must not hold the draft.
        items = json.dumps(found["items"] if isinstance(found, dict) else found)
        assert "uokka" not in items, path
        assert "Zanzibar" not in items, path
        assert str(draft.pk) not in [str(i.get("id")) for i in json.loads(items)], path
    ids = [a["id"] for a in body(get("/api/v1/articles/"))["items"]]
    assert ids == [published.pk]


def test_unpublishing_takes_the_article_out_at_once(published):
    assert get(f"/api/v1/articles/{published.pk}/").status_code == 200
    services.article_status_set(article=published, status=Article.Status.DRAFT, user=None)
    assert get(f"/api/v1/articles/{published.pk}/").status_code == 404
    assert body(get("/api/v1/articles/"))["items"] == []


def test_the_list_pages_with_a_cursor_and_filters():
    topic = make_topic("Printing")
    made = [make_article(f"Question {i}?", topics=[topic] if i % 2 else []) for i in range(5)]
    first = body(get("/api/v1/articles/?limit=2"))
    assert len(first["items"]) == 2
    second = body(get(first["next"].removeprefix("http://testserver")))
    third = body(get(second["next"].removeprefix("http://testserver")))
    assert third["next"] is None
    seen = [a["id"] for page in (first, second, third) for a in page["items"]]
    assert sorted(seen) == sorted(a.pk for a in made)
    on_topic = body(get("/api/v1/articles/?topic=printing"))["items"]
    assert sorted(a["id"] for a in on_topic) == [made[1].pk, made[3].pk]


def test_updated_since_leaves_out_what_did_not_change(published):
    stamp = body(get(f"/api/v1/articles/{published.pk}/"))["changed_at"]
    later = make_article("A newer question?")
    found = body(get("/api/v1/articles/", data={"updated_since": stamp}))
    assert [a["id"] for a in found["items"]] == [later.pk]


def test_language_lists_only_what_exists_in_it(published):
    other = make_article("Only in English?")
    make_translation(published, "sv", question="Bara svenska?")
    found = body(get("/api/v1/articles/?language=sv"))["items"]
    assert [a["id"] for a in found] == [published.pk]
    assert other.pk in [a["id"] for a in body(get("/api/v1/articles/"))["items"]]


def test_an_etag_brings_a_304_until_something_changes(published):
    path = f"/api/v1/articles/{published.pk}/"
    first = get(path)
    assert first["Cache-Control"].startswith("public") or "public" in first["Cache-Control"]
    again = get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    services.vote_cast(article=published, visitor=_reader(), helpful=True, language="en")
    counted = get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert counted.status_code == 200
    assert body(counted)["counts"]["yes"] == 1


@pytest.mark.parametrize(
    "path",
    ["/api/v1/articles/", "/api/v1/topics/", "/api/v1/search/?q=sync", "/api/v1/suggest/?q=syn"],
)
def test_every_public_answer_has_an_etag_that_brings_a_304(published, path):
    first = get(path)
    assert first.status_code == 200
    assert first["ETag"]
    assert "max-age" in first["Cache-Control"]
    assert get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_an_edit_changes_the_lists_etag(published):
    first = get("/api/v1/articles/")
    published.question = "How do I sync it now?"
    services.article_save(article=published)
    assert get("/api/v1/articles/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/articles/abc/", 422),
        ("/api/v1/articles/0/", 422),
        ("/api/v1/articles/99999999999999999999999999/", 422),
        ("/api/v1/articles/123456/", 404),
        ("/api/v1/nothing/here/", 404),
        ("/api/v1/articles/?colour=red", 400),
        ("/api/v1/articles/?topic=no-such-topic", 400),
        ("/api/v1/articles/?cursor=not-a-cursor", 400),
        ("/api/v1/articles/?cursor=WzEsMl0", 400),
        ("/api/v1/articles/?updated_since=yesterday", 422),
        ("/api/v1/articles/?updated_since=2026-01-01T00:00:00", 400),
        ("/api/v1/articles/?limit=0", 422),
        ("/api/v1/articles/?limit=100000", 422),
        ("/api/v1/articles/?language=xx", 400),
        ("/api/v1/search/", 422),
        ("/api/v1/search/?q=" + "x" * 3000, 422),
        ("/api/v1/search/?q=sync&page=-1", 422),
        ("/api/v1/statistics/", 401),
        ("/api/v1/inbox/", 401),
    ],
)
def test_bad_requests_get_a_json_error_never_a_page(published, path, status):
    response = get(path)
    assert response.status_code == status
    found = body(response)
    assert found["detail"]
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_method_gets_json_405(published):
    response = Client().delete(f"/api/v1/articles/{published.pk}/")
    assert response.status_code == 405
    assert body(response)["detail"]


def test_odd_bytes_in_the_address_get_json(published):
    response = Client().get("/api/v1/search/?q=%ff%fe")
    assert response.status_code in (200, 400)
    body(response)


def test_past_the_rate_limit_is_429_json_with_retry_after(settings, published):
    settings.RATE_LIMIT_API = "3/d"
    for _ in range(3):
        assert get("/api/v1/topics/").status_code == 200
    refused = get("/api/v1/topics/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "detail" in body(refused)


def test_cors_is_allowed_only_for_configured_origins(settings, published):
    settings.CORS_ALLOWED_ORIGINS = ["https://intranet.example.edu"]
    allowed = get("/api/v1/topics/", HTTP_ORIGIN="https://intranet.example.edu")
    assert allowed["Access-Control-Allow-Origin"] == "https://intranet.example.edu"
    other = get("/api/v1/topics/", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in other
    page = get("/", HTTP_ORIGIN="https://intranet.example.edu")
    assert "Access-Control-Allow-Origin" not in page


def test_the_schema_is_openapi_3_with_every_endpoint():
    schema = body(get("/api/v1/openapi.json"))
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/articles/",
        "/api/v1/articles/{article_id}/",
        "/api/v1/topics/",
        "/api/v1/search/",
        "/api/v1/suggest/",
        "/api/v1/statistics/",
        "/api/v1/inbox/",
        "/api/v1/drafts/",
    ):
        assert path in schema["paths"], path


def _reader():
    from uuid import uuid4

    from faq.models import VisitorRef

    return VisitorRef(key=uuid4())


def test_head_answers_as_get_without_a_body(published):
    path = f"/api/v1/articles/{published.pk}/"
    head = Client().head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get(path)["ETag"]

"""Staff data through the API: tokens made in the admin and shown once, their scopes,
statistics, a funnel and the inbox with a read token, drafts with a write token."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from faq import services
from faq.models import ApiToken, Article
from faq.models.integrations import token_digest
from tests.factories import make_article, make_run, make_team, make_topic

pytestmark = pytest.mark.django_db


def token(scope: str = ApiToken.Scope.READ) -> str:
    return services.api_token_create(name=f"{scope} token", scope=scope, user=None)[1]


def call(method: str, path: str, text: str | None = None, **kwargs):
    headers = {} if text is None else {"HTTP_AUTHORIZATION": f"Bearer {text}"}
    return getattr(Client(), method)(path, **headers, **kwargs)


def body(response):
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


def draft_json(**changes) -> str:
    team = make_team()
    make_topic("Printing")
    fields = {
        "question": "How do I print on campus?",
        "team": team.name,
        "answer_intro": "Printing **works** like this.",
        "steps": ["Log in to the printer.", "Pick your job."],
        "topics": ["printing"],
        **changes,
    }
    return json.dumps(fields)


@pytest.mark.parametrize("path", ["/api/v1/statistics/", "/api/v1/inbox/"])
def test_staff_data_needs_a_live_token(path):
    assert call("get", path).status_code == 401
    assert call("get", path, "hdf_not-a-token").status_code == 401
    text = token()
    assert call("get", path, text).status_code == 200
    services.api_token_revoke(token_ids=list(ApiToken.objects.values_list("pk", flat=True)))
    refused = call("get", path, text)
    assert refused.status_code == 401
    assert body(refused)["detail"]


def test_a_token_is_kept_as_a_digest_only():
    made, text = services.api_token_create(name="Intranet", scope="read", user=None)
    assert text.startswith("hdf_")
    assert len(text) > 40
    stored = ApiToken.objects.get(pk=made.pk)
    assert stored.digest == token_digest(text)
    assert text not in {str(v) for v in ApiToken.objects.values_list(named=False).get()}


def test_a_read_token_reads_statistics_a_funnel_and_the_inbox():
    article = make_article("How do I sync?", steps=3)
    make_run(
        article,
        start=timezone.now() - timedelta(hours=1),
        ticks={1: 2},
        stuck=(2, "The sync button is greyed out"),
    )
    text = token()
    overview = body(call("get", "/api/v1/statistics/?days=7", text))
    assert [row["article_id"] for row in overview["articles"]] == [article.pk]
    funnel = body(call("get", f"/api/v1/articles/{article.pk}/funnel/", text))
    assert [s["position"] for s in funnel["steps"]] == [1, 2, 3]
    inbox = body(call("get", "/api/v1/inbox/", text))
    assert [(i["kind"], i["step"], i["message"]) for i in inbox] == [
        ("stuck", 2, "The sync button is greyed out")
    ]
    assert inbox[0]["article"]["id"] == article.pk
    answer = call("get", "/api/v1/inbox/", text)
    assert "private" in answer["Cache-Control"]
    assert call("get", "/api/v1/inbox/", text, HTTP_IF_NONE_MATCH=answer["ETag"]).status_code == 304


def test_a_read_token_may_not_write():
    refused = call(
        "post", "/api/v1/drafts/", token(), data=draft_json(), content_type="application/json"
    )
    assert refused.status_code == 403
    assert body(refused)["detail"]
    assert not Article.objects.exists()


def test_a_write_token_makes_a_draft_that_no_reader_sees():
    made = call(
        "post",
        "/api/v1/drafts/",
        token(ApiToken.Scope.WRITE),
        data=draft_json(),
        content_type="application/json",
    )
    assert made.status_code == 201
    found = body(made)
    article = Article.objects.get(pk=found["id"])
    assert article.status == Article.Status.DRAFT
    assert [s.body for s in article.steps.all()] == ["Log in to the printer.", "Pick your job."]
    assert "<strong>works</strong>" in article.answer_intro_html
    assert [t.slug for t in article.topics.all()] == ["printing"]
    assert found["admin_url"].endswith(f"/admin/faq/article/{article.pk}/change/")
    assert Client().get(f"/api/v1/articles/{article.pk}/").status_code == 404
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_a_write_token_updates_a_draft_keeping_step_ids():
    text = token(ApiToken.Scope.WRITE)
    found = body(
        call("post", "/api/v1/drafts/", text, data=draft_json(), content_type="application/json")
    )
    article = Article.objects.get(pk=found["id"])
    first = article.steps.get(position=1).pk
    updated = call(
        "put",
        f"/api/v1/drafts/{article.pk}/",
        text,
        data=draft_json(steps=["Log in to the printer.", "Pick your job.", "Collect it."]),
        content_type="application/json",
    )
    assert updated.status_code == 200
    assert article.steps.count() == 3
    assert article.steps.get(position=1).pk == first


def test_a_published_article_is_not_changed_through_the_api():
    article = make_article("Published already?", steps=1)
    refused = call(
        "put",
        f"/api/v1/drafts/{article.pk}/",
        token(ApiToken.Scope.WRITE),
        data=draft_json(question="Changed by a robot?"),
        content_type="application/json",
    )
    assert refused.status_code == 404
    article.refresh_from_db()
    assert article.question == "Published already?"


@pytest.mark.parametrize(
    ("payload", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ('{"question": ""}', "application/json", 422),
        ("question=Hello", "application/x-www-form-urlencoded", 400),
        ("[]", "application/json", 422),
        (None, "application/json", 422),
    ],
)
def test_bad_bodies_get_json_errors_and_write_nothing(payload, content_type, status):
    text = token(ApiToken.Scope.WRITE)
    refused = call("post", "/api/v1/drafts/", text, data=payload or "", content_type=content_type)
    assert refused.status_code == status
    assert body(refused)["detail"]
    assert not Article.objects.exists()


def test_unknown_team_or_topic_is_a_validation_error():
    refused = call(
        "post",
        "/api/v1/drafts/",
        token(ApiToken.Scope.WRITE),
        data=draft_json(team="Nobody", topics=["no-such-topic"]),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "Nobody" in json.dumps(body(refused))
    assert not Article.objects.exists()


def test_an_oversized_body_is_413(settings):
    huge = draft_json(answer_intro="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10))
    refused = call(
        "post",
        "/api/v1/drafts/",
        token(ApiToken.Scope.WRITE),
        data=huge,
        content_type="application/json",
    )
    assert refused.status_code == 413
    assert body(refused)["detail"]
    assert not Article.objects.exists()


def test_staff_make_a_token_in_the_admin_and_see_it_once(staff_client):
    page = staff_client.post("/admin/faq/apitoken/add/", {"name": "Intranet sync", "scope": "read"})
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    text = re.search(r'value="(hdf_[^"]+)"', page.content.decode())[1]
    made = ApiToken.objects.get(name="Intranet sync")
    assert made.digest == token_digest(text)
    assert call("get", "/api/v1/inbox/", text).status_code == 200
    listing = staff_client.get("/admin/faq/apitoken/").content.decode()
    assert made.shown in listing
    assert text not in listing
    assert text not in staff_client.get(f"/admin/faq/apitoken/{made.pk}/change/").content.decode()
    staff_client.post("/admin/faq/apitoken/", {"action": "revoke", "_selected_action": [made.pk]})
    assert call("get", "/api/v1/inbox/", text).status_code == 401
    assert (
        "Intranet sync" in staff_client.get("/admin/faq/apitoken/?state=revoked").content.decode()
    )
    assert (
        "Intranet sync"
        not in staff_client.get("/admin/faq/apitoken/?state=active").content.decode()
    )


@pytest.mark.parametrize("charset", ["utf-16", "cp037"])
def test_a_body_in_an_odd_charset_is_a_json_400(charset):
    refused = call(
        "post",
        "/api/v1/drafts/",
        token(ApiToken.Scope.WRITE),
        data=draft_json().encode("utf-8"),
        content_type=f"application/json; charset={charset}",
    )
    assert refused.status_code in (400, 415, 422)
    assert body(refused)["detail"]
    assert not Article.objects.exists()


def test_nul_and_junk_in_queries_get_json(client):
    for path in ("/api/v1/search/?q=%00", "/api/v1/articles/?topic=%00", "/api/v1/inbox/?before=x"):
        response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token()}")
        assert response.status_code in (400, 422), path
        assert body(response)["detail"]


def test_nul_in_a_draft_is_a_validation_error():
    refused = call(
        "post",
        "/api/v1/drafts/",
        token(ApiToken.Scope.WRITE),
        data=draft_json(steps=["Fine", "Not\u0000fine"]),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert not Article.objects.exists()

"""New questions POSTed to a team's webhook as signed JSON by the real worker, against a
receiving server the test starts: the signature, the retries after it failed or was away,
one delivery a question, and the deliveries in the admin."""

import hashlib
import hmac
import json
import time

import pytest
from django.test import Client

from faq.models import Question, Team, WebhookDelivery
from tests.factories import make_article, make_team
from tests.receiver import Receiver, signed_by
from tests.smtp import later, worker

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "s3cret-for-tests"


@pytest.fixture
def receiver(settings):
    # Retries wait a minute: later() moves the clock on.
    settings.MAIL_RETRY_SECONDS = 60
    settings.WEBHOOK_TIMEOUT = 5
    found = Receiver()
    yield found
    found.stop()


@pytest.fixture
def article(receiver):
    team = make_team()
    Team.objects.filter(pk=team.pk).update(webhook_url=receiver.url, webhook_secret=SECRET)
    return make_article("How do I sync?", steps=["Open EndNote.", "Click Sync."], team=team)


def ask(article) -> Question:
    response = Client().post(
        "/ask/",
        {
            "question": "Sync stops with error 42",
            "email": "reader@example.edu",
            "article": article.pk,
            "step": article.steps.get(position=2).pk,
            "came_from": "stuck",
        },
    )
    assert response.status_code == 303
    return Question.objects.latest("pk")


def test_a_new_question_is_posted_as_signed_json(receiver, article):
    question = ask(article)
    # Nothing leaves in the request.
    assert receiver.received == []
    worker()
    [(headers, body)] = receiver.received
    # Signed over the time of sending, a dot and the body: a replay shows its age.
    timestamp = headers["X-Helpdesk-Timestamp"]
    assert abs(int(timestamp) - time.time()) < 60
    signed = f"{timestamp}.".encode() + body
    expected = "sha256=" + hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
    assert headers["X-Helpdesk-Signature"] == expected
    assert signed_by(SECRET, headers, body)
    assert not signed_by("another-secret", headers, body)
    # The body alone, as signed before, is no longer the signature.
    assert headers["X-Helpdesk-Signature"] != (
        "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    )
    assert headers["X-Helpdesk-Event"] == "question.created"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    payload = json.loads(body)
    assert payload["event"] == "question.created"
    assert payload["reference"] == question.reference
    assert (payload["step"], payload["article"]["id"]) == (2, article.pk)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_status, delivery.attempts) == ("sent", 200, 1)
    assert headers["X-Helpdesk-Delivery"] == str(delivery.pk)


def test_a_failing_receiver_gets_it_again_later_and_once(receiver, article):
    receiver.answers = [500]
    ask(article)
    worker()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_status) == ("waiting", 500)
    assert "HTTP 500" in delivery.last_error
    later()
    worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert len(receiver.received) == 2
    worker()
    assert len(receiver.received) == 2


def test_a_receiver_away_is_retried_and_staff_see_it(receiver, article, staff_client):
    receiver.stop()
    question = ask(article)
    worker()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "waiting"
    assert "refused" in delivery.last_error.lower() or "errno" in delivery.last_error.lower()
    page = staff_client.get("/admin/faq/webhookdelivery/").content.decode()
    assert question.reference in page
    thread = staff_client.get(f"/admin/faq/question/{question.pk}/change/").content.decode()
    assert receiver.url in thread


def test_no_webhook_no_delivery_and_a_url_needs_a_secret(staff_client, settings):
    article = make_article("How do I sync?", steps=1, team=make_team())
    ask_client = Client()
    ask_client.post("/ask/", {"question": "Hi", "email": "a@example.edu", "article": article.pk})
    assert not WebhookDelivery.objects.exists()
    team = article.team
    response = staff_client.post(
        f"/admin/faq/team/{team.pk}/change/",
        {"name": team.name, "email": team.email, "webhook_url": "https://desk.example/hook"},
    )
    assert response.status_code == 200
    assert "needs a secret" in response.content.decode()
    team.refresh_from_db()
    assert team.webhook_url == ""

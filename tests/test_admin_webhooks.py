"""Webhook endpoints in the admin: registered with their events and a secret made when
left empty, only http(s) addresses, their deliveries listed and delivered again."""

import pytest
from django.db import IntegrityError, transaction

from faq.models import WebhookDelivery, WebhookEndpoint
from tests.factories import make_article
from tests.receiver import Receiver, signed_by
from tests.smtp import worker

pytestmark = pytest.mark.django_db(transaction=True)

PUBLISHED, UPDATED, QUESTION = "article.published", "article.updated", "question.created"


@pytest.fixture
def receiver(settings):
    settings.MAIL_RETRY_SECONDS = 60
    settings.WEBHOOK_TIMEOUT = 5
    settings.SITE_URL = "https://help.example"
    made = Receiver("/hooks/mirror")
    yield made
    made.stop()


def test_staff_register_an_endpoint_and_deliver_again(receiver, staff_client, settings):
    add = "/admin/faq/webhookendpoint/add/"
    form = {"name": "Mirror", "url": receiver.url, "secret": "", "active": "on"}
    page = staff_client.get(add).content.decode()
    assert 'type="checkbox" name="events" value="article.published"' in page
    assert 'type="password"' in page
    # Only http(s) addresses, and only events there are.
    for url in ("ftp://files.example/hook", "file:///etc/passwd", "javascript:alert(1)"):
        response = staff_client.post(add, {**form, "url": url, "events": [PUBLISHED]})
        assert response.status_code == 200
        assert "errornote" in response.content.decode()
    response = staff_client.post(add, {**form, "events": ["article.deleted"]})
    assert response.status_code == 200
    assert not WebhookEndpoint.objects.exists()
    response = staff_client.post(add, {**form, "events": [QUESTION, PUBLISHED, QUESTION]})
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.events, endpoint.active) == ([PUBLISHED, QUESTION], True)
    # Left empty, a secret was made, and the page shows it when asked.
    assert len(endpoint.secret) >= 40
    settings.MAIL_ATTEMPTS = 1
    receiver.answers = [500]
    make_article()
    worker()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    change = staff_client.get(f"/admin/faq/webhookendpoint/{endpoint.pk}/change/").content.decode()
    assert "Show the secret" in change
    assert endpoint.secret in change
    assert "HTTP 500" in change
    assert f"/admin/faq/webhookdelivery/?endpoint__id__exact={endpoint.pk}" in change
    listed = staff_client.get(f"/admin/faq/webhookdelivery/?endpoint__id__exact={endpoint.pk}")
    assert listed.status_code == 200
    assert PUBLISHED in listed.content.decode()
    response = staff_client.post(
        "/admin/faq/webhookdelivery/", {"action": "send_again", "_selected_action": [delivery.pk]}
    )
    assert response.status_code == 302
    worker()
    delivery.refresh_from_db()
    assert (delivery.status, len(receiver.received)) == ("sent", 2)
    [headers, body] = receiver.received[-1]
    assert signed_by(endpoint.secret, headers, body)
    # Saved again with its secret as the page holds it: kept; switched off.
    secret = endpoint.secret
    assert f'type="password" name="secret" value="{secret}"' in change
    edited = {**form, "secret": secret, "events": [UPDATED], "active": ""}
    response = staff_client.post(f"/admin/faq/webhookendpoint/{endpoint.pk}/change/", edited)
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.events, endpoint.active) == (secret, [UPDATED], False)


def test_the_database_refuses_an_endpoint_that_is_not_http():
    with pytest.raises(IntegrityError), transaction.atomic():
        WebhookEndpoint.objects.create(name="x", url="ftp://a.example/", secret="s", events=[])

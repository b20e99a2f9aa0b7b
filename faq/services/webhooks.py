"""Webhook deliveries POSTed as signed JSON by the task worker, with the retries of
faq.services.outbox: a new question to its team's webhook (another help desk), and any
event to the endpoints staff registered (faq.services.events).

Every delivery is signed the same way: X-Helpdesk-Timestamp is the Unix time of the
attempt, and X-Helpdesk-Signature is "sha256=" and the hex HMAC-SHA256, keyed with the
secret, of the timestamp, a dot and the body. A receiver recomputes it and refuses a
timestamp more than a few minutes old, so a captured delivery cannot be replayed."""

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from faq.models import Question, WebhookDelivery, WebhookEndpoint, WebhookEvent
from faq.services.outbox import outgoing_claim, outgoing_failed, outgoing_sent
from faq.transactions import in_transaction, outside_transaction

EVENT_HEADER = "X-Helpdesk-Event"
DELIVERY_HEADER = "X-Helpdesk-Delivery"
TIMESTAMP_HEADER = "X-Helpdesk-Timestamp"
SIGNATURE_HEADER = "X-Helpdesk-Signature"
EVENT = WebhookEvent.QUESTION_CREATED.value
# The bytes of a secret made for an endpoint whose secret staff left empty.
SECRET_BYTES = 32


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The value of SIGNATURE_HEADER: "sha256=" and the hex HMAC-SHA256 of
    f"{timestamp}." and the body."""
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def question_payload(question: Question) -> dict[str, Any]:
    """What a receiver gets of a new question."""
    article = question.article
    return {
        "reference": question.reference,
        "question": question.question,
        "details": question.details,
        "email": question.email,
        "name": question.name,
        "language": question.language,
        "asked_at": question.created_at.isoformat(),
        "came_from": question.came_from,
        "article": None
        if article is None
        else {
            "id": article.pk,
            "question": article.question,
            "url": settings.SITE_URL + article.get_absolute_url(),
            "version": question.article_version,
        },
        "step": question.step_position,
        "steps_done": question.done_positions,
        "team": question.team.name,
        "url": settings.SITE_URL + reverse("admin:faq_question_change", args=[question.pk]),
    }


@task()
def webhook_deliver(delivery_id: int) -> str:
    """The worker's entry: POST one delivery (webhook_send)."""
    return webhook_send(delivery_id=delivery_id)


def _requeue(pk: int, when: datetime) -> None:
    webhook_deliver.using(run_after=when).enqueue(pk)


@in_transaction
def webhook_queue(*, question: Question) -> WebhookDelivery | None:
    """Queue the question for the team's webhook, if it has one, in the question's
    transaction."""
    team = question.team
    if not team.webhook_url:
        return None
    payload = {"event": EVENT, **question_payload(question)}
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    delivery = WebhookDelivery.objects.create(
        event=EVENT, question=question, team=team, url=team.webhook_url, body=body
    )
    webhook_deliver.enqueue(delivery.pk)
    return delivery


@transaction.atomic
def webhook_endpoint_save(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Save an endpoint staff registered; one whose secret was left empty gets a new
    random one (shown on its page, to give to the receiver). Raises ValueError for an
    event that is not a WebhookEvent."""
    unknown = set(endpoint.events) - set(WebhookEvent.values)
    if unknown:
        raise ValueError(f"Unknown webhook events: {sorted(unknown)}")
    # Each once, in the order the admin lists them.
    endpoint.events = [event for event in WebhookEvent.values if event in endpoint.events]
    if not endpoint.secret:
        endpoint.secret = secrets.token_urlsafe(SECRET_BYTES)
    endpoint.save()
    return endpoint


def _secret(delivery: WebhookDelivery) -> str:
    if delivery.endpoint is not None:
        return delivery.endpoint.secret
    if delivery.team is None:
        raise ValueError(f"Delivery {delivery.pk} has no receiver.")
    return delivery.team.webhook_secret


@outside_transaction
def webhook_send(*, delivery_id: int) -> str:
    """POST a waiting delivery; return "sent", "retry", "failed" or "skipped"."""
    if not outgoing_claim(WebhookDelivery, delivery_id):
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("team", "endpoint").get(pk=delivery_id)
    if delivery.endpoint is not None and not delivery.endpoint.active:
        # Staff switched it off, maybe because the receiver misbehaves: stop here.
        WebhookDelivery.objects.filter(
            pk=delivery_id, status=WebhookDelivery.Status.SENDING
        ).update(status=WebhookDelivery.Status.FAILED, last_error="The endpoint is switched off.")
        return "failed"
    if not delivery.url.lower().startswith(("https://", "http://")):
        return outgoing_failed(
            delivery, "Only http and https addresses are sent to.", requeue=_requeue
        )
    body = delivery.body.encode()
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 staff set the URL; http(s) only
        delivery.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Helpdesk-FAQ-webhook",
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.pk),
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(_secret(delivery), timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT) as answer:  # noqa: S310
            status = answer.status
    except urllib.error.HTTPError as error:
        return outgoing_failed(
            delivery,
            f"HTTP {error.code} {error.reason}",
            requeue=_requeue,
            response_status=error.code,
        )
    except (OSError, ValueError) as error:
        return outgoing_failed(delivery, f"{type(error).__name__}: {error}", requeue=_requeue)
    outgoing_sent(WebhookDelivery, delivery_id, response_status=status)
    return "sent"

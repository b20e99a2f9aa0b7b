"""New questions to another help desk: each POSTed as JSON to the team's webhook, signed
with HMAC-SHA256, by the task worker, with the retries of faq.services.outbox."""

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from faq.models import Question, WebhookDelivery
from faq.services.outbox import outgoing_claim, outgoing_failed, outgoing_sent
from faq.transactions import in_transaction, outside_transaction

SIGNATURE_HEADER = "X-Helpdesk-Signature"
EVENT = "question.created"


def signature(secret: str, body: bytes) -> str:
    """The value of SIGNATURE_HEADER: "sha256=" and the hex HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def question_payload(question: Question) -> dict[str, Any]:
    """What a receiving help desk gets of a new question."""
    article = question.article
    return {
        "event": EVENT,
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
    body = json.dumps(question_payload(question), ensure_ascii=False, sort_keys=True)
    delivery = WebhookDelivery.objects.create(
        question=question, team=team, url=team.webhook_url, body=body
    )
    webhook_deliver.enqueue(delivery.pk)
    return delivery


@outside_transaction
def webhook_send(*, delivery_id: int) -> str:
    """POST a waiting delivery; return "sent", "retry", "failed" or "skipped"."""
    if not outgoing_claim(WebhookDelivery, delivery_id):
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("team").get(pk=delivery_id)
    if not delivery.url.startswith(("https://", "http://")):
        return outgoing_failed(
            delivery, "Only http and https addresses are sent to.", requeue=_requeue
        )
    body = delivery.body.encode()
    request = urllib.request.Request(  # noqa: S310 staff set the URL; http(s) only
        delivery.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Helpdesk-FAQ-webhook",
            "X-Helpdesk-Event": EVENT,
            "X-Helpdesk-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: signature(delivery.team.webhook_secret, body),
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

"""What mail and webhook deliveries share: a row per thing to send, claimed before it is
sent, so a task run twice sends it once, and a failure kept on the row and tried again
later, each time after a longer wait (MAIL_RETRY_SECONDS doubling, at most an hour)."""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from faq.models import Mail, WebhookDelivery
from faq.models.questions import Outgoing

OutgoingModel = type[Mail] | type[WebhookDelivery]
Requeue = Callable[[int, datetime], object]

# What the admin shows of an error: the other server's own words, not a traceback.
ERROR_MAX_CHARS = 500


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: doubling, at most an hour."""
    seconds = settings.MAIL_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, 3600))


def outgoing_claim(model: OutgoingModel, pk: int) -> bool:
    """Take a waiting row that is due for sending; False when it is not waiting (sent, being
    sent, failed) or not due: another task for it (queued again when a worker started)
    must neither send it twice nor before its next attempt."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    claimed = model.objects.filter(due, pk=pk, status=Outgoing.Status.WAITING).update(
        status=Outgoing.Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=None
    )
    return bool(claimed)


def outgoing_sent(model: OutgoingModel, pk: int, **fields: object) -> None:
    """Record a row as sent; only one being sent is (nothing else moves it meanwhile)."""
    model.objects.filter(pk=pk, status=Outgoing.Status.SENDING).update(
        status=Outgoing.Status.SENT, sent_at=timezone.now(), last_error="", **fields
    )


def outgoing_failed(
    row: Mail | WebhookDelivery, error: str, *, requeue: Requeue, **fields: object
) -> str:
    """Keep the error on the row and try again later (requeue(pk, when)), or give up after
    MAIL_ATTEMPTS; return "retry" or "failed"."""
    model: OutgoingModel = type(row)
    text = error[:ERROR_MAX_CHARS]
    if row.attempts >= settings.MAIL_ATTEMPTS:
        model.objects.filter(pk=row.pk).update(
            status=Outgoing.Status.FAILED, last_error=text, **fields
        )
        return "failed"
    due = timezone.now() + retry_delay(row.attempts)
    with transaction.atomic():
        model.objects.filter(pk=row.pk).update(
            status=Outgoing.Status.WAITING, last_error=text, next_attempt_at=due, **fields
        )
        requeue(row.pk, due)
    return "retry"

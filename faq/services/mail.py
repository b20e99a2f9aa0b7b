"""Mail about questions, sent by the task worker (django-tasks, its database backend):
each Mail row is claimed before it is sent and retried after a failure, as every
outgoing row is (faq.services.outbox)."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from faq.models import Mail, WebhookDelivery
from faq.services.outbox import OutgoingModel, outgoing_claim, outgoing_failed, outgoing_sent
from faq.services.webhooks import webhook_deliver
from faq.transactions import in_transaction, outside_transaction


@task()
def mail_deliver(mail_id: int) -> str:
    """The worker's entry: send one mail (mail_send)."""
    return mail_send(mail_id=mail_id)


def _requeue(pk: int, when: datetime) -> None:
    mail_deliver.using(run_after=when).enqueue(pk)


@in_transaction
def mail_enqueue(*, mail: Mail) -> None:
    """Queue the mail's sending in the transaction that made it: the task's row commits
    with the mail's, or neither does (the database backend keeps both)."""
    mail_deliver.enqueue(mail.pk)


@outside_transaction
def mail_send(*, mail_id: int) -> str:
    """Send a waiting mail; return what became of it ("sent", "retry", "failed", or
    "skipped" when it was not waiting and due: sent already, or being sent)."""
    if not outgoing_claim(Mail, mail_id):
        return "skipped"
    mail = Mail.objects.select_related("question").get(pk=mail_id)
    headers = {"Message-ID": mail.message_id}
    if mail.in_reply_to:
        headers["In-Reply-To"] = mail.in_reply_to
        headers["References"] = mail.references or mail.in_reply_to
    # Review mails (faq.services.review_mail) are about an article, not a question.
    question = mail.question
    reply_to = [question.email] if mail.kind == Mail.Kind.NOTIFICATION and question else None
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers=headers,
        reply_to=reply_to,
    )
    try:
        message.send()
    except Exception as error:
        return outgoing_failed(mail, f"{type(error).__name__}: {error}", requeue=_requeue)
    outgoing_sent(Mail, mail_id)
    return "sent"


@transaction.atomic
def mail_retry(*, mail_ids: list[int]) -> int:
    """Send failed mails again, now (staff's "Send again"); return how many. A mail left
    "sending" by a worker that stopped mid-send is included: staff choose to, knowing it
    may have gone."""
    return _retry(Mail, mail_ids, lambda pk: mail_deliver.enqueue(pk))


@transaction.atomic
def webhook_retry(*, delivery_ids: list[int]) -> int:
    """Deliver failed webhook deliveries again, now; return how many."""
    return _retry(WebhookDelivery, delivery_ids, lambda pk: webhook_deliver.enqueue(pk))


def _retry(model: OutgoingModel, ids: list[int], enqueue: Callable[[int], object]) -> int:
    rows = list(
        model.objects.select_for_update()
        .filter(pk__in=ids, status__in=[Mail.Status.FAILED, Mail.Status.SENDING])
        .values_list("pk", flat=True)
    )
    model.objects.filter(pk__in=rows).update(status=Mail.Status.WAITING, next_attempt_at=None)
    for pk in rows:
        enqueue(pk)
    return len(rows)


@transaction.atomic
def mails_resume() -> int:
    """Queue again every waiting mail and delivery that is due (the worker starting after
    its database was away, when a task may have been lost with it); return how many."""
    due = Q(status=Mail.Status.WAITING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )
    mails = list(Mail.objects.filter(due).values_list("pk", flat=True))
    for pk in mails:
        mail_deliver.enqueue(pk)
    deliveries = list(WebhookDelivery.objects.filter(due).values_list("pk", flat=True))
    for pk in deliveries:
        webhook_deliver.enqueue(pk)
    return len(mails) + len(deliveries)

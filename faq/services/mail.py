"""Mail about questions, sent by the task worker (django-tasks, its database backend):
each Mail row is claimed before it is sent, so a task run twice sends it once, and a
failure is kept on the row and tried again later, each time after a longer wait."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from faq.models import Mail
from faq.transactions import in_transaction, outside_transaction

# What the admin shows of an error: the SMTP server's own words, not a traceback.
ERROR_MAX_CHARS = 500


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: doubling, at most an hour."""
    seconds = settings.MAIL_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, 3600))


@task()
def mail_deliver(mail_id: int) -> str:
    """The worker's entry: send one mail (mail_send)."""
    return mail_send(mail_id=mail_id)


@in_transaction
def mail_enqueue(*, mail: Mail) -> None:
    """Queue the mail's sending in the transaction that made it: the task's row commits
    with the mail's, or neither does (the database backend keeps both)."""
    mail_deliver.enqueue(mail.pk)


@outside_transaction
def mail_send(*, mail_id: int) -> str:
    """Send a waiting mail; return what became of it ("sent", "retry", "failed", or
    "skipped" when it was not waiting: sent already, or being sent)."""
    # Only a mail that is waiting and due: another task for the same mail (queued again
    # when a worker started) must neither send it twice nor before its next attempt.
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    claimed = Mail.objects.filter(due, pk=mail_id, status=Mail.Status.WAITING).update(
        status=Mail.Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=None
    )
    if not claimed:
        return "skipped"
    mail = Mail.objects.get(pk=mail_id)
    headers = {"Message-ID": mail.message_id}
    if mail.in_reply_to:
        headers["In-Reply-To"] = mail.in_reply_to
        headers["References"] = mail.references or mail.in_reply_to
    reply_to = [mail.question.email] if mail.kind == Mail.Kind.NOTIFICATION else None
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
        return _failed(mail, error)
    # Only a mail being sent is marked: nothing else moves it meanwhile.
    Mail.objects.filter(pk=mail_id, status=Mail.Status.SENDING).update(
        status=Mail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def _failed(mail: Mail, error: Exception) -> str:
    """Keep the error on the mail, and try again later, or give up after MAIL_ATTEMPTS."""
    text = f"{type(error).__name__}: {error}"[:ERROR_MAX_CHARS]
    if mail.attempts >= settings.MAIL_ATTEMPTS:
        Mail.objects.filter(pk=mail.pk).update(status=Mail.Status.FAILED, last_error=text)
        return "failed"
    due = timezone.now() + retry_delay(mail.attempts)
    with transaction.atomic():
        Mail.objects.filter(pk=mail.pk).update(
            status=Mail.Status.WAITING, last_error=text, next_attempt_at=due
        )
        mail_deliver.using(run_after=due).enqueue(mail.pk)
    return "retry"


@transaction.atomic
def mail_retry(*, mail_ids: list[int]) -> int:
    """Send failed mails again, now (staff's "Send again"); return how many. A mail left
    "sending" by a worker that stopped mid-send is included: staff choose to, knowing it
    may have gone."""
    mails = list(
        Mail.objects.select_for_update().filter(
            pk__in=mail_ids, status__in=[Mail.Status.FAILED, Mail.Status.SENDING]
        )
    )
    for mail in mails:
        Mail.objects.filter(pk=mail.pk).update(status=Mail.Status.WAITING, next_attempt_at=None)
        mail_enqueue(mail=mail)
    return len(mails)


@transaction.atomic
def mails_resume() -> int:
    """Queue again every waiting mail that is due (the worker starting after its database
    was away, when a task may have been lost with it); return how many."""
    due = Mail.objects.filter(status=Mail.Status.WAITING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )
    mails = list(due.only("pk"))
    for mail in mails:
        mail_enqueue(mail=mail)
    return len(mails)

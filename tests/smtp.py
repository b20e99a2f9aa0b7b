"""A real SMTP server for tests (aiosmtpd) that a test can stop and start again, the task
worker run until nothing is due, and the clock moved on past the waits between attempts."""

import email
from email import policy

from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from faq.models import Mail, WebhookDelivery
from tests.servers import free_port


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 aiosmtpd's name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class MailServer:
    """An SMTP server on a port of its own, which a test can stop and start again."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def worker() -> None:
    """The real worker (`manage.py task_worker`), until nothing is due."""
    call_command("task_worker", batch=True, interval=0.01)


def later() -> None:
    """The waits before the next attempts are over."""
    now = timezone.now()
    DBTaskResult.objects.filter(status="READY").update(run_after=now)
    for model in (Mail, WebhookDelivery):
        model.objects.filter(status=Mail.Status.WAITING).update(next_attempt_at=now)

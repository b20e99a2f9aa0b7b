"""A real SMTP server for tests (aiosmtpd) that a test can stop and start again, the task
worker run until nothing is due (here, or in a process of its own), and the clock moved on
past the waits between attempts."""

import email
import os
import subprocess
import sys
from email import policy

from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from faq.models import Mail, WebhookDelivery
from tests.servers import ROOT, free_port


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


def worker_command(*options: str) -> tuple[list[str], dict]:
    """`manage.py task_worker` and its environment, for a process of its own on the test
    database (a worker started after the app, or beside it)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        url = f"postgres://{db['USER']}@{host}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "WEBHOOK_TIMEOUT": "5"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    command = [sys.executable, "manage.py", "task_worker", "--interval=0.05", "-v0", *options]
    return command, env


def worker_in_a_process() -> None:
    """The real worker in a new process, until nothing is due."""
    command, env = worker_command("--batch")
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=120)


def later() -> None:
    """The waits before the next attempts are over."""
    now = timezone.now()
    DBTaskResult.objects.filter(status="READY").update(run_after=now)
    for model in (Mail, WebhookDelivery):
        model.objects.filter(status=Mail.Status.WAITING).update(next_attempt_at=now)

"""Mail about questions through a real SMTP server (aiosmtpd) and the real task worker
(`manage.py task_worker`, django-tasks' db_worker): threading headers, retries after the
mail server was away, and never a mail sent twice."""

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from faq import services
from faq.models import Mail, Question
from tests.factories import make_article, make_team
from tests.smtp import later, worker

pytestmark = pytest.mark.django_db(transaction=True)


def ask(client: Client, article, **fields) -> Question:
    step = article.steps.get(position=2)
    response = client.post(
        "/ask/",
        {
            "question": "Sync stops with error 42",
            "email": "reader@example.edu",
            "name": "Ana",
            "article": article.pk,
            "step": step.pk,
            "came_from": "stuck",
            **fields,
        },
    )
    assert response.status_code == 303
    return Question.objects.latest("pk")


@pytest.fixture
def article():
    return make_article("How do I sync?", steps=["Open EndNote.", "Click Sync."], team=make_team())


def test_the_reader_and_the_team_get_their_mail_and_a_reply_follows_the_thread(
    smtp, article, staff_client
):
    question = ask(Client(), article)
    # Nothing is sent in the request: the worker sends it.
    assert smtp.inbox.messages == []
    worker()
    confirmation = smtp.inbox.to("reader@example.edu")[0]
    notification = smtp.inbox.to("support@alfasoft.example")[0]
    assert question.reference in confirmation["Subject"]
    assert confirmation["Message-ID"] == f"<{question.reference.lower()}.confirmation@uni.example>"
    assert "Step 2" in notification["Subject"] or "step 2" in notification["Subject"]
    assert notification["Reply-To"] == "reader@example.edu"
    body = notification.get_content()
    assert "Stuck on: step 2: Click Sync." in body
    assert "Sync stops with error 42" in body
    staff_client.post(
        f"/admin/faq/question/{question.pk}/reply/", {"body": "Sign out, then in again."}
    )
    worker()
    reply = smtp.inbox.to("reader@example.edu")[-1]
    assert reply["Subject"] == f"Re: [{question.reference}] Sync stops with error 42"
    assert reply["In-Reply-To"] == confirmation["Message-ID"]
    assert reply["References"] == confirmation["Message-ID"]
    assert "Sign out, then in again." in reply.get_content()
    assert set(Mail.objects.values_list("status", flat=True)) == {"sent"}
    # The thread shows in the admin, with the reply sent.
    page = staff_client.get(f"/admin/faq/question/{question.pk}/change/").content.decode()
    assert "Sign out, then in again." in page
    assert "is-sent" in page


def test_with_the_mail_server_down_the_question_waits_and_goes_once_it_is_back(smtp, article):
    smtp.stop()
    client = Client()
    question = ask(client, article)
    # The reader saw the confirmation page; the question is kept.
    assert client.get(f"/ask/sent/{question.reference}/").status_code == 200
    worker()
    waiting = Mail.objects.get(kind="confirmation")
    assert waiting.status == Mail.Status.WAITING
    assert waiting.attempts == 1
    assert "Connection refused" in waiting.last_error or "Errno" in waiting.last_error
    assert waiting.next_attempt_at is not None
    # Still down at the next attempt: another error, a longer wait.
    later()
    worker()
    waiting.refresh_from_db()
    assert waiting.attempts == 2
    assert waiting.status == Mail.Status.WAITING
    smtp.start()
    later()
    worker()
    assert len(smtp.inbox.to("reader@example.edu")) == 1
    assert len(smtp.inbox.to("support@alfasoft.example")) == 1
    sent = Mail.objects.get(kind="confirmation")
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 3, "")


def test_a_task_run_twice_sends_its_mail_once(smtp, article, staff_client):
    question = ask(Client(), article)
    worker()
    services.question_reply(question=question, body="Try this.", user=None)
    mail = Mail.objects.get(kind="reply")
    # The task retried after it had sent (a worker killed before recording success):
    assert services.mail_send(mail_id=mail.pk) == "sent"
    assert services.mail_send(mail_id=mail.pk) == "skipped"
    worker()
    assert len([m for m in smtp.inbox.messages if m["Subject"].startswith("Re:")]) == 1


def test_after_every_attempt_failed_it_shows_as_failed_and_can_be_sent_again(
    smtp, article, settings
):
    settings.MAIL_ATTEMPTS = 2
    smtp.stop()
    ask(Client(), article)
    worker()
    later()
    worker()
    failed = Mail.objects.filter(status=Mail.Status.FAILED)
    assert failed.count() == 2
    assert all(m.attempts == 2 for m in failed)
    smtp.start()
    assert services.mail_retry(mail_ids=list(failed.values_list("pk", flat=True))) == 2
    worker()
    assert Mail.objects.filter(status=Mail.Status.SENT).count() == 2
    assert len(smtp.inbox.messages) == 2


def test_a_worker_that_starts_again_resumes_waiting_mail_without_sending_twice(smtp, article):
    ask(Client(), article)
    # Its tasks lost (the database went away under the worker, say): the mail waits.
    DBTaskResult.objects.all().delete()
    worker()
    assert len(smtp.inbox.messages) == 2
    worker()
    assert len(smtp.inbox.messages) == 2

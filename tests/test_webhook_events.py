"""Events POSTed to the webhook endpoints staff register (issue 24, part 5), by the real
task worker, to receiving HTTP servers the tests start: which endpoint hears of what, the
signature, retries, a restart between the change and its delivery, the schedule's review
reminders, and the endpoint's admin."""

import json
import subprocess
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from faq import services
from faq.models import (
    Article,
    Question,
    ReviewOverdueSent,
    ScheduledTask,
    Team,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from faq.services.events import reviews_overdue_notify
from tests.factories import make_article, make_team, make_topic, make_translation
from tests.receiver import Receiver, signed_by
from tests.servers import ROOT
from tests.smtp import later, worker, worker_command, worker_in_a_process

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "endpoint-secret-for-tests"
PUBLISHED, UNPUBLISHED, UPDATED = "article.published", "article.unpublished", "article.updated"
QUESTION, OVERDUE = "question.created", "article.review_overdue"


@pytest.fixture
def receivers(settings):
    # Retries wait a minute: later() moves the clock on.
    settings.MAIL_RETRY_SECONDS = 60
    settings.WEBHOOK_TIMEOUT = 5
    settings.SITE_URL = "https://help.example"
    made = {name: Receiver(f"/hooks/{name}") for name in ("subscribed", "other", "inactive")}
    yield made
    for receiver in made.values():
        receiver.stop()


def endpoint_make(receiver: Receiver, events, *, active: bool = True) -> WebhookEndpoint:
    return services.webhook_endpoint_save(
        endpoint=WebhookEndpoint(
            name=receiver.url, url=receiver.url, secret=SECRET, events=list(events), active=active
        )
    )


@pytest.fixture
def subscribe(receivers):
    """Endpoints for these events: one subscribed, one subscribed to every other event,
    and one subscribed but switched off."""

    def make(*events: str) -> WebhookEndpoint:
        others = [e for e in WebhookEvent.values if e not in events]
        endpoint_make(receivers["other"], others)
        endpoint_make(receivers["inactive"], events, active=False)
        return endpoint_make(receivers["subscribed"], events)

    return make


def heard(receiver: Receiver) -> list[tuple[str, dict]]:
    """Each delivery's event header and body."""
    return [(h["X-Helpdesk-Event"], json.loads(body)) for h, body in receiver.received]


def only_subscribed_heard(receivers) -> list[tuple[str, dict]]:
    assert receivers["other"].received == []
    assert receivers["inactive"].received == []
    return heard(receivers["subscribed"])


def article_form(article: Article, **changes) -> dict:
    """The article's admin change form as posted, with its steps, and these changes."""
    steps = list(article.steps.order_by("position"))
    data = {
        "question": article.question,
        "slug": article.slug,
        "language": article.language,
        "status": article.status,
        "answer_intro": article.answer_intro,
        "answer_outro": article.answer_outro,
        "team": article.team_id,
        "topics": [t.pk for t in article.topics.all()],
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": len(steps),
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for i, step in enumerate(steps):
        data |= {
            f"steps-{i}-id": step.pk,
            f"steps-{i}-article": article.pk,
            f"steps-{i}-position": step.position,
            f"steps-{i}-body": step.body,
        }
    return data | changes


def test_a_published_article_is_told_signed_to_the_subscribed_endpoint_only(receivers, subscribe):
    subscribe(PUBLISHED)
    topic = make_topic("Sync")
    article = make_article("How do I sync?", steps=2, topics=[topic])
    # Nothing leaves with the change: the worker sends it.
    assert receivers["subscribed"].received == []
    worker()
    [(event, payload)] = only_subscribed_heard(receivers)
    article.refresh_from_db()
    assert event == payload["event"] == PUBLISHED
    # The topics, set after the article's row, are there: the event is made at its version.
    assert payload["article"] == {
        "id": article.pk,
        "question": "How do I sync?",
        "url": f"https://help.example/faq/{article.pk}/{article.slug}/",
        "language": "en",
        "status": "published",
        "updated_at": article.updated_at.isoformat(),
        "review_by": article.review_by.isoformat(),
        "topics": [{"slug": "sync", "name": "Sync"}],
    }
    assert payload["id"]
    assert payload["occurred_at"]
    [(headers, body)] = receivers["subscribed"].received
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Helpdesk-Delivery"] == str(delivery.pk)
    assert (delivery.status, delivery.response_status, delivery.article) == ("sent", 200, article)
    # The signature: the secret's, over the timestamp of sending and the body.
    assert abs(int(headers["X-Helpdesk-Timestamp"]) - time.time()) < 60
    assert signed_by(SECRET, headers, body)
    assert not signed_by("another-secret", headers, body)
    replayed = {**headers, "X-Helpdesk-Timestamp": str(int(time.time()) + 600)}
    assert not signed_by(SECRET, replayed, body)


def test_publish_and_unpublish_by_the_admin_actions_and_the_form(
    receivers, subscribe, staff_client
):
    subscribe(PUBLISHED, UNPUBLISHED)
    article = make_article(steps=1, status=Article.Status.DRAFT)
    changelist = "/admin/faq/article/"
    for action in ("publish", "unpublish"):
        staff_client.post(changelist, {"action": action, "_selected_action": [article.pk]})
    # Published again from its own page, the text changed too: published, not updated.
    page = f"/admin/faq/article/{article.pk}/change/"
    response = staff_client.post(
        page, article_form(article, status="published", answer_intro="New")
    )
    assert response.status_code == 302
    # Unpublished through the service.
    services.article_status_set(article=article, status=Article.Status.DRAFT)
    worker()
    events = [event for event, _ in only_subscribed_heard(receivers)]
    assert events == [PUBLISHED, UNPUBLISHED, PUBLISHED, UNPUBLISHED]


def test_one_admin_save_changing_text_and_steps_is_one_update(receivers, subscribe, staff_client):
    article = make_article(steps=["Open EndNote.", "Click Sync."])
    subscribe(UPDATED)
    page = f"/admin/faq/article/{article.pk}/change/"
    form = article_form(article, answer_intro="Before you start: sign in.")
    form["steps-1-body"] = "Click Sync, then wait."
    assert staff_client.post(page, form).status_code == 302
    # Saved again unchanged, and a translation saved: no change readers of it see.
    article.refresh_from_db()
    assert staff_client.post(page, article_form(article)).status_code == 302
    make_translation(article, "sv")
    # A step reworded on its own is a change too.
    services.step_list_save(
        article=article,
        steps=[
            services.StepInput(body=s.body + " Done.", position=s.position, step=s)
            for s in article.steps.all()
        ],
    )
    services.article_version_record(article=article, note="Steps")
    worker()
    heard_now = only_subscribed_heard(receivers)
    assert [event for event, _ in heard_now] == [UPDATED, UPDATED]
    assert heard_now[0][1]["article"]["id"] == article.pk


def test_a_draft_saved_tells_nobody(receivers, subscribe, staff_client):
    subscribe(PUBLISHED, UNPUBLISHED, UPDATED)
    article = make_article(steps=1, status=Article.Status.DRAFT)
    page = f"/admin/faq/article/{article.pk}/change/"
    form = article_form(article, question="Draft, reworded", answer_intro="More words.")
    assert staff_client.post(page, form).status_code == 302
    worker()
    assert not WebhookDelivery.objects.exists()
    assert only_subscribed_heard(receivers) == []


def test_a_question_is_told_to_endpoints_beside_the_teams_webhook(receivers, subscribe):
    article = make_article(steps=2, team=make_team())
    subscribe(QUESTION)
    desk = Receiver()
    Team.objects.filter(pk=article.team_id).update(webhook_url=desk.url, webhook_secret="desk")
    response = Client().post(
        "/ask/", {"question": "Sync stops", "email": "reader@example.edu", "article": article.pk}
    )
    assert response.status_code == 303
    worker()
    desk.stop()
    [(event, payload)] = only_subscribed_heard(receivers)
    assert event == QUESTION
    question = Question.objects.get()
    assert payload["question"]["reference"] == question.reference
    assert payload["question"]["article"]["id"] == article.pk
    # The team's own webhook still gets its question, in its own shape.
    [(headers, body)] = desk.received
    assert json.loads(body)["reference"] == question.reference
    assert signed_by("desk", headers, body)
    assert question.deliveries.count() == 2


def test_imported_articles_are_told_published(receivers, subscribe):
    subscribe(PUBLISHED)
    team = make_team()
    drafts = [services.ArticleDraft(question=f"Imported {i}?", team=team) for i in range(3)]
    services.articles_import(drafts=drafts)
    worker()
    questions = sorted(p["article"]["question"] for _, p in only_subscribed_heard(receivers))
    assert questions == ["Imported 0?", "Imported 1?", "Imported 2?"]


def overdue(article: Article, days: int) -> None:
    when = timezone.localdate() - timedelta(days=days)
    Article.objects.filter(pk=article.pk).update(review_by=when)


def test_a_review_overdue_is_told_once_per_review_date(receivers, subscribe, monkeypatch):
    # Told in batches of one: the second batch must find the article the first did not.
    monkeypatch.setattr("faq.services.events.REVIEW_BATCH", 1)
    article = make_article("Overdue?")
    overdue(article, 3)
    also = make_article("Also overdue?")
    overdue(also, 400)
    overdue(make_article("Overdue draft?", status=Article.Status.DRAFT), 3)
    make_article("Not yet due?")
    subscribe(OVERDUE)
    worker()
    told = sorted((event, p["article"]["id"]) for event, p in only_subscribed_heard(receivers))
    assert told == [(OVERDUE, article.pk), (OVERDUE, also.pk)]
    # The schedule runs again within the hour: the task is not queued again.
    worker()
    name = reviews_overdue_notify.module_path
    assert DBTaskResult.objects.filter(task_path=name).count() == 1
    # An hour on (or another worker), the task runs again: still told once.
    assert name in services.schedule_run(now=timezone.now() + timedelta(hours=1))
    assert name not in services.schedule_run(now=timezone.now() + timedelta(hours=1))
    worker()
    assert DBTaskResult.objects.filter(task_path=name).count() == 2
    assert len(receivers["subscribed"].received) == 2
    # A new review date that passes in turn is told again.
    overdue(article, 1)
    services.schedule_run(now=timezone.now() + timedelta(hours=2))
    worker()
    assert len(receivers["subscribed"].received) == 3
    assert heard(receivers["subscribed"])[-1][1]["article"]["id"] == article.pk
    assert ReviewOverdueSent.objects.filter(article=article).count() == 2
    assert ScheduledTask.objects.filter(name=name).count() == 1


def test_a_failing_receiver_gets_it_again_after_a_growing_wait_and_once(receivers, subscribe):
    subscribe(PUBLISHED)
    receivers["subscribed"].answers = [500, 503]
    make_article()
    worker()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_status) == ("waiting", 500)
    assert "HTTP 500" in delivery.last_error
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(seconds=60)
    # Not before its time.
    worker()
    assert len(receivers["subscribed"].received) == 1
    later()
    worker()
    delivery.refresh_from_db()
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=110) < wait <= timedelta(seconds=120)
    later()
    worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 3, "")
    bodies = {body for _, body in receivers["subscribed"].received}
    assert len(receivers["subscribed"].received) == 3
    assert len(bodies) == 1
    later()
    worker()
    assert len(receivers["subscribed"].received) == 3


@pytest.mark.parametrize("tasks_lost", [False, True])
def test_an_event_survives_a_restart_and_goes_once(receivers, subscribe, tasks_lost):
    subscribe(PUBLISHED)
    article = make_article()
    # The app stops before any worker ran: the event is in the database.
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.article) == ("waiting", article)
    assert DBTaskResult.objects.filter(status="READY").exists()
    if tasks_lost:
        # The queue lost with a database restored from before the task: the worker
        # queues the waiting delivery again when it starts.
        DBTaskResult.objects.all().delete()
    worker_in_a_process()
    assert [e for e, _ in only_subscribed_heard(receivers)] == [PUBLISHED]
    # Another worker later finds nothing left to send.
    worker()
    assert len(receivers["subscribed"].received) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 1)


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_a_running_worker_looks_at_the_schedule_again_each_period(receivers, subscribe):
    overdue(make_article("Overdue?"), 3)
    subscribe(OVERDUE)
    name = reviews_overdue_notify.module_path
    runs = DBTaskResult.objects.filter(task_path=name, status="SUCCESSFUL")
    command, env = worker_command("--schedule-every=0.2")
    worker_process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        assert wait_for(lambda: runs.count() == 1)
        time.sleep(1)
        # Within the period, no worker queues it again.
        assert runs.count() == 1
        # The next period begins (the last one moved back an hour, as if one passed).
        ScheduledTask.objects.update(period=F("period") - timedelta(hours=1))
        assert wait_for(lambda: runs.count() == 2)
    finally:
        worker_process.terminate()
        worker_process.wait(timeout=30)
    assert [e for e, _ in only_subscribed_heard(receivers)] == [OVERDUE]


def test_a_change_rolled_back_leaves_no_delivery(receivers, subscribe):
    subscribe(PUBLISHED, QUESTION)

    def change_that_fails() -> None:
        with transaction.atomic():
            make_article()
            raise RuntimeError("the save failed after the article was made")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not WebhookDelivery.objects.exists()
    assert not DBTaskResult.objects.exists()
    worker()
    assert receivers["subscribed"].received == []


def test_an_endpoint_switched_off_after_the_event_is_not_sent_to(receivers, subscribe):
    endpoint = subscribe(PUBLISHED)
    make_article()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    worker()
    assert receivers["subscribed"].received == []
    assert WebhookDelivery.objects.get().status == "failed"

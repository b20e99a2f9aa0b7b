"""Events told to the webhook endpoints staff registered: for each event, a WebhookDelivery
per active endpoint subscribed to it, written in the transaction of the change it reports
and POSTed by the worker (faq.services.webhooks), so it survives a restart in between.

Where each event is decided:

- article.published, .unpublished and .updated: article_events_queue, which
  article_version_record calls before it keeps a new version. Every change of an article's
  status, text or steps ends there (the admin's save and its publish and unpublish
  actions, article_status_set, article_create, a restore), after its steps and topics are
  saved too; the article as it is now is compared with its last version, so one admin save
  that changes both text and steps is one event. articles_import, which keeps its versions
  in bulk, calls articles_published_queue.
- question.created: question_ask, beside the team's own webhook.
- article.review_overdue: reviews_overdue_notify, run hourly by the schedule
  (faq.services.schedule), once per article and review date (ReviewOverdueSent).

The body: {"event", "id" (the event's UUID, the same for every endpoint told), "occurred_at",
and "article" (article_payload) or "question" (faq.services.webhooks.question_payload)}.
"""

import json
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task
from reversion.models import Version

from faq.models import (
    Article,
    Question,
    ReviewOverdueSent,
    Step,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from faq.selectors.history import versioned_steps
from faq.services.webhooks import question_payload, webhook_deliver
from faq.transactions import in_transaction, outside_transaction

ARTICLE_CHANGES = (
    WebhookEvent.ARTICLE_PUBLISHED,
    WebhookEvent.ARTICLE_UNPUBLISHED,
    WebhookEvent.ARTICLE_UPDATED,
)
# Overdue articles told in one transaction: a first run may find thousands.
REVIEW_BATCH = 200

# What readers see of an article: a change to any of it is article.updated.
Content = tuple[str, str, str, tuple[tuple[int, str, str, str], ...]]


def _endpoints() -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.filter(active=True).order_by("pk"))


def _subscribed(endpoints: list[WebhookEndpoint], event: str) -> list[WebhookEndpoint]:
    # Membership of a JSON list is no lookup SQLite has: checked here, among a few rows.
    return [endpoint for endpoint in endpoints if event in endpoint.events]


def article_payload(article: Article) -> dict[str, Any]:
    """What a receiver gets of an article: enough to find it, not its text."""
    return {
        "id": article.pk,
        "question": article.question,
        "url": settings.SITE_URL + article.get_absolute_url(),
        "language": article.language,
        "status": article.status,
        "updated_at": article.updated_at.isoformat(),
        "review_by": article.review_by.isoformat(),
        # .all() uses topics an import prefetched.
        "topics": [
            {"slug": topic.slug, "name": topic.name}
            for topic in sorted(article.topics.all(), key=lambda t: t.slug)
        ],
    }


@in_transaction
def _deliveries_make(
    event: str,
    endpoints: list[WebhookEndpoint],
    *,
    article: Article | None = None,
    question: Question | None = None,
) -> list[WebhookDelivery]:
    """A delivery of the event to each endpoint, queued for the worker in this
    transaction."""
    if not endpoints:
        return []
    payload: dict[str, Any] = {
        "event": event,
        "id": str(uuid.uuid4()),
        "occurred_at": timezone.now().isoformat(),
    }
    if article is not None:
        payload["article"] = article_payload(article)
    if question is not None:
        payload["question"] = question_payload(question)
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    deliveries = []
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(
            event=event,
            endpoint=endpoint,
            article=article,
            question=question,
            url=endpoint.url,
            body=body,
        )
        webhook_deliver.enqueue(delivery.pk)
        deliveries.append(delivery)
    return deliveries


@in_transaction
def question_created_queue(*, question: Question) -> list[WebhookDelivery]:
    """question.created to the endpoints that asked for it, in the question's transaction."""
    event = WebhookEvent.QUESTION_CREATED
    return _deliveries_make(
        event, _subscribed(_endpoints(), event), article=question.article, question=question
    )


def _lines(text: str) -> str:
    # Browsers post text areas with CRLF line ends: not a change an editor made.
    return text.replace("\r\n", "\n")


def _content_now(article: Article) -> Content:
    steps = Step.objects.filter(article=article).order_by("position")
    return (
        _lines(article.question),
        _lines(article.answer_intro),
        _lines(article.answer_outro),
        tuple(
            (position, _lines(body), str(image or ""), alt)
            for position, body, image, alt in steps.values_list(
                "position", "body", "image", "image_alt"
            )
        ),
    )


def _content_then(version: Version) -> Content:
    data = version.field_dict
    return (
        _lines(data["question"]),
        _lines(data["answer_intro"]),
        _lines(data["answer_outro"]),
        tuple(
            (s.position, _lines(s.body), s.image_name, str(s.image.get("image_alt", "")))
            for s in versioned_steps(version)
        ),
    )


def article_change(article: Article, last: Version | None) -> str | None:
    """The event an article's change since its last version is, if any: published or
    unpublished; or updated, when a published article's question, answer or steps (their
    text, order or screenshots) differ. An article with no version yet was a draft."""
    was_published = last is not None and last.field_dict["status"] == Article.Status.PUBLISHED
    if article.is_published != was_published:
        if article.is_published:
            return WebhookEvent.ARTICLE_PUBLISHED.value
        return WebhookEvent.ARTICLE_UNPUBLISHED.value
    if article.is_published and last is not None and _content_now(article) != _content_then(last):
        return WebhookEvent.ARTICLE_UPDATED.value
    return None


@in_transaction
def article_events_queue(*, article: Article) -> str | None:
    """Tell the endpoints what the article's change since its last version was (see
    article_change); article_version_record calls it before it keeps the new version.
    Returns the event, or None."""
    endpoints = _endpoints()
    if not any(_subscribed(endpoints, event) for event in ARTICLE_CHANGES):
        return None
    last = Version.objects.get_for_object(article).select_related("revision").first()
    event = article_change(article, last)
    if event is not None:
        _deliveries_make(event, _subscribed(endpoints, event), article=article)
    return event


@in_transaction
def articles_published_queue(*, articles: Sequence[Article]) -> int:
    """article.published for articles imported published, in the import's transaction;
    returns how many deliveries."""
    endpoints = _subscribed(_endpoints(), WebhookEvent.ARTICLE_PUBLISHED)
    made = 0
    for article in articles if endpoints else ():
        made += len(_deliveries_make(WebhookEvent.ARTICLE_PUBLISHED, endpoints, article=article))
    return made


@task()
def reviews_overdue_notify() -> int:
    """The schedule's hourly task: article.review_overdue (articles_review_overdue_queue)."""
    return articles_review_overdue_queue(today=timezone.localdate())


@outside_transaction
def articles_review_overdue_queue(*, today: date) -> int:
    """article.review_overdue for each published article whose review date is before
    `today` and was not told yet, in batches of a transaction each; returns how many
    articles. Told once per article and review date, whether or not an endpoint asks for
    it then: an endpoint added later hears of reviews that fall due from then on."""
    told = 0
    while True:
        made = _review_overdue_batch(today)
        told += made
        # None left, or a batch another worker told first: it tells the rest.
        if not made:
            return told


@transaction.atomic
def _review_overdue_batch(today: date) -> int:
    sent = ReviewOverdueSent.objects.filter(article=OuterRef("pk"), review_by=OuterRef("review_by"))
    articles = list(
        Article.objects.published()
        .review_overdue(today)
        .exclude(Exists(sent))
        .order_by("pk")
        .prefetch_related("topics")[:REVIEW_BATCH]
    )
    endpoints = _subscribed(_endpoints(), WebhookEvent.REVIEW_OVERDUE)
    made = 0
    for article in articles:
        # Another worker may have told it meanwhile: the unique row says who did.
        _, created = ReviewOverdueSent.objects.get_or_create(
            article=article, review_by=article.review_by
        )
        if created:
            _deliveries_make(WebhookEvent.REVIEW_OVERDUE, endpoints, article=article)
            made += 1
    return made

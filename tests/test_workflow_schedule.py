"""Publishing and unpublishing on a date: done by the real worker when the clock, moved by
the test, reaches it; and seen at once on every reader surface."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from reversion.models import Version

from faq import services
from faq.models import Article, Step
from faq.services.roles import EDITORS, PUBLISHERS
from faq.services.schedule import task_results_forget
from tests.factories import make_article, make_staff
from tests.smtp import worker

pytestmark = pytest.mark.django_db(transaction=True)


def member(group: str, username: str):
    user = make_staff(username)
    user.groups.add(Group.objects.get(name=group))
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def people():
    return member(EDITORS, "ed"), member(PUBLISHERS, "pub")


def seen(client, article: Article) -> dict[str, bool]:
    """Whether an anonymous reader finds the article's question on each surface."""
    question = article.question
    return {
        "page": client.get(article.get_absolute_url()).status_code == 200,
        "feed": question in client.get("/feed/").content.decode(),
        "sitemap": article.get_absolute_url() in client.get("/sitemap.xml").content.decode(),
        "api": question in client.get("/api/v1/articles/").content.decode(),
        "search": f"/search/open/{article.pk}/"
        in client.get("/search/", {"q": "quarterly"}).content.decode(),
    }


def test_an_approved_article_is_published_by_the_worker_on_its_date(client, people):
    editor, publisher = people
    start = timezone.now()
    when = start + timedelta(hours=2)
    article = make_article(
        "How do I file the quarterly return?", steps=2, status=Article.Status.DRAFT
    )
    Article.objects.filter(pk=article.pk).update(publish_at=when)
    services.article_submit(article=article, user=editor)
    services.article_approve(article=Article.objects.get(pk=article.pk), user=publisher)
    article.refresh_from_db()
    assert article.status == Article.Status.APPROVED
    worker()
    assert not any(seen(client, article).values())
    with time_machine.travel(when - timedelta(seconds=5), tick=False):
        worker()
    assert Article.objects.get(pk=article.pk).status == Article.Status.APPROVED
    # The schedule's task runs once a 30-second period: 35 s after the last look is always
    # a new period, as the worker's looks every 15 s make it in life.
    with time_machine.travel(when + timedelta(seconds=30), tick=False):
        worker()
    article.refresh_from_db()
    assert article.is_published
    assert article.publish_at is None
    assert seen(client, article) == dict.fromkeys(seen(client, article), True)
    said = Version.objects.get_for_object(article).first().revision.comment
    assert said == "Article published on its date, as Kim McBride approved."
    # The worker again, or a second worker, at the same time: published once.
    with time_machine.travel(when + timedelta(seconds=65), tick=False):
        worker()
    assert (
        Version.objects.get_for_object(article)
        .filter(revision__comment__startswith="Article published on its date")
        .count()
        == 1
    )


def test_an_article_is_unpublished_on_its_date(client):
    article = make_article("What is the quarterly deadline this year?", steps=1)
    when = timezone.now() + timedelta(days=3)
    Article.objects.filter(pk=article.pk).update(unpublish_at=when)
    assert all(seen(client, article).values())
    with time_machine.travel(when + timedelta(seconds=30), tick=False):
        worker()
    article.refresh_from_db()
    assert (article.status, article.unpublish_at) == ("draft", None)
    assert not any(seen(client, article).values())


def test_a_rewrite_approved_for_a_date_replaces_the_text_then(client, people):
    editor, publisher = people
    article = make_article("How do I book a room?", steps=["Open.", "Pick.", "Book it."])
    rewrite = services.article_rewrite_start(article=article, user=editor)
    Step.objects.filter(article=rewrite, position=3).update(body="Book it for up to 4 hours.")
    when = timezone.now() + timedelta(days=1)
    Article.objects.filter(pk=rewrite.pk).update(publish_at=when)
    services.article_submit(article=rewrite, user=editor)
    services.article_approve(article=Article.objects.get(pk=rewrite.pk), user=publisher)
    page = article.get_absolute_url()
    worker()
    assert "Book it." in client.get(page).content.decode()
    with time_machine.travel(when + timedelta(seconds=10), tick=False):
        worker()
    body = client.get(page).content.decode()
    assert "Book it for up to 4 hours." in body
    assert not Article.objects.filter(rewrite_of=article).exists()


def test_sent_back_before_its_date_it_is_not_published(people):
    editor, publisher = people
    article = make_article(status=Article.Status.DRAFT)
    when = timezone.now() + timedelta(hours=1)
    Article.objects.filter(pk=article.pk).update(publish_at=when)
    services.article_submit(article=article, user=editor)
    services.article_approve(article=Article.objects.get(pk=article.pk), user=publisher)
    services.article_send_back(article=article, user=publisher, comment="Hold it: wrong year.")
    with time_machine.travel(when + timedelta(minutes=5), tick=False):
        worker()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


@pytest.mark.parametrize(
    ("publish", "unpublish", "field"),
    [
        (timedelta(minutes=-5), None, "publish_at"),
        (timedelta(days=900), None, "publish_at"),
        (None, timedelta(days=-1), "unpublish_at"),
        (timedelta(days=2), timedelta(days=1), "unpublish_at"),
    ],
)
def test_dates_in_the_past_or_far_future_are_refused(publish, unpublish, field):
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        services.schedule_check(
            publish_at=now + publish if publish is not None else None,
            unpublish_at=now + unpublish if unpublish is not None else None,
            now=now,
        )
    assert field in refused.value.message_dict


def test_finished_tasks_are_forgotten_after_a_week_failed_ones_after_a_month():
    now = timezone.now()
    worker()  # The schedule's first tasks, run and finished now.
    done = DBTaskResult.objects.successful().count()
    assert done >= 2
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.first().pk).update(status="FAILED")
    assert task_results_forget(now=now + timedelta(days=6)) == 0
    assert task_results_forget(now=now + timedelta(days=8)) == done - 1
    assert task_results_forget(now=now + timedelta(days=31)) == 1

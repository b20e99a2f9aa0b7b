"""Counters under real concurrency: threads with their own connections, on SQLite and PostgreSQL."""

import threading
import uuid
from datetime import date

import pytest
from django.db import close_old_connections, connections

from faq import services
from faq.models import Article, Run, Visitor, VisitorRef, Vote
from faq.services.reads import PendingView
from tests.factories import make_article, make_visitor

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(jobs):
    """Start every job on its own thread and connection at the same moment."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        try:
            barrier.wait(timeout=30)
            job()
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    assert errors == []


def test_fifty_visitors_and_a_double_submit_at_once():
    article = make_article()
    voters = [make_visitor() for _ in range(50)]
    twice = make_visitor()
    jobs = [
        (
            lambda v=v, i=i: services.vote_cast(
                article=article, visitor=v.ref, helpful=i % 3 != 0, language="en"
            )
        )
        for i, v in enumerate(voters)
    ]
    jobs += [
        lambda: services.vote_cast(article=article, visitor=twice.ref, helpful=False, language="en")
    ] * 2
    run_at_once(jobs)
    article.refresh_from_db()
    yes = Vote.objects.filter(article=article, helpful=True).count()
    no = Vote.objects.filter(article=article, helpful=False).count()
    assert (article.yes_count, article.no_count) == (yes, no) == (33, 18)
    assert Vote.objects.filter(visitor=twice).count() == 1
    assert services.counters_recount() == []


def test_one_visitor_flipping_between_answers_keeps_counters_true():
    article, visitor = make_article(), make_visitor()
    jobs = [
        (
            lambda i=i: services.vote_cast(
                article=article, visitor=visitor.ref, helpful=i % 2 == 0, language="en"
            )
        )
        for i in range(20)
    ]
    run_at_once(jobs)
    article.refresh_from_db()
    assert article.yes_count + article.no_count == 1
    assert services.counters_recount() == []


def test_many_first_views_at_once_count_each_reader_once():
    article = make_article()
    jobs = [
        (
            lambda i=i: services.article_view_record(
                article=article, visitor_key=f"a:{i % 10}", language="en"
            )
        )
        for i in range(40)
    ]
    run_at_once(jobs)
    article.refresh_from_db()
    assert article.view_count == 10
    assert services.counters_recount() == []


def test_first_writes_of_one_new_visitor_make_one_row():
    key = uuid.uuid4()
    run_at_once([lambda: services.visitor_get_or_create(key=key)] * 10)
    assert Visitor.objects.filter(key=key).count() == 1


def test_one_visitor_ticks_all_thirteen_steps_at_once():
    article, visitor = make_article(steps=13), make_visitor()
    steps = list(article.steps.all())
    jobs = [
        (
            lambda s=s: services.step_check(
                article=article, visitor=visitor.ref, step=s, language="en"
            )
        )
        for s in steps
    ]
    jobs += [
        lambda: services.step_check(
            article=article, visitor=visitor.ref, step=steps[0], language="en"
        )
    ]
    run_at_once(jobs)
    [run] = Run.objects.filter(article=article, visitor=visitor)
    assert run.checks.count() == 13
    assert run.finished_at is not None
    assert run.reset_at is None


def test_a_new_readers_first_ticks_at_once_make_one_row_one_run_and_finish_it():
    article = make_article(steps=13)
    reader = VisitorRef(key=uuid.uuid4())
    steps = list(article.steps.all())
    jobs = [
        lambda s=s: services.step_tick(
            article_id=article.pk, step_id=s.pk, visitor=reader, done=True, language="en"
        )
        for s in steps
    ]
    run_at_once(jobs)
    [visitor] = Visitor.objects.filter(key=reader.key)
    [run] = Run.objects.filter(article=article, visitor=visitor)
    assert run.checks.count() == 13
    assert run.finished_at is not None


def test_batches_of_views_written_at_once_count_each_reader_once():
    articles = [make_article(), make_article()]
    today = date(2026, 3, 3)
    batches = [
        [
            PendingView(a.pk, f"a:{(i + j) % 12}", today, language="en")
            for a in articles
            for j in range(6)
        ]
        for i in range(8)
    ]
    run_at_once([(lambda b=b: services.article_views_record(views=b)) for b in batches])
    assert [a.view_count for a in Article.objects.filter(pk__in=[a.pk for a in articles])] == [
        12,
        12,
    ]
    assert services.counters_recount() == []

"""step_tick: a tick checked, written and read back in one transaction, and on PostgreSQL
in one statement (a function of the database made from the same statements)."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faq import services
from faq.models import Article, Check, Run, Visitor, VisitorRef
from faq.services.ticks import tick_function_sql
from tests.factories import make_article

pytestmark = pytest.mark.django_db
ON_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the tick function is PostgreSQL's"
)


def tick(article, position, *, visitor, done=True):
    step = article.steps.get(position=position)
    return services.step_tick(article_id=article.pk, step_id=step.pk, visitor=visitor, done=done)


def test_a_first_tick_makes_the_readers_row_and_run_and_reads_them_back():
    article, reader = make_article(steps=3), VisitorRef(key=uuid.uuid4())
    result = tick(article, 2, visitor=reader)
    visitor = Visitor.objects.get(key=reader.key)
    run = Run.objects.get(visitor=visitor, article=article)
    assert result.state.run.pk == run.pk
    assert result.state.done_ids == {article.steps.get(position=2).pk}
    assert (result.article.pk, result.article.slug) == (article.pk, article.slug)
    # The page's counters and content version come back with it.
    assert result.article.view_count == article.view_count
    assert result.article.content_version >= 0
    tick(article, 3, visitor=reader)
    assert Visitor.objects.filter(key=reader.key).count() == 1


def test_a_signed_in_reader_ticks_by_their_account():
    user = get_user_model().objects.create_user("reader")
    article = make_article(steps=2)
    result = tick(article, 1, visitor=VisitorRef(user_id=user.pk))
    assert Visitor.objects.get(user=user).runs.get().pk == result.state.run.pk


def test_taking_a_tick_back_reads_back_the_steps_still_done():
    article, reader = make_article(steps=3), VisitorRef(key=uuid.uuid4())
    tick(article, 1, visitor=reader)
    tick(article, 2, visitor=reader)
    result = tick(article, 1, visitor=reader, done=False)
    assert result.state.done_ids == {article.steps.get(position=2).pk}


@pytest.mark.parametrize("case", ["removed step", "another article's step", "draft", "no article"])
def test_a_step_that_cannot_be_ticked_writes_nothing(case):
    article, reader = make_article(steps=2), VisitorRef(key=uuid.uuid4())
    step = article.steps.get(position=1)
    article_id = article.pk
    if case == "removed step":
        services.step_list_save(
            article=article,
            steps=[services.StepInput(body="Only", position=1, step=article.steps.get(position=2))],
            deleted=[step],
        )
    elif case == "another article's step":
        article_id = make_article(steps=1).pk
    elif case == "draft":
        Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    else:
        article_id = 10**9
    result = services.step_tick(article_id=article_id, step_id=step.pk, visitor=reader, done=True)
    assert result is None
    assert not Visitor.objects.filter(key=reader.key).exists()
    assert not Run.objects.exists()
    assert not Check.objects.exists()


@ON_POSTGRES
def test_on_postgresql_a_tick_is_one_statement():
    article, reader = make_article(steps=3), VisitorRef(key=uuid.uuid4())
    tick(article, 1, visitor=reader)
    step = article.steps.get(position=2)
    with CaptureQueriesContext(connection) as ctx:
        services.step_tick(article_id=article.pk, step_id=step.pk, visitor=reader, done=True)
    assert [q["sql"].split("(")[0] for q in ctx.captured_queries] == ["SELECT * FROM faq_step_tick"]


@ON_POSTGRES
def test_the_database_runs_the_tick_the_code_says():
    """The function is made on every migrate from the statements in the code, so a change
    to them reaches the database with the next `migrate`."""
    with connection.cursor() as cursor:
        cursor.execute("DROP FUNCTION faq_step_tick")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'faq_step_tick'")
        [(source,)] = cursor.fetchall()
    assert source.strip() in tick_function_sql()

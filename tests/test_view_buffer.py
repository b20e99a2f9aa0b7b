"""Counted views wait in the server process and are written together (ViewBuffer)."""

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import OperationalError, connection

from faq import services
from faq.models import Article, ArticleView
from faq.services.reads import PendingView, view_buffer
from tests.factories import make_article
from tests.servers import get, gunicorn

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def buffer_of_three(settings):
    settings.VIEW_BUFFER_SIZE = 3
    settings.VIEW_BUFFER_SECONDS = 60


def views(article) -> tuple[int, int]:
    article.refresh_from_db()
    return article.view_count, ArticleView.objects.filter(article=article).count()


def test_views_are_written_when_the_buffer_is_full(buffer_of_three):
    article = make_article()
    assert services.article_view_queue(article_id=article.pk, visitor_key="a:1", language="en")
    assert services.article_view_queue(article_id=article.pk, visitor_key="a:2", language="en")
    assert views(article) == (0, 0)
    services.article_view_queue(article_id=article.pk, visitor_key="a:3", language="en")
    assert views(article) == (3, 3)
    assert len(view_buffer) == 0


@pytest.mark.django_db(transaction=True)
def test_the_timer_writes_views_once_the_oldest_has_waited(settings, monkeypatch):
    """No other view comes: the timer thread writes them, on its own connection."""
    settings.VIEW_BUFFER_SIZE = 3
    settings.VIEW_BUFFER_SECONDS = 0.05
    article = make_article()
    now = [100.0]
    monkeypatch.setattr(view_buffer, "clock", lambda: now[0])
    services.article_view_queue(article_id=article.pk, visitor_key="a:1", language="en")
    services.article_view_queue(article_id=article.pk, visitor_key="a:2", language="en")
    time.sleep(0.3)  # the timer looks several times; the clock says it is not due
    assert views(article) == (0, 0)
    now[0] = 100.05
    deadline = time.monotonic() + 5
    while views(article) != (2, 2):
        assert time.monotonic() < deadline, "the timer did not write the views"
        time.sleep(0.02)
    assert len(view_buffer) == 0


def test_a_reader_counts_once_a_day_across_batches(buffer_of_three):
    article = make_article()
    assert services.article_view_queue(article_id=article.pk, visitor_key="a:1", language="en")
    assert not services.article_view_queue(article_id=article.pk, visitor_key="a:1", language="en")
    services.article_views_flush()
    # Another process (its own cache) queues the same reader again: the row says no.
    day = date.today()
    repeat = PendingView(article_id=article.pk, visitor_key="a:1", day=day, language="en")
    assert services.article_views_record(views=[repeat, repeat]) == 0
    assert views(article) == (1, 1)


def test_views_written_through_the_buffer_keep_their_language(buffer_of_three):
    article = make_article()
    services.article_view_queue(article_id=article.pk, visitor_key="a:1", language="sv")
    # The same reader's day again, in another language: still one read, the first one's.
    assert not services.article_view_queue(article_id=article.pk, visitor_key="a:1", language="en")
    services.article_view_queue(article_id=article.pk, visitor_key="a:2", language="de")
    assert services.article_views_flush() == 2
    assert dict(ArticleView.objects.values_list("visitor_key", "language")) == {
        "a:1": "sv",
        "a:2": "de",
    }
    # One batch with the same read in two languages (from two processes' queues).
    day = date.today()
    twice = [
        PendingView(article_id=article.pk, visitor_key="a:3", day=day, language=language)
        for language in ("de", "sv")
    ]
    assert services.article_views_record(views=twice) == 1
    assert ArticleView.objects.get(visitor_key="a:3").language == "de"


def test_a_deleted_articles_views_are_dropped_and_the_rest_written(buffer_of_three):
    kept, deleted = make_article(), make_article()
    services.article_view_queue(article_id=deleted.pk, visitor_key="a:1", language="en")
    deleted.delete()
    services.article_view_queue(article_id=kept.pk, visitor_key="a:1", language="en")
    assert services.article_views_flush() == 1
    assert views(kept) == (1, 1)


def test_a_database_that_fails_loses_the_batch_not_the_request(buffer_of_three):
    article = make_article()
    services.article_view_queue(article_id=article.pk, visitor_key="a:1", language="en")

    def refuse_inserts(execute, sql, params, many, context):
        if sql.startswith("INSERT"):
            raise OperationalError("disk I/O error")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_inserts):
        assert services.article_views_flush() == 0
    assert len(view_buffer) == 0
    assert views(article) == (0, 0)


_CHILD = """
import os, signal, sys
import django
django.setup()
from faq import services
from faq.models import Article
article = Article.objects.get()
for i in range(3):
    key = f"a:{sys.argv[1]}:{i}"
    services.article_view_queue(article_id=article.pk, visitor_key=key, language="en")
if sys.argv[1] == "killed":
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.django_db(transaction=True)
def test_a_process_that_exits_writes_its_views_and_one_killed_loses_fewer_than_the_size(
    tmp_path,
):
    if connection.vendor != "sqlite":
        pytest.skip("The child processes share a SQLite file; the logic is the same.")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'views.sqlite3'}",
        "VIEW_BUFFER_SIZE": "4",
        "VIEW_BUFFER_SECONDS": "60",
        "REDIS_URL": "",
    }
    python = [sys.executable, "-c"]
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    make = "import django; django.setup(); from tests.factories import make_article; make_article()"
    subprocess.run([*python, make], env=env, cwd=ROOT, check=True)
    subprocess.run([*python, _CHILD, "exited"], env=env, cwd=ROOT, check=True)
    killed = subprocess.run([*python, _CHILD, "killed"], env=env, cwd=ROOT)
    assert killed.returncode == -signal.SIGKILL
    count = (
        "import django; django.setup(); from faq.models import Article;"
        " print(Article.objects.get().view_count)"
    )
    out = subprocess.run([*python, count], env=env, cwd=ROOT, check=True, capture_output=True)
    # The three of the process that exited; the three waiting in the killed one are lost.
    assert out.stdout.decode().strip() == "3"
    assert Article.objects.count() == 0  # the test database was not touched


# A browser's User-Agent: only a person's read counts (faq/visitors.py).
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def served_database_url() -> str:
    """The test database, for a server started beside the test (a file on SQLite)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return f"postgres://{user}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_one_view_on_a_quiet_site_is_written_within_the_interval():
    """One new reader, then nothing: their view must not wait for another to come."""
    article = make_article("How do I sync my EndNote library?", steps=2)
    interval = 1.0
    env = {
        "DATABASE_URL": served_database_url(),
        "REDIS_URL": "",
        "VIEW_BUFFER_SIZE": "50",
        "VIEW_BUFFER_SECONDS": str(interval),
    }
    with gunicorn(env) as base:
        status, headers, _ = get(base + article.get_absolute_url(), {"User-Agent": BROWSER})
        assert status == 200
        assert "hd_visitor" in headers.get("Set-Cookie", "")  # a new reader
        deadline = time.monotonic() + 5 * interval
        while views(article) != (1, 1):
            assert time.monotonic() < deadline, "the view was not written within 5 intervals"
            time.sleep(0.05)

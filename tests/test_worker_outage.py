"""The task worker when its database goes away, as `make run` runs it (deploy/serve.py,
beside gunicorn): PostgreSQL cut through a TCP proxy, the worker stops and is started
again, and once the database answers the waiting mail goes, once."""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection
from django.test import Client

from faq.models import Mail, Question
from tests.factories import make_article, make_team
from tests.servers import ROOT, TcpProxy, free_port

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="cuts PostgreSQL through a proxy: runs with DATABASE_URL (PostgreSQL)",
    ),
]


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_with_the_database_away_the_worker_comes_back_and_mail_goes_once(smtp):
    article = make_article(
        "How do I sync?", steps=["Open EndNote.", "Click Sync."], team=make_team()
    )
    response = Client().post(
        "/ask/", {"question": "Sync stops", "email": "reader@example.edu", "article": article.pk}
    )
    assert response.status_code == 303
    database = connection.settings_dict
    proxy = TcpProxy(database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@127.0.0.1:{proxy.port}/{database['NAME']}",
        "DB_CONNECT_TIMEOUT": "1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "DEFAULT_FROM_EMAIL": "Helpdesk <helpdesk@uni.example>",
        "PORT": str(free_port()),
        "WORKERS": "1",
        "TESTING_STATIC_PLAIN": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # The database is away when the server and its worker start.
    server = subprocess.Popen(
        [sys.executable, "deploy/serve.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()
    try:
        # A worker started, could not reach its database, and stopped.
        assert wait_for(lambda: any("task worker stopped (1)" in x for x in lines), 90), lines
        assert server.poll() is None, "the server stopped with its database away"
        assert smtp.inbox.messages == []
        proxy.start()
        assert wait_for(lambda: len(smtp.inbox.messages) == 2, 90), "no mail once it was back"
        # And never again: every later pass of the worker finds them sent.
        time.sleep(3)
        assert len(smtp.inbox.messages) == 2
        assert set(Mail.objects.values_list("status", flat=True)) == {"sent"}
        assert Question.objects.count() == 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        proxy.stop()

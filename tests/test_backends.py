"""The PostgreSQL backend's health check asks the socket, not the server."""

import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper

from tests.factories import make_article
from tests.servers import get, gunicorn

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def select_ones(monkeypatch):
    """How many times the check fell back to asking the server (Django's SELECT 1)."""
    asked = []
    check = PostgresDatabaseWrapper.is_usable

    def counted(self):
        asked.append(self.alias)
        return check(self)

    monkeypatch.setattr(PostgresDatabaseWrapper, "is_usable", counted)
    return asked


def terminate(pid: int) -> None:
    """End a connection from the server's side, as a restart or an administrator does."""
    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(0.2)  # the server's notice reaches the socket


def test_an_idle_connection_is_usable_without_a_round_trip(select_ones):
    connection.ensure_connection()
    assert connection.is_usable()
    assert select_ones == []


def test_a_connection_the_server_ended_is_seen_as_gone_before_the_next_query(select_ones):
    connection.ensure_connection()
    terminate(connection.connection.info.backend_pid)
    assert not connection.is_usable()
    # What Django does as a request starts and before its first query: the check
    # fails, the connection is dropped, and the query gets a new one.
    connection.close_if_unusable_or_obsolete()
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_server_that_ended_its_connections_costs_readers_nothing():
    """gunicorn keeps one connection a worker; PostgreSQL ends them (a restart, an
    administrator): the next page is served on a new one, not a 503."""
    article = make_article("How do I sync?", steps=2)
    db = settings.DATABASES["default"]
    user = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    url = f"postgres://{user}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    with gunicorn({"DATABASE_URL": url, "REDIS_URL": ""}) as base:
        page = base + article.get_absolute_url()
        assert get(page)[0] == 200
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [db["NAME"]],
            )
            for (pid,) in cursor.fetchall():
                terminate(pid)
        assert [get(page)[0] for _ in range(3)] == [200, 200, 200]

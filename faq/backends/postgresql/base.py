"""Django's PostgreSQL backend, whose health check asks the socket, not the server.

A sync worker keeps one connection for its life (CONN_MAX_AGE=None). Django's
check before each request's first query is a SELECT 1: a round trip on every
page view, which cost about as much as the article page's own query. A
connection the server closed (a restart, a killed backend, a proxy cut) has
something waiting on its socket while it is idle: the server's notice, or the
end of the stream. So an idle socket with nothing to read is taken as usable
without asking; only one with something to read gets the SELECT 1.
"""

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper
from psycopg.pq import TransactionStatus


class DatabaseWrapper(PostgresDatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable or super().is_usable()

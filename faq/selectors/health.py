"""Readiness: can this process reach what it needs to serve readers right now?"""

import logging

from django.core.cache import caches
from django.db import DatabaseError, connection

from faq.cache import ResilientRedisCache

logger = logging.getLogger(__name__)


def database_status() -> str:
    """ "ok", or "unreachable" when the database does not answer (within the pool's timeout)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Database unreachable: %s", error)
        return "unreachable"
    return "ok"


def cache_status() -> str:
    """ "ok" (Redis answers), "unreachable" (pages are served without it), or "local"."""
    cache = caches["default"]
    if not isinstance(cache, ResilientRedisCache):
        return "local"
    return "ok" if cache.ping() else "unreachable"


def readiness() -> dict[str, str]:
    """What /readyz reports: only the database decides; the site runs without Redis."""
    report = {"database": database_status(), "cache": cache_status()}
    report["status"] = "ready" if report["database"] == "ok" else "unavailable"
    return report

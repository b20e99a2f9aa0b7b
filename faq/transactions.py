"""Where a helper may run relative to a transaction, checked when it is called.

A helper that locks rows or writes part of a change is only right inside the
transaction of the service that calls it; one that stores files or waits on
something slow must not hold a transaction (on SQLite, the one write lock).
"""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import DEFAULT_DB_ALIAS, transaction

P = ParamSpec("P")
R = TypeVar("R")


class TransactionUsageError(RuntimeError):
    """A helper was called inside a transaction it must not hold, or outside one it needs."""


def assert_in_transaction(using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise unless a transaction is open on the connection."""
    if not transaction.get_connection(using).in_atomic_block:
        raise TransactionUsageError("This must run inside the caller's transaction.")


def assert_no_transaction(using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise if a transaction is open on the connection."""
    if transaction.get_connection(using).in_atomic_block:
        raise TransactionUsageError("This must run before the transaction opens.")


def in_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a helper that must run inside its caller's transaction."""

    @functools.wraps(func)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        assert_in_transaction()
        return func(*args, **kwargs)

    return checked


def outside_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a helper that must run with no transaction open."""

    @functools.wraps(func)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        assert_no_transaction()
        return func(*args, **kwargs)

    return checked

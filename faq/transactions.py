"""Which side of a transaction a piece of code runs on, checked rather than hoped for.

Some helpers write rows or lock them for the whole save: they must run inside
the transaction of the service that calls them. Others do slow work that no
rollback can take back (resizing images, writing files, a network call): they
must run before that transaction opens, or SQLite's one write lock (taken at
BEGIN here) is held while they work. A helper on the wrong side is a bug in
its caller, so these raise rather than carry on.
"""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import DEFAULT_DB_ALIAS, transaction

P = ParamSpec("P")
R = TypeVar("R")


class TransactionStateError(RuntimeError):
    """A helper was called inside a transaction it must not run in, or outside one it needs."""


def transaction_open(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the code has a transaction open (a test case's own wrapping is not one)."""
    connection = transaction.get_connection(using)
    # Django's TestCase wraps each test in atomic blocks it marks as its own;
    # they stand for the autocommit a server runs in, and Django's durable
    # check ignores them for that reason. So does this one.
    return connection.in_atomic_block and any(
        not block._from_testcase for block in connection.atomic_blocks
    )


def assert_in_transaction(what: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise TransactionStateError unless a transaction is open; `what` names the caller."""
    if not transaction_open(using):
        raise TransactionStateError(
            f"{what} must run inside a transaction: call it within transaction.atomic()."
        )


def assert_no_transaction(what: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise TransactionStateError if a transaction is open; `what` names the caller."""
    if transaction_open(using):
        raise TransactionStateError(
            f"{what} must run before any transaction opens: it would hold the "
            "database's write lock while it works, and a rollback cannot undo it."
        )


def in_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a helper that must run inside its caller's transaction."""

    @functools.wraps(func)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        assert_in_transaction(func.__qualname__)
        return func(*args, **kwargs)

    return checked


def outside_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a helper that must run before any transaction opens."""

    @functools.wraps(func)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        assert_no_transaction(func.__qualname__)
        return func(*args, **kwargs)

    return checked

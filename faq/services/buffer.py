"""Writes that wait in the server process and go to the database together."""

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger(__name__)

T = TypeVar("T")


class WriteBuffer(Generic[T]):
    """Items waiting in this server process, written together by `write`.

    An item costs no write of its own: the request that fills the buffer to
    VIEW_BUFFER_SIZE, or that comes VIEW_BUFFER_SECONDS after the oldest
    waiting item, writes them all in one call. A process that exits normally
    writes what it holds (atexit); one killed outright loses it, at most
    VIEW_BUFFER_SIZE - 1 items. With `unique`, an item already waiting is not
    added again.
    """

    def __init__(
        self,
        write: Callable[[Sequence[T]], int],
        *,
        what: str,
        clock=time.monotonic,
        unique: bool = False,
    ) -> None:
        self.write = write
        self.what = what
        self.clock = clock
        self.unique = unique
        self._items: list[T] = []
        self._waiting: set[T] = set()
        self._oldest = 0.0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item: T) -> bool:
        return item in self._waiting

    def add(self, item: T) -> bool:
        """Queue an item; False if `unique` and it is waiting already."""
        with self._lock:
            if self.unique:
                if item in self._waiting:
                    return False
                self._waiting.add(item)
            if not self._items:
                self._oldest = self.clock()
            self._items.append(item)
            due = (
                len(self._items) >= settings.VIEW_BUFFER_SIZE
                or self.clock() - self._oldest >= settings.VIEW_BUFFER_SECONDS
            )
        if due:
            self.flush()
        return True

    def flush(self) -> int:
        """Write the waiting items; a database that fails loses them, never the request."""
        with self._lock:
            items, self._items = self._items, []
            self._waiting = set()
        if not items:
            return 0
        try:
            return self.write(items)
        except DatabaseError:
            logger.exception("Could not write %d %s; they are lost.", len(items), self.what)
            return 0

    def clear(self) -> None:
        with self._lock:
            self._items = []
            self._waiting = set()

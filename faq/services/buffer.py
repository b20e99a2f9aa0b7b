"""Writes that wait in the server process and go to the database together."""

import contextlib
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

T = TypeVar("T")

# How long stopping the timer waits for a write under way (gunicorn gives a
# stopping worker 30 seconds).
_JOIN_SECONDS = 10

# Every buffer of this process, so that a forked child can drop its parent's state.
_buffers: "weakref.WeakSet[WriteBuffer[Any]]" = weakref.WeakSet()


class WriteBuffer(Generic[T]):
    """Items waiting in this server process, written together by `write`.

    An item costs no write of its own. The request whose add fills the buffer to
    its size setting writes it; otherwise a daemon thread (the timer, started
    lazily in the process that adds, so each forked worker has its own) writes
    it its seconds setting after the oldest waiting item came, even if nothing
    else comes. The timer opens a database connection for each write and closes
    it after. A write the database refuses is logged and its items lost (one
    batch, at most the size); the request and the timer carry on. A process that
    exits normally writes what it holds (`shutdown`, at exit). One killed
    outright (kill -9, out of memory, power loss) loses what it had not written:
    the items of its last seconds setting (plus the time a write takes), at most
    twice the size in a sync worker (those waiting, and a batch being written).
    With `unique`, an item already waiting is not added again.
    """

    def __init__(
        self,
        write: Callable[[Sequence[T]], int],
        *,
        what: str,
        size_setting: str,
        seconds_setting: str,
        clock: Callable[[], float] = time.monotonic,
        unique: bool = False,
    ) -> None:
        self.write = write
        self.what = what
        # Names, read on each use: settings overridden at run time (tests) apply.
        self.size_setting = size_setting
        self.seconds_setting = seconds_setting
        self.clock = clock
        self.unique = unique
        self._reset()
        _buffers.add(self)

    def _reset(self) -> None:
        self._items: list[T] = []
        self._waiting: set[T] = set()
        self._oldest = 0.0
        self._lock = threading.Lock()
        self._armed = threading.Condition(self._lock)
        self._timer: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def size(self) -> int:
        return int(getattr(settings, self.size_setting))

    @property
    def seconds(self) -> float:
        return float(getattr(settings, self.seconds_setting))

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
                self._armed.notify()
            self._items.append(item)
            self._start_timer()
            # Only a full buffer is written by the request that fills it; time is
            # the timer's, so a read never waits for a write that is merely due.
            full = len(self._items) >= self.size
        if full:
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
        """Drop the waiting items and stop the timer (tests: nothing reaches the next test)."""
        with self._lock:
            self._items = []
            self._waiting = set()
        self._disarm()

    def shutdown(self) -> int:
        """Stop the timer, letting a write under way finish, then write the rest (at exit)."""
        self._disarm()
        return self.flush()

    def _start_timer(self) -> None:
        # Called with the lock held. Started here, in the process that adds, and
        # again should the thread have died, so that no item waits for ever.
        if self._timer is None or not self._timer.is_alive():
            self._stop = threading.Event()
            self._timer = threading.Thread(
                target=self._run, args=(self._stop,), name=f"{self.what} timer", daemon=True
            )
            self._timer.start()

    def _disarm(self) -> None:
        with self._lock:
            timer, self._timer = self._timer, None
            self._stop.set()
            self._armed.notify()
        if timer is not None and timer is not threading.current_thread():
            # Waits for a write under way, so that it does not land after clear()
            # or exit; bounded, so that a database that hangs cannot hold an exit.
            timer.join(timeout=_JOIN_SECONDS)
            if timer.is_alive():
                logger.warning("The %s timer is still writing; not waiting longer.", self.what)

    def _run(self, stop: threading.Event) -> None:
        while True:
            with self._lock:
                while not stop.is_set():
                    if not self._items:
                        self._armed.wait()
                        continue
                    delay = self._oldest + self.seconds - self.clock()
                    if delay <= 0:
                        break
                    self._armed.wait(delay)
                if stop.is_set():
                    return
            try:
                self.flush()
            except Exception:
                # Whatever went wrong, the timer must live to write the next items.
                logger.exception("The %s timer could not write; the items are lost.", self.what)
            finally:
                # This thread's own connection: closed, so that it neither leaks
                # nor holds SQLite's file between writes. One that broke is gone.
                with contextlib.suppress(DatabaseError):
                    connections.close_all()

    def _forked(self) -> None:
        # A forked child (a gunicorn worker) has no timer thread, maybe a lock
        # held by one of the parent's threads, and the parent's items, which the
        # parent writes. It starts afresh and arms its own timer on its first add.
        self._reset()


def _after_fork_in_child() -> None:
    for buffer in list(_buffers):
        buffer._forked()


os.register_at_fork(after_in_child=_after_fork_in_child)

"""WriteBuffer: items written together, by the add that fills it or by its timer,
and each buffer by its own settings."""

import os
import select
import signal
import threading
import time

import pytest
from django.db import DatabaseError, connections

from faq import services
from faq.models import SearchDay
from faq.services.buffer import WriteBuffer
from faq.services.search import search_buffer


class Clock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Sink:
    """A write that keeps its batches and the thread that wrote each."""

    def __init__(self) -> None:
        self.batches: list[list] = []
        self.threads: list[threading.Thread] = []

    def __call__(self, items) -> int:
        self.batches.append(list(items))
        self.threads.append(threading.current_thread())
        return len(items)


def wait_until(condition, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the bound"
        time.sleep(0.01)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def make_buffer(settings, clock):
    # A short interval: with the clock stopped, the timer looks again this often.
    settings.VIEW_BUFFER_SIZE = 3
    settings.VIEW_BUFFER_SECONDS = 0.05
    made = []

    def make(write, **options) -> WriteBuffer:
        options.setdefault("clock", clock)
        buffer = WriteBuffer(
            write,
            what="test items",
            size_setting="VIEW_BUFFER_SIZE",
            seconds_setting="VIEW_BUFFER_SECONDS",
            **options,
        )
        made.append(buffer)
        return buffer

    yield make
    for buffer in made:
        buffer.clear()


def test_a_lone_item_is_written_by_the_timer_once_due(make_buffer, clock):
    sink = Sink()
    buffer = make_buffer(sink)
    buffer.add(1)
    time.sleep(0.3)  # the timer looks several times; the clock says not yet
    assert sink.batches == []
    clock.now += 0.05
    wait_until(lambda: sink.batches == [[1]])
    assert sink.threads[0] is not threading.current_thread()
    assert len(buffer) == 0


def test_the_timer_counts_from_the_oldest_item_and_writes_all_together(make_buffer, clock):
    sink = Sink()
    buffer = make_buffer(sink)
    buffer.add(1)
    clock.now += 0.04
    buffer.add(2)
    time.sleep(0.2)
    assert sink.batches == []
    clock.now += 0.01
    wait_until(lambda: sink.batches == [[1, 2]])


def test_a_full_buffer_is_written_by_the_add_that_fills_it(make_buffer):
    sink = Sink()
    buffer = make_buffer(sink)
    buffer.add(1)
    buffer.add(2)
    assert sink.batches == []
    buffer.add(3)
    assert sink.batches == [[1, 2, 3]]
    assert sink.threads == [threading.current_thread()]


def test_the_timer_arms_again_for_items_after_a_write(make_buffer, clock):
    sink = Sink()
    buffer = make_buffer(sink)
    buffer.add(1)
    clock.now += 0.05
    wait_until(lambda: sink.batches == [[1]])
    buffer.add(2)
    time.sleep(0.2)
    assert sink.batches == [[1]]
    clock.now += 0.05
    wait_until(lambda: sink.batches == [[1], [2]])
    # And after a full buffer was written by its add.
    for item in (3, 4, 5, 6):
        buffer.add(item)
    assert sink.batches[-1] == [3, 4, 5]
    clock.now += 0.05
    wait_until(lambda: sink.batches[-1] == [6])


def test_a_failed_write_loses_its_batch_and_the_timer_carries_on(make_buffer, clock, caplog):
    failures = [DatabaseError("the database is down"), RuntimeError("a bug")]
    sink = Sink()

    def write(items):
        if failures:
            raise failures.pop(0)
        return sink(items)

    buffer = make_buffer(write)

    def logged():
        return [r.getMessage() for r in caplog.records if r.name == "faq.services.buffer"]

    buffer.add(1)
    clock.now += 0.05
    wait_until(lambda: len(logged()) == 1)
    buffer.add(2)
    clock.now += 0.05
    wait_until(lambda: len(logged()) == 2)
    buffer.add(3)
    clock.now += 0.05
    wait_until(lambda: sink.batches == [[3]])
    assert logged() == [
        "Could not write 1 test items; they are lost.",
        "The test items timer could not write; the items are lost.",
    ]
    assert len(buffer) == 0


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_timer_that_died_is_started_again_by_the_next_add(make_buffer, clock):
    sink = Sink()
    broken = []

    def clock_that_breaks_once_in_the_timer():
        if threading.current_thread().name == "test items timer" and not broken:
            broken.append(True)
            raise RuntimeError("the timer dies")
        return clock()

    buffer = make_buffer(sink, clock=clock_that_breaks_once_in_the_timer)
    buffer.add(1)
    first = buffer._timer
    first.join(5)
    assert broken
    assert not first.is_alive()
    buffer.add(2)
    assert buffer._timer is not first
    clock.now += 0.05
    wait_until(lambda: sink.batches == [[1, 2]])


def test_clear_drops_the_items_and_stops_the_timer(make_buffer, clock):
    sink = Sink()
    buffer = make_buffer(sink)
    buffer.add(1)
    timer = buffer._timer
    buffer.clear()
    assert not timer.is_alive()
    clock.now += 1
    time.sleep(0.2)
    assert sink.batches == []
    buffer.add(2)
    clock.now += 0.05
    wait_until(lambda: sink.batches == [[2]])


def blocking_sink():
    """A Sink whose first write waits to be let go."""
    sink, entered, go = Sink(), threading.Event(), threading.Event()
    calls = []

    def write(items):
        calls.append(items)
        if len(calls) == 1:
            entered.set()
            go.wait(10)
        return sink(items)

    return sink, write, entered, go


def held_write(make_buffer, clock):
    """A buffer whose timer is writing [1], held until `go` is set."""
    sink, write, entered, go = blocking_sink()
    buffer = make_buffer(write)
    buffer.add(1)
    clock.now += 0.05
    assert entered.wait(5)
    return sink, buffer, go


def started(target):
    """A thread running `target`, given a moment to get as far as it can."""
    thread = threading.Thread(target=target)
    thread.start()
    thread.join(0.2)
    return thread


def test_clear_waits_for_a_write_under_way(make_buffer, clock):
    sink, buffer, go = held_write(make_buffer, clock)
    clearing = started(buffer.clear)
    assert clearing.is_alive()  # held by the write: nothing lands after clear()
    go.set()
    clearing.join(5)
    assert not clearing.is_alive()
    assert sink.batches == [[1]]


def test_shutdown_lets_a_write_under_way_finish_then_writes_the_rest(make_buffer, clock):
    sink, buffer, go = held_write(make_buffer, clock)
    buffer.add(2)
    done = []
    stopping = started(lambda: done.append(buffer.shutdown()))
    assert stopping.is_alive()  # waits for the timer's write before writing the rest
    go.set()
    stopping.join(5)
    assert done == [1]
    assert sink.batches == [[1], [2]]
    assert sink.threads[1] is stopping


def test_a_forked_child_leaves_the_parents_items_and_arms_its_own_timer(make_buffer, clock):
    read_end, write_end = os.pipe()

    def write(items):
        os.write(write_end, repr(list(items)).encode() + b"\n")
        return len(items)

    buffer = make_buffer(write)
    buffer.add("parent")
    pid = os.fork()
    if pid == 0:  # the child: a gunicorn worker forked from a master that added
        code = 1
        try:
            os.write(write_end, f"waiting {len(buffer)}\n".encode())
            buffer.add("child")
            clock.now += 0.05
            deadline = time.monotonic() + 5
            while len(buffer) and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.1)  # let the timer's write reach the pipe
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    out = b""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if select.select([read_end], [], [], 0.1)[0]:
            chunk = os.read(read_end, 1024)
            if not chunk:
                break
            out += chunk
    os.close(read_end)
    exited, status = os.waitpid(pid, os.WNOHANG)
    if not exited:  # stuck (a lock held at the fork): end it, and fail
        os.kill(pid, signal.SIGKILL)
        exited, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert out.decode().splitlines() == ["waiting 0", "['child']"]
    assert len(buffer) == 1  # the parent's item is the parent's to write


@pytest.mark.django_db(transaction=True)
def test_the_timer_closes_its_database_connection_after_each_write(make_buffer, clock):
    used = []

    def write(items):
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        used.append(connections["default"])
        return len(items)

    buffer = make_buffer(write)
    for written in (1, 2):
        buffer.add(written)
        clock.now += 0.05
        wait_until(lambda n=written: len(used) == n and used[-1].connection is None)
    assert all(handler is not connections["default"] for handler in used)


@pytest.mark.django_db
def test_the_search_buffer_is_sized_by_its_own_setting(settings):
    settings.VIEW_BUFFER_SIZE = 1
    settings.SEARCH_BUFFER_SIZE = 3
    services.search_queue(query="endnote sync", results=2, language="en")
    services.search_queue(query="zotero", results=0, language="en")
    assert len(search_buffer) == 2
    assert not SearchDay.objects.exists()
    services.search_queue(query="endnote sync", results=2, language="en")
    assert len(search_buffer) == 0
    assert SearchDay.objects.get(query="endnote sync").searches == 2


@pytest.mark.django_db(transaction=True)
def test_the_search_timer_follows_its_own_seconds(settings):
    settings.VIEW_BUFFER_SECONDS = 0.05
    settings.SEARCH_BUFFER_SECONDS = 3600
    services.search_queue(query="endnote sync", results=2, language="en")
    time.sleep(0.5)
    assert len(search_buffer) == 1
    assert not SearchDay.objects.exists()
    search_buffer.clear()
    settings.VIEW_BUFFER_SECONDS = 3600
    settings.SEARCH_BUFFER_SECONDS = 0.05
    services.search_queue(query="endnote sync", results=2, language="en")
    wait_until(lambda: SearchDay.objects.filter(query="endnote sync", searches=1).exists())
    assert len(search_buffer) == 0

"""Every script in benchmarks/ still runs: each with --smoke (a few seconds on a scratch
database of its own), exiting 0 and printing its table, so that a benchmark cannot rot
unseen. Scripts that need PostgreSQL and Redis (or wrk, nginx, Chromium) run where they
are: `make test` on SQLite, and again with DATABASE_URL and REDIS_URL, as .ci/run does."""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
# A script that hangs fails instead of holding up the suite.
TIMEOUT = 300
# The scripts wait on servers, PostgreSQL and sleeps as much as they compute: three at
# once keep two cores busy. The set took 33 s on SQLite and 60 s on PostgreSQL with
# Redis on two cores shared with other work (load average 2; 48 and 80 s at 5).
AT_ONCE = 3
NUMBER = r"[\d.]+"


@dataclass(frozen=True)
class Smoke:
    # Lines (regular expressions) its results print: the table, with numbers in it.
    prints: tuple[str, ...]
    needs: tuple[str, ...] = ()


SMOKES = {
    # Longest first: they start first.
    "cluster_load.py": Smoke(
        (rf"\| nginx, two app servers, 2 workers each \| htmx tick \| {NUMBER} \|",),
        needs=("postgres", "redis", "wrk", "nginx"),
    ),
    "outages.py": Smoke(
        (
            r"\| kill -9 a worker \| \d+ \|",
            r"acknowledged votes: \d+, lost: 0",
            r"counters against rows: 0 drifted",
        ),
        needs=("postgres", "redis"),
    ),
    "article_load.py": Smoke(
        (
            rf"\| /healthz \| {NUMBER} \|",
            rf"\| an htmx step tick \(5 readers, 3 ticks to 1 untick\) \| {NUMBER} \|",
            rf"\| Swedish: a returning reader, 5 of 13 steps done, voted \| {NUMBER} \|",
            rf"\| Swedish: an htmx step tick \(5 readers, 3 ticks to 1 untick\) \| {NUMBER} \|",
            r"Resident memory of each worker after the runs: \d+",
        ),
        needs=("wrk",),
    ),
    "api_load.py": Smoke(
        (
            rf"\| API: the EndNote article \(13 steps\), cached body \| {NUMBER} \|",
            rf"\| API: the same, If-None-Match: 304 \| {NUMBER} \|",
        ),
        needs=("wrk",),
    ),
    "mixed_load.py": Smoke(
        (
            rf"\| 90% article reads, 10% votes by new readers \| {NUMBER} \|",
            r"recount_counters: 0 drifted",
        ),
        needs=("wrk",),
    ),
    "step_load.py": Smoke(
        (rf"\| step check/uncheck \(htmx\) \| {NUMBER} \|", r"Afterwards: \d+ runs"),
        needs=("wrk",),
    ),
    "page_weight.py": Smoke(
        (rf"\| \*\*HTML, CSS and JS\*\* \| \| \*\*{NUMBER}\*\*",), needs=("chromium",)
    ),
    "stats_pages.py": Smoke(
        (
            rf"\| EndNote article: charts and step funnel, last 90 days \| {NUMBER} \|",
            rf"\| EndNote article, last 90 days, runs started in Swedish \| {NUMBER} \|",
        )
    ),
    "vote_burst.py": Smoke((r"7 POSTs at once: 7 answered 2xx/3xx", r"0 drifted counter", r"^OK$")),
    "scale.py": Smoke(
        (
            rf"\| htmx step tick \| {NUMBER} \|",
            rf"\| funnel of the busiest article .* \| {NUMBER} \|",
        )
    ),
    "relevance.py": Smoke((r"\| hybrid \| \d+/\d+ \| \d\.\d{3} \|",)),
    "related.py": Smoke((r"\| meaning \| \d\.\d{3} \| \d\.\d{3} \|",)),
    "worker_memory.py": Smoke(
        (rf"\| in the master \(--preload\) \| searches \| {NUMBER} \| {NUMBER} \| {NUMBER} \|",)
    ),
    "search_bench.py": Smoke(
        (
            rf"\| full search, page 1 \(16 queries\) \| {NUMBER} \| {NUMBER} \|",
            rf"\| suggestions \(10 prefixes\) \| {NUMBER} \| {NUMBER} \|",
        )
    ),
}
# Modules the scripts import, not scripts: run through them.
LIBRARIES = {"harness.py", "outage_load.py", "readers.py", "relevance_set.py"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def missing(need: str) -> str | None:
    """Why a smoke cannot run here, or None."""
    if need == "postgres" and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return "needs PostgreSQL (DATABASE_URL)"
    if need == "redis" and not os.environ.get("REDIS_URL"):
        return "needs Redis (REDIS_URL)"
    if need == "wrk" and not shutil.which("wrk"):
        return "needs wrk (apt-get install wrk; `make test` installs it as root)"
    if need == "nginx" and not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        return "needs nginx (apt-get install nginx-light; `make test` installs it as root)"
    if need == "chromium" and not Path(CHROMIUM).exists():
        return f"needs Chromium at {CHROMIUM} (`make test` installs it as root)"
    return None


def skip_reason(script: str) -> str | None:
    return next(filter(None, map(missing, SMOKES[script].needs)), None)


# The smokes' processes still running, to stop when the tests stop early (-x, Ctrl-C).
RUNNING: set[subprocess.Popen] = set()


def stop(process: subprocess.Popen) -> None:
    """Stop a smoke with every server it started (its process group): interrupted first,
    so that it drops its scratch database on the way out."""
    for sign, grace in ((signal.SIGINT, 10), (signal.SIGKILL, None)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sign)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
            return


def smoke_run(script: str) -> subprocess.CompletedProcess:
    """The script with --smoke, in a process group of its own."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # The browser tests allow async-unsafe ORM use in the test process only.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = subprocess.Popen(
        [sys.executable, str(BENCHMARKS / script), "--smoke"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    RUNNING.add(process)
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        stop(process)
        out, err = process.communicate()
        err += f"\n(stopped after {TIMEOUT} s)"
    finally:
        RUNNING.discard(process)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.fixture(scope="module")
def smokes(request) -> dict[str, Future]:
    """Start the smokes this session selected, a few at once, before the first test waits."""
    selected = {
        item.callspec.params["script"]
        for item in request.session.items
        if item.module is sys.modules[__name__] and hasattr(item, "callspec")
    }
    runnable = [s for s in SMOKES if s in selected and not skip_reason(s)]
    pool = ThreadPoolExecutor(max_workers=AT_ONCE, thread_name_prefix="smoke")
    futures = {script: pool.submit(smoke_run, script) for script in runnable}
    yield futures
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list(RUNNING):
        stop(process)
    pool.shutdown(wait=True)


def test_every_script_has_a_smoke():
    scripts = {path.name for path in BENCHMARKS.glob("*.py")} - LIBRARIES
    assert scripts == set(SMOKES)
    for library in LIBRARIES:
        assert "__main__" not in (BENCHMARKS / library).read_text()


@pytest.mark.parametrize(
    "script",
    [
        pytest.param(s, marks=pytest.mark.browser) if "chromium" in SMOKES[s].needs else s
        for s in SMOKES
    ],
)
def test_benchmark_smoke(smokes, script):
    if reason := skip_reason(script):
        pytest.skip(reason)
    result = smokes[script].result()
    shown = f"stdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}"
    assert result.returncode == 0, shown
    for line in SMOKES[script].prints:
        assert re.search(line, result.stdout, re.MULTILINE), f"no {line!r} in\n{shown}"

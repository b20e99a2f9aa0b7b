"""Statistics at scale: the overview and the EndNote funnel over a million checks.

Fills a fresh database with `manage.py fill_activity` (1,000 articles, 100,000
runs, 1,000,000 checks by default), then times whole requests to the staff
pages in process (Django's test client as a superuser: URL routing, the
queries, template rendering) and prints the medians as a Markdown table.

    .venv/bin/python benchmarks/stats_pages.py                # SQLite in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/stats_pages.py

The PostgreSQL database is flushed first. `--keep PATH` keeps the SQLite file
and `--reuse` times an already filled database without filling it again.
`--smoke` fills a scratch database (a temporary file, or a PostgreSQL database
of its own beside DATABASE_URL's) with 20 articles and 300 runs and times each
page once.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import manage_run, smoke_argument, smoke_scratch, smoke_sizes  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")

# Runs inside a child process, so Django is set up for the benchmark's database only.
_TIMER = r"""
import json, os, statistics, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from faq.models import Article

runs = int(sys.argv[1])
user = get_user_model().objects.filter(username="bench-lead").first() or (
    get_user_model().objects.create_superuser("bench-lead", "lead@example.edu", None)
)
client = Client(HTTP_HOST="localhost")
client.force_login(user)
endnote = Article.objects.get(slug="sync-endnote-library-to-new-library")
pages = {
    "overview, last 30 days (as it opens), sorted by views": "/admin/statistics/",
    "overview, last 90 days, sorted by views": "/admin/statistics/?period=90",
    "overview, last 90 days, sorted by score": "/admin/statistics/?period=90&o=-score",
    "overview CSV, all 1,000 rows, last 90 days": "/admin/statistics/export.csv?period=90",
    "EndNote article: charts and step funnel, last 30 days (as it opens)": (
        f"/admin/statistics/articles/{endnote.pk}/"
    ),
    "EndNote article: charts and step funnel, last 90 days": (
        f"/admin/statistics/articles/{endnote.pk}/?period=90"
    ),
    "inbox, first page": "/admin/faq/inboxitem/",
    # The same pages for the Swedish readers alone (a fifth of them in fill_activity).
    "overview, last 30 days, Swedish readers": "/admin/statistics/?language=sv",
    "overview, last 90 days, Swedish readers": "/admin/statistics/?period=90&language=sv",
    "EndNote article, last 30 days, runs started in Swedish": (
        f"/admin/statistics/articles/{endnote.pk}/?language=sv"
    ),
    "EndNote article, last 90 days, runs started in Swedish": (
        f"/admin/statistics/articles/{endnote.pk}/?period=90&language=sv"
    ),
    "inbox, first page, Swedish": "/admin/faq/inboxitem/?language=sv",
}
out = {}
for name, url in pages.items():
    # Counted by a wrapper: Django clears its own query log when a request starts.
    queries = []
    with connection.execute_wrapper(lambda run, sql, *args: queries.append(sql) or run(sql, *args)):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    size = len(response.content)
    out[name] = {"url": url, "times": times, "queries": len(queries), "bytes": size}
print(json.dumps(out))
"""


_ANALYZE = (
    "import django; django.setup(); from django.db import connection; "
    "connection.cursor().execute("
    "'VACUUM ANALYZE' if connection.vendor == 'postgresql' else 'ANALYZE')"
)


def cpu_reference() -> float:
    """Seconds for a fixed pure-Python loop: compares this machine's speed with another's."""
    started = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i
    return time.perf_counter() - started


def manage(env: dict, *args: str) -> None:
    manage_run(env, list(args), quiet=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--checks", type=int, default=1_000_000)
    parser.add_argument("--views", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=9, help="timed requests per page")
    parser.add_argument("--keep", help="SQLite file to fill and keep (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="time the database as it is")
    smoke_argument(parser)
    args = smoke_sizes(
        parser.parse_args(), articles=20, runs=300, checks=2500, views=500, repeat=1, reuse=False
    )
    with smoke_scratch(args, "stats"):
        measure(args)


def measure(args: argparse.Namespace) -> None:
    url = os.environ.get("DATABASE_URL")
    if not url:
        path = args.keep or str(Path(tempfile.mkdtemp(prefix="helpdesk-stats-")) / "db.sqlite3")
        url = f"sqlite:///{path}"
    env = {**os.environ, "DATABASE_URL": url, "TESTING_STATIC_PLAIN": "1", "PYTHONPATH": str(ROOT)}
    env["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
    if not args.reuse:
        if url.startswith("postgres"):
            manage(env, "migrate", "-v0")
            manage(env, "flush", "--noinput")
        manage(env, "migrate", "-v0")
        started = time.perf_counter()
        manage(
            env,
            "fill_activity",
            f"--articles={args.articles}",
            f"--runs={args.runs}",
            f"--checks={args.checks}",
            f"--views={args.views}",
            f"--seed={args.seed}",
        )
        print(f"filled in {time.perf_counter() - started:.0f} s")
        # Fresh statistics and visibility map for the planner, as autovacuum would leave them.
        subprocess.run([PYTHON, "-c", _ANALYZE], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [PYTHON, "-c", _TIMER, str(args.repeat)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    pages = json.loads(result.stdout.strip().splitlines()[-1])
    database = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {database}; {args.articles} articles, {args.runs} runs, "
        f"{args.checks} checks (target), seed {args.seed}; {args.repeat} timed requests each "
        f"after one untimed. CPU reference: a 5,000,000-step Python loop took "
        f"{cpu_reference():.2f} s.\n"
    )
    print("| page | median (ms) | min (ms) | max (ms) | queries | HTML (KB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, page in pages.items():
        times = page["times"]
        print(
            f"| {name} | {statistics.median(times):.0f} | {min(times):.0f} | {max(times):.0f} "
            f"| {page['queries']} | {page['bytes'] / 1024:.0f} |"
        )


if __name__ == "__main__":
    sys.exit(main())

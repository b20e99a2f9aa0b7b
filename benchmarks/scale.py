"""The article page and the busiest funnel on a big database, next to the demo's.

Times whole requests in process (Django's test client: routing, queries,
templates) against the database in DATABASE_URL, as it is: fill it first with
`manage.py fill_activity` (see benchmarks/RESULTS.md for the sizes used).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scalebench .venv/bin/python benchmarks/scale.py

Prints the median and 95th percentile of each case, its query count, and the
sizes of the tables it ran on, as Markdown. `--smoke` fills a scratch database
(a temporary file, or a PostgreSQL database of its own beside DATABASE_URL's)
with a little activity first and times each case twice.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import manage_run, smoke_argument, smoke_scratch, smoke_sizes  # noqa: E402

# What --smoke fills its scratch database with: the demo and a little activity.
SMOKE_FILL = ("--articles=20", "--runs=300", "--checks=2500", "--views=500", "--seed=7")

# Runs in a child process, so Django is set up for the benchmark's database only.
_TIMER = r"""
import json, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from faq import services
from faq.models import Article, Check, Run, Step

repeat = int(sys.argv[1])
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
endnote = Article.objects.get(slug="sync-endnote-library-to-new-library")
url = endnote.get_absolute_url()
steps = list(endnote.steps.order_by("position").values_list("pk", flat=True))


def measure(send):
    # The first request may build the cached page or a visitor's run: count the second.
    send(0)
    queries = []
    with connection.execute_wrapper(lambda run, sql, *a: queries.append(sql) or run(sql, *a)):
        status = send(1)
    assert status in (200, 204), status
    times = []
    for i in range(2, repeat + 2):
        started = time.perf_counter()
        send(i + 1)
        times.append((time.perf_counter() - started) * 1000)
    services.article_views_flush()
    return {"times": times, "queries": len(queries)}


returning = Client(HTTP_HOST="localhost", HTTP_USER_AGENT=BROWSER)
returning.get(url)
for step in steps[:5]:
    returning.post(f"{url}steps/{step}/", {"done": "1"})
returning.post(f"{url}vote/", {"helpful": "yes"})
ticker = Client(HTTP_HOST="localhost", HTTP_USER_AGENT=BROWSER)
ticker.get(url)
# One client for the readers without cookies: a new one per request would load
# every middleware again, which a server does once.
fresh = Client(HTTP_HOST="localhost")
fresh_browser = Client(HTTP_HOST="localhost", HTTP_USER_AGENT=BROWSER)


def without_cookies(client):
    client.cookies.clear()
    return client.get(url).status_code


def tick(i):
    done = "1" if i % 2 == 0 else "0"
    response = ticker.post(f"{url}steps/{steps[6]}/", {"done": done}, HTTP_HX_REQUEST="true")
    return response.status_code


runs = Run.objects.values("article").annotate(n=Count("*"))
busiest = runs.order_by("-n").values_list("article", "n")[0]
lead = get_user_model().objects.filter(username="bench-lead").first() or (
    get_user_model().objects.create_superuser("bench-lead", "lead@example.edu", None)
)
staff = Client(HTTP_HOST="localhost")
staff.force_login(lead)
funnel_url = f"/admin/statistics/articles/{busiest[0]}/?period=90"
out = {
    "cases": {
        "article page, a crawler (no cookies)": measure(
            lambda i: without_cookies(fresh)
        ),
        "article page, a first-time reader (a counted view)": measure(
            lambda i: without_cookies(fresh_browser)
        ),
        "article page, a returning reader (5 of 13 done, voted)": measure(
            lambda i: returning.get(url).status_code
        ),
        "htmx step tick": measure(tick),
        f"funnel of the busiest article ({busiest[1]:,} runs), last 90 days": measure(
            lambda i: staff.get(funnel_url).status_code
        ),
    },
    "sizes": {
        "articles": Article.objects.count(),
        "steps": Step.all_objects.count(),
        "runs": Run.objects.count(),
        "checks": Check.objects.count(),
    },
}
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per case")
    smoke_argument(parser)
    args = smoke_sizes(parser.parse_args(), repeat=2)
    with smoke_scratch(args, "scale"):
        measure(args)


def measure(args: argparse.Namespace) -> None:
    env = {
        **os.environ,
        "TESTING_STATIC_PLAIN": "1",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
        "RATE_LIMIT_STEPS": "1000000/m",
        "RATE_LIMIT_VISITOR": "1000000/m",
    }
    if args.smoke:
        manage_run(env, ["migrate", "-v0"], ["fill_activity", *SMOKE_FILL])
    result = subprocess.run(
        [PYTHON, "-c", _TIMER, str(args.repeat)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(result.stderr)
    out = json.loads(result.stdout.strip().splitlines()[-1])
    sizes = ", ".join(f"{n:,} {name}" for name, n in out["sizes"].items())
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {sizes}; {args.repeat} timed requests each"
        " after two untimed.\n"
    )
    print("| case | median (ms) | p95 (ms) | queries |")
    print("| --- | ---: | ---: | ---: |")
    for name, case in out["cases"].items():
        times = sorted(case["times"])
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"| {name} | {statistics.median(times):.1f} | {p95:.1f} | {case['queries']} |")


if __name__ == "__main__":
    sys.exit(main())

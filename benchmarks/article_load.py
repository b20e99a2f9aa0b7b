"""Load benchmark: the article page's four cases, in English and Swedish, next to /healthz.

Run with `make bench` or `.venv/bin/python benchmarks/article_load.py --help`.
Serves a fresh copy of the demo with the production server, drives it with
wrk, and prints the median of several runs and each case's ratio to /healthz
as Markdown tables. Set DATABASE_URL and REDIS_URL to run it on PostgreSQL
with Redis. `--smoke`: one 1-second round of each case on a scratch database.
"""

import os
import statistics
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    ARTICLE,
    BROWSER,
    WRK_SMOKE,
    demo_server,
    errors_refused,
    load_arguments,
    new_reader,
    reader_post,
    report,
    smoke_scratch,
    smoke_sizes,
    step_ids,
    tick_script,
    worker_rss_mb,
    wrk,
)

# What a browser sends that changes the answer: its agent and compression.
BROWSER_HEADERS = {"User-Agent": BROWSER, "Accept-Encoding": "gzip, deflate, br"}
# The goals of issue 9, as shares of /healthz's requests per second.
GOALS = {"crawler": 0.5, "first": 0.25, "returning": 0.25, "tick": 0.15}


def swedish_address(base: str) -> str:
    """The demo article's Swedish address, its Swedish slug found by following the 301."""
    with urllib.request.urlopen(f"{base}/sv{ARTICLE}") as response:
        return urlsplit(response.url).path


def returning_reader(base: str, article: str = ARTICLE) -> tuple[str, str, str]:
    """A reader who has done 5 of the 13 steps and voted."""
    reader = new_reader(base, article)
    for step in step_ids(reader[2], article)[:5]:
        reader_post(base, reader, f"{article}steps/{step}/", "done=1")
    reader_post(base, reader, f"{article}vote/", "helpful=yes")
    return reader


def main() -> None:
    parser = load_arguments(__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=200, help="readers ticking steps")
    args = smoke_sizes(parser.parse_args(), **WRK_SMOKE, readers=5)

    limits = {
        "RATE_LIMIT_STEPS": "1000000/m",
        "RATE_LIMIT_STEPS_IP": "1000000/m",
        "RATE_LIMIT_VISITOR": "1000000/m",
        "RATE_LIMIT_IP": "1000000/m",
    }
    results = {}
    server = demo_server(args.workers, limits, args.server)
    with smoke_scratch(args, "article"), server as (base, env):
        returning = returning_reader(base)
        readers = [new_reader(base) for _ in range(args.readers)]
        tick = tick_script(readers, step_ids(readers[0][2]))
        cookie = f"{returning[0]}; csrftoken={returning[1]}"
        # Swedish readers: the same article and steps under /sv/ with its Swedish slug,
        # as readers who chose Svenska with the switcher (the cookie says so too).
        sv = swedish_address(base)
        sv_returning = returning_reader(base, sv)
        sv_readers = [new_reader(base, sv) for _ in range(args.readers)]
        sv_tick = tick_script(sv_readers, step_ids(sv_readers[0][2], sv), sv)
        sv_cookie = f"{sv_returning[0]}; csrftoken={sv_returning[1]}; django_language=sv"
        cases = [
            ("/healthz", "healthz", "/healthz", {}, None),
            ("a crawler: no cookies, no browser agent", "crawler", ARTICLE, {}, None),
            # No cookie and a browser's agent: every request is a new reader, so
            # every one is a counted view (a view row and a counter update).
            ("a first-time reader: every request a new counted view", "first", ARTICLE,
             BROWSER_HEADERS, None),
            ("a returning reader: 5 of 13 steps done, voted", "returning", ARTICLE,
             {**BROWSER_HEADERS, "Cookie": cookie}, None),
            (f"an htmx step tick ({args.readers} readers, 3 ticks to 1 untick)", "tick", "/",
             {}, tick),
            ("Swedish: a first-time reader", "first", sv, BROWSER_HEADERS, None),
            ("Swedish: a returning reader, 5 of 13 steps done, voted", "returning", sv,
             {**BROWSER_HEADERS, "Cookie": sv_cookie}, None),
            (f"Swedish: an htmx step tick ({args.readers} readers, 3 ticks to 1 untick)",
             "tick", "/", {}, sv_tick),
        ]  # fmt: skip
        for name, _, path, headers, script in cases:
            if args.warmup:
                wrk(base + path, args.warmup, args.connections, script, headers)
            results[name] = []
        # Round by round, every case once, so the machine's drift (a shared VM's
        # speed changes from minute to minute) falls on all cases alike, and each
        # ratio compares runs a few seconds apart.
        for _ in range(args.runs):
            for name, _, path, headers, script in cases:
                run = wrk(base + path, args.seconds, args.connections, script, headers)
                results[name].append(run)
        rss = worker_rss_mb(env)
        os.unlink(tick)
        os.unlink(sv_tick)

    report(env, args, results)
    errors_refused(args, results)
    print("\n| case | ratio to /healthz (median of the rounds) | lowest round | goal |")
    print("| --- | ---: | ---: | ---: |")
    healthz = [r["rps"] for r in results["/healthz"]]
    for name, goal, *_ in cases[1:]:
        ratios = [r["rps"] / h for r, h in zip(results[name], healthz, strict=True)]
        print(f"| {name} | {statistics.median(ratios):.2f} | {min(ratios):.2f} | ≥ {GOALS[goal]} |")
    sizes = ", ".join(f"{mb:.0f}" for mb in rss)
    print(f"\nResident memory of each worker after the runs: {sizes} MB (goal: at most 80 MB).")


if __name__ == "__main__":
    main()

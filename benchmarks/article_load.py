"""Load benchmark: the article page next to /healthz on the same gunicorn server.

Run with `make bench` or `.venv/bin/python benchmarks/article_load.py --help`.
Serves a fresh copy of the demo with the production server, drives it with
wrk, and prints the median of several runs as a Markdown table.
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ARTICLE, BROWSER, demo_server, machine, wrk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    results = {}
    with demo_server(args.workers) as (base, env):
        cases = [
            ("/healthz", "/healthz", {}),
            ("article page, a read that is not counted (no browser agent)", ARTICLE, {}),
            # No cookie and a browser's agent: every request is a new reader, so
            # every one is a counted view (a view row and a counter update).
            ("article page, every request a new reader's counted view", ARTICLE,
             {"User-Agent": BROWSER}),
        ]  # fmt: skip
        for name, path, headers in cases:
            wrk(base + path, 2, args.connections, headers=headers)  # warm-up
            results[name] = [
                wrk(base + path, args.seconds, args.connections, headers=headers)
                for _ in range(args.runs)
            ]

    print(
        f"\nMachine: {machine(env)}; gunicorn {args.workers} sync workers; wrk 2 threads, "
        f"{args.connections} connections, {args.runs} runs of {args.seconds} s, medians.\n"
    )
    print("| URL | requests/s | p50 latency (ms) | p99 latency (ms) | non-2xx/3xx |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, runs in results.items():
        print(
            f"| {name} | {statistics.median(r['rps'] for r in runs):.0f} "
            f"| {statistics.median(r['p50'] for r in runs):.2f} "
            f"| {statistics.median(r['p99'] for r in runs):.2f} "
            f"| {sum(r['errors'] for r in runs)} |"
        )


if __name__ == "__main__":
    main()

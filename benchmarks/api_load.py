"""Load benchmark: the API's cached article read next to /healthz, and its 304.

Issue 24's goal: the article read at least half /healthz's requests per second; the
same read answered 304 from its ETag and the article list are measured beside it.

Run with `.venv/bin/python benchmarks/api_load.py --help`. Serves a fresh copy of the
demo with the production server and drives it with wrk, round by round, as
benchmarks/article_load.py does; set DATABASE_URL and REDIS_URL for PostgreSQL with Redis.
`--smoke`: one 1-second round of each case on a scratch database.
"""

import json
import statistics
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    WRK_SMOKE,
    demo_server,
    errors_refused,
    load_arguments,
    report,
    smoke_scratch,
    smoke_sizes,
    wrk,
)

GOAL = 0.5
# The demo's EndNote article, found by its slug in the API's list.
SLUG = "sync-endnote-library-to-new-library"


def endnote_address(base: str) -> str:
    """The API address of the demo's EndNote article, and a check that it is served."""
    with urllib.request.urlopen(f"{base}/api/v1/articles/?limit=100") as response:
        items = json.load(response)["items"]
    found = next(a["id"] for a in items if a["slug"] == SLUG)
    return f"/api/v1/articles/{found}/"


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url) as response:
        return response.headers["ETag"]


def main() -> None:
    parser = load_arguments(__doc__.splitlines()[0])
    args = smoke_sizes(parser.parse_args(), **WRK_SMOKE)
    limits = {"RATE_LIMIT_API": "100000000/m", "RATE_LIMIT_API_TOKEN": "100000000/m"}
    results: dict[str, list[dict]] = {}
    server = demo_server(args.workers, limits, args.server)
    with smoke_scratch(args, "api"), server as (base, env):
        article = endnote_address(base)
        etag = etag_of(base + article)
        cases = [
            ("/healthz", "/healthz", {}),
            ("API: the EndNote article (13 steps), cached body", article, {}),
            ("API: the same, If-None-Match: 304", article, {"If-None-Match": etag}),
            ("API: the article list, first page of 20", "/api/v1/articles/", {}),
        ]
        for name, path, headers in cases:
            if args.warmup:
                wrk(base + path, args.warmup, args.connections, None, headers)
            results[name] = []
        for _ in range(args.runs):
            for name, path, headers in cases:
                results[name].append(
                    wrk(base + path, args.seconds, args.connections, None, headers)
                )
    report(env, args, results)
    errors_refused(args, results)
    print("\n| case | ratio to /healthz (median of the rounds) | lowest round | goal |")
    print("| --- | ---: | ---: | ---: |")
    healthz = [r["rps"] for r in results["/healthz"]]
    for name, *_ in cases[1:]:
        ratios = [r["rps"] / h for r, h in zip(results[name], healthz, strict=True)]
        goal = f"≥ {GOAL}" if "cached body" in name else "—"
        print(f"| {name} | {statistics.median(ratios):.2f} | {min(ratios):.2f} | {goal} |")


if __name__ == "__main__":
    main()

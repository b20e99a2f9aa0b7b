"""Page weight: what the article page costs a first-time reader on the wire.

Serves a fresh copy of the demo with the production server, opens the
EndNote article in headless Chromium (Debian's, through Playwright) as a
first-time reader with an empty cache, and prints each response's transfer
size (headers and encoded body, as Chromium's network panel counts them),
as a Markdown table with two totals: HTML, CSS and JS (what issue 9's goal
counts), and everything, the step screenshots and icons included, which is
what Lighthouse's "total byte weight" counts.

    .venv/bin/python benchmarks/page_weight.py [--smoke]

`--smoke` serves it from a scratch database and fails unless the page and
its stylesheets and scripts all came.
"""

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ARTICLE, demo_server, machine, smoke_argument, smoke_scratch, smoke_sizes
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
GOAL_KB = 60
# What the goal counts: the page, its stylesheets and its scripts.
GOAL_TYPES = {"Document", "Stylesheet", "Script"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    smoke_argument(parser)
    args = smoke_sizes(parser.parse_args(), workers=1)
    rows = []
    server = demo_server(args.workers)
    with smoke_scratch(args, "weight"), server as (base, env), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        client = page.context.new_cdp_session(page)
        client.send("Network.enable")
        client.send("Network.setCacheDisabled", {"cacheDisabled": True})
        urls, sizes, statuses = {}, {}, {}

        def received(event: dict) -> None:
            urls[event["requestId"]] = (event["response"]["url"], event["type"])
            statuses[event["requestId"]] = event["response"]["status"]

        client.on("Network.responseReceived", received)
        client.on(
            "Network.loadingFinished",
            lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
        )
        page.goto(base + ARTICLE, wait_until="networkidle")
        browser.close()
        for request_id, (url, kind) in urls.items():
            rows.append((urlsplit(url).path, kind, sizes.get(request_id, 0)))
    total = sum(size for *_, size in rows)
    code = sum(size for _, kind, size in rows if kind in GOAL_TYPES)
    print(f"\nMachine: {machine(env)}; Chromium, empty cache, a first-time reader.\n")
    print("| resource | type | transferred (KB) |")
    print("| --- | --- | ---: |")
    for path, kind, size in rows:
        print(f"| `{path}` | {kind} | {size / 1024:.1f} |")
    print(f"| **HTML, CSS and JS** | | **{code / 1024:.1f}** (goal: at most {GOAL_KB}) |")
    print(f"| **everything** | | **{total / 1024:.1f}** |")
    if args.smoke:
        failed = [urls[r][0] for r, status in statuses.items() if status >= 400]
        missing = GOAL_TYPES - {kind for _, kind, _ in rows}
        if failed or missing:
            raise SystemExit(f"smoke: failed {failed}, no {sorted(missing)} came")


if __name__ == "__main__":
    main()

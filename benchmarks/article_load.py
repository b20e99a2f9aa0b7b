"""Load benchmark: the article page next to /healthz on the same gunicorn server.

Run with `make bench` or `.venv/bin/python benchmarks/article_load.py --help`.
Serves a fresh copy of the demo with the production server, drives it with
wrk, and prints the median of several runs as a Markdown table.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ARTICLE, BROWSER, demo_server, load_arguments, report, wrk


def main() -> None:
    args = load_arguments(__doc__.splitlines()[0]).parse_args()

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

    report(env, args, results)


if __name__ == "__main__":
    main()

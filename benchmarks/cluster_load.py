"""The article page and step ticks through nginx in front of two app servers, next to
one app server on its own, on PostgreSQL with Redis (the set-up `make serve-cluster` runs).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
      .venv/bin/python benchmarks/cluster_load.py [--seconds 8] [--runs 3]

`--smoke`: one 1-second run of each case on one connection, 5 readers, failing
on any error answer.
"""

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg  # noqa: E402
from harness import (  # noqa: E402
    ARTICLE,
    BROWSER,
    TICK_LUA,
    errors_refused,
    manage_run,
    new_reader,
    scratch_name,
    smoke_argument,
    smoke_scratch,
    smoke_sizes,
    step_ids,
    wrk,
)

from deploy.cluster import cluster  # noqa: E402
from tests.servers import gunicorn  # noqa: E402


def measure(base: str, args: argparse.Namespace) -> dict[str, dict]:
    readers = [new_reader(base) for _ in range(args.readers)]
    steps = step_ids(readers[0][2])
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            TICK_LUA.format(
                cookies=", ".join(f'"{r[0]}"' for r in readers),
                steps=", ".join(steps),
                csrf=readers[0][1],
                article=ARTICLE,
                agent=BROWSER,
            )
        )
    cases = {
        "crawler": (None, {"User-Agent": "Googlebot/2.1"}),
        "returning reader": (None, {"User-Agent": BROWSER, "Cookie": readers[1][0]}),
        "htmx tick": (script.name, {}),
    }
    results = {}
    for name, (lua, headers) in cases.items():
        samples = [
            wrk(base + ARTICLE, args.seconds, args.connections, lua, headers)
            for _ in range(args.runs)
        ]
        errors_refused(args, {name: samples})
        results[name] = {
            key: statistics.median(s[key] for s in samples) for key in ("rps", "p50", "p99")
        } | {"errors": sum(s["errors"] for s in samples)}
    os.unlink(script.name)
    return results


@contextlib.contextmanager
def behind_nginx(env: dict):
    with cluster(env, servers=2, workers=2) as running:
        yield running.url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--readers", type=int, default=50, help="readers ticking steps")
    smoke_argument(parser)
    args = smoke_sizes(parser.parse_args(), seconds=1, runs=1, connections=1, readers=5)
    # The run makes its own database; a smoke run keeps uploads and cache keys apart too.
    with smoke_scratch(args, "cluster", database=False):
        run(args)


def run(args: argparse.Namespace) -> None:
    pg = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"))
    if not pg.scheme.startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("cluster_load.py needs DATABASE_URL on PostgreSQL and REDIS_URL")
    name = scratch_name("cluster")
    admin_dsn = f"postgresql://{pg.netloc}/postgres"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        "DATABASE_URL": f"postgres://{pg.netloc}/{name}",
        "CACHE_PREFIX": name,
        "RATE_LIMIT_IP": "1000000/m",
        "RATE_LIMIT_STEPS_IP": "1000000/m",
        "RATE_LIMIT_STEPS": "1000000/m",
        "RATE_LIMIT_VISITOR": "1000000/m",
        # A smoke's in its scratch folder, which goes after the run.
        "STATIC_ROOT": os.environ["STATIC_ROOT"]
        if args.smoke
        else tempfile.mkdtemp(prefix="helpdesk-static-"),
        "TESTING_STATIC_PLAIN": "1",
    }
    try:
        manage_run(env, ["migrate", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"])
        setups = {
            "one app server, 4 workers": lambda: gunicorn(env, workers=4),
            "nginx, two app servers, 2 workers each": lambda: behind_nginx(env),
        }
        rows = []
        for label, start in setups.items():
            with start() as base:
                for case, result in measure(base, args).items():
                    rows.append((label, case, result))
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print("\n| set-up | case | requests/s | p50 ms | p99 ms | errors |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, case, r in rows:
        numbers = f"{r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']}"
        print(f"| {label} | {case} | {numbers} |")


if __name__ == "__main__":
    main()

"""Load benchmark: the article page next to /healthz on the same gunicorn server.

Run with `make bench` (or `.venv/bin/python benchmarks/article_load.py --help`).
It serves a fresh copy of the demo content with the production server and
drives it with wrk (`apt-get install wrk`), then prints the median of several
runs as a Markdown table for benchmarks/RESULTS.md.
"""

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
ARTICLE = "/faq/1/sync-endnote-library-to-new-library/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer {url}")


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"50%\s+(\S+)", out).group(1)),
        "p99": to_ms(re.search(r"99%\s+(\S+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("This benchmark needs wrk: apt-get install wrk")

    tmp = Path(tempfile.mkdtemp(prefix="helpdesk-bench-"))
    env = {**os.environ, "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp}/b.db")}
    manage = [str(VENV_BIN / "python"), "manage.py"]
    for command in (["migrate", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    port = free_port()
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "helpdesk.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={args.workers}",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz")
        results = {}
        for name, path in [("/healthz", "/healthz"), ("article page", ARTICLE)]:
            run_wrk(base + path, 2, args.connections)  # warm-up
            runs = [run_wrk(base + path, args.seconds, args.connections) for _ in range(args.runs)]
            results[name] = runs
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)

    db = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {db}; "
        f"gunicorn {args.workers} sync workers; wrk 2 threads, "
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
    sys.stdout.flush()


if __name__ == "__main__":
    main()

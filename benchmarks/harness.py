"""What the benchmarks share: a fresh demo database, a real server, wrk, and a smoke run's
scratch settings."""

import argparse
import contextlib
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

# A reader's requests, kept beside the harness; the scripts import them from here.
from readers import (  # noqa: F401
    ARTICLE,
    BROWSER,
    TICK_LUA,
    new_reader,
    reader_post,
    step_ids,
    tick_script,
)

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


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


def scratch_name(label: str) -> str:
    """The name of a run's own database and cache prefix: one per process."""
    return f"helpdesk_{label}_{os.getpid()}"


@contextlib.contextmanager
def scratch(label: str, database: bool = True) -> Iterator[dict]:
    """Point this process's environment at a database, cache prefix and folders of its own
    for the run, and remove them after; yield the variables set.

    A smoke run (`--smoke`) must not touch the developer's own data: on SQLite the
    database is a file in a temporary folder; on PostgreSQL (DATABASE_URL) a fresh
    database beside the one named, dropped after; with REDIS_URL, keys under a prefix
    of its own, deleted after. Uploads and collected static files go to the
    temporary folder too. `database=False` for a script that makes its own database
    (named scratch_name(label), so that its cache keys go too)."""
    tmp = Path(tempfile.mkdtemp(prefix=f"helpdesk-{label}-"))
    name = scratch_name(label)
    given = os.environ.get("DATABASE_URL", "")
    pg = urlsplit(given) if database and given.startswith("postgres") else None
    admin_dsn = f"postgresql://{pg.netloc}/postgres" if pg else ""
    overrides = {
        "CACHE_PREFIX": name,
        "MEDIA_ROOT": str(tmp / "media"),
        "STATIC_ROOT": str(tmp / "static"),
    }
    if database:
        overrides["DATABASE_URL"] = (
            f"postgres://{pg.netloc}/{name}" if pg else f"sqlite:///{tmp}/db.sqlite3"
        )
    for folder in ("media", "static"):
        (tmp / folder).mkdir()
    if pg:
        import psycopg

        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    saved = {key: os.environ.get(key) for key in overrides}
    os.environ.update(overrides)
    try:
        yield overrides
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if pg:
            import psycopg

            with psycopg.connect(admin_dsn, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if os.environ.get("REDIS_URL"):
            _forget_keys(os.environ["REDIS_URL"], name)
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def demo_in_process(label: str) -> Iterator[str]:
    """A scratch database with the demo content loaded as `make run` loads it, Django set
    up in this process; yield the database's name ("SQLite" or "PostgreSQL")."""
    with scratch(label):
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from demo.loader import demo_load

        call_command("migrate", verbosity=0)
        demo_load()
        yield "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
        connection.close()


def _forget_keys(redis_url: str, prefix: str) -> None:
    """Delete the keys under `prefix` (the cache's and the rate limits'), and no others:
    the Redis database may be shared."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}[-:]*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


# The servers compared in README's "Choosing the server": gunicorn's sync
# workers (what `make run` starts), its threaded workers, and granian.
SERVERS = ("sync", "gthread", "granian")
THREADS = 4


def server_command(server: str, port: int, workers: int) -> list[str]:
    """The command line that serves the app with `workers` processes."""
    # gunicorn without `make serve`'s --preload: the workers' memory as issue 9 measured
    # it, each loading what it uses (worker_memory.py compares the two).
    app = "helpdesk.wsgi:application"
    if server == "granian":
        return [
            str(VENV_BIN / "granian"),
            "--interface=wsgi",
            "--host=127.0.0.1",
            f"--port={port}",
            f"--workers={workers}",
            f"--blocking-threads={THREADS}",
            "--no-access-log",
            app,
        ]
    threads = ["--worker-class=gthread", f"--threads={THREADS}"] if server == "gthread" else []
    return [
        str(VENV_BIN / "gunicorn"),
        app,
        f"--config={ROOT / 'gunicorn.conf.py'}",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        *threads,
        "--no-control-socket",
    ]


@contextlib.contextmanager
def demo_server(
    workers: int, extra_env: dict | None = None, server: str = "sync"
) -> Iterator[tuple[str, dict]]:
    """Serve a fresh copy of the demo with gunicorn; yield its base URL and environment."""
    tmp = Path(tempfile.mkdtemp(prefix="helpdesk-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"),
        **(extra_env or {}),
    }
    if env["DATABASE_URL"].startswith("postgres"):
        subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", "flush", "--noinput"],
            cwd=ROOT,
            env=env,
            check=False,
        )
    manage_run(env, ["migrate", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"])
    port = free_port()
    server = subprocess.Popen(
        server_command(server, port, workers),
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz")
        yield base, {**env, "BENCH_SERVER_PID": str(server.pid)}
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


def manage_run(env: dict, *commands: list[str], quiet: bool = True) -> None:
    """Run management commands one after the other, stopping at the first that fails."""
    for command in commands:
        subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", *command],
            cwd=ROOT,
            env={**os.environ, **env},
            check=True,
            stdout=subprocess.DEVNULL if quiet else None,
        )


def manage_py(env: dict, *args: str) -> str:
    """Run a management command against the benchmark's database."""
    return subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(
    url: str,
    seconds: int,
    connections: int,
    script: str | None = None,
    headers: dict | None = None,
) -> dict:
    """One wrk run; requests/s, p50 and p99 latency in ms, and non-2xx/3xx answers."""
    if not shutil.which("wrk"):
        raise SystemExit("The benchmarks need wrk: apt-get install wrk")
    # wrk wants at least one connection a thread.
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", script]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if "Requests/sec" not in out or "50%" not in out:
        raise SystemExit(f"wrk gave no result:\n{out}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "output": out,
    }


def worker_rss_mb(env: dict) -> list[float]:
    """Resident memory of each of the server's worker processes, in MB (from /proc)."""
    parent = env["BENCH_SERVER_PID"]
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == parent:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def machine(env: dict) -> str:
    db = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {db}"


def load_arguments(description: str) -> argparse.ArgumentParser:
    """The options every wrk benchmark takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--warmup", type=int, default=2, help="untimed seconds of wrk first (0: none)"
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--server", choices=SERVERS, default="sync")
    smoke_argument(parser)
    return parser


# What --smoke sets in a wrk benchmark: the whole path in a few seconds.
WRK_SMOKE = {"runs": 1, "seconds": 1, "warmup": 0, "connections": 1, "workers": 1}


def smoke_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a few seconds at the smallest sizes, on a scratch database, failing on any "
        "error answer: shows the script still works (tests/test_benchmarks.py), measures nothing",
    )


def smoke_sizes(args: argparse.Namespace, **sizes) -> argparse.Namespace:
    """With --smoke, the given sizes replace the options' (given or default) values."""
    if args.smoke:
        vars(args).update(sizes)
    return args


def smoke_scratch(
    args: argparse.Namespace, label: str, database: bool = True
) -> contextlib.AbstractContextManager:
    """scratch(label) for a smoke run; a full run uses the environment as it is."""
    return scratch(label, database) if args.smoke else contextlib.nullcontext({})


def errors_refused(args: argparse.Namespace, rows: dict[str, list[dict]]) -> None:
    """A smoke run fails when any load got an answer other than 2xx/3xx."""
    failed = {name: sum(r["errors"] for r in runs) for name, runs in rows.items()}
    failed = {name: count for name, count in failed.items() if count}
    if args.smoke and failed:
        raise SystemExit(f"smoke: non-2xx/3xx answers: {failed}")


def report(
    env: dict, args: argparse.Namespace, rows: dict[str, list[dict]], extra: str = ""
) -> None:
    """Print the machine, the settings and a Markdown table of medians."""
    server = {
        "sync": "gunicorn sync workers",
        "gthread": f"gunicorn gthread workers ({THREADS} threads)",
        "granian": f"granian WSGI workers ({THREADS} blocking threads)",
    }[args.server]
    print(
        f"\nMachine: {machine(env)}; {args.workers} {server}; "
        f"wrk {min(2, args.connections)} threads, "
        f"{args.connections} connections, {args.runs} runs of {args.seconds} s, medians{extra}.\n"
    )
    print("| load | requests/s | p50 latency (ms) | p99 latency (ms) | non-2xx/3xx |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, runs in rows.items():
        print(
            f"| {name} | {statistics.median(r['rps'] for r in runs):.0f} "
            f"| {statistics.median(r['p50'] for r in runs):.2f} "
            f"| {statistics.median(r['p99'] for r in runs):.2f} "
            f"| {sum(r['errors'] for r in runs)} |"
        )

"""Outages under load: restart PostgreSQL, cut Redis, kill -9 a worker, while many readers
read, search, vote and tick; then check that nothing acknowledged was lost.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL; the machine's by default). The app
reaches both only through TCP proxies this script starts, so a "restart" of PostgreSQL
or an outage of Redis cuts this app's connections only: other users of the same
services are not touched. The database is a fresh one made for the run and dropped after.

    .venv/bin/python benchmarks/outages.py [--readers 24] [--phase 8] [--workers 3]

`--smoke`: 6 readers, phases of 1 s, PostgreSQL down for 1 s, 2 workers.
"""

import argparse
import contextlib
import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import psycopg  # noqa: E402
from harness import manage_run, scratch_name, smoke_argument, smoke_scratch, smoke_sizes  # noqa: E402
from outage_load import BROWSER, Load, Reader  # noqa: E402

from deploy.cluster import cluster  # noqa: E402
from tests.servers import TcpProxy, gunicorn_process  # noqa: E402


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    return pids


def discover(base: str) -> list[tuple[int, str, list[int]]]:
    """The published articles and their step ids, as a reader finds them."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    conn.request("GET", "/", headers={"User-Agent": BROWSER})
    home = conn.getresponse().read().decode()
    conn.close()
    articles = []
    for pk, slug in sorted(set(re.findall(r'href="/faq/(\d+)/([\w-]+)/"', home))):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
        conn.request("GET", f"/faq/{pk}/{slug}/", headers={"User-Agent": BROWSER})
        page = conn.getresponse().read().decode()
        conn.close()
        steps = sorted({int(s) for s in re.findall(rf"/faq/{pk}/{slug}/steps/(\d+)/\"", page)})
        articles.append((int(pk), slug, steps))
    return articles


def recovery(log, fault_end: float) -> float | None:
    """Seconds from the end of the fault to the first of a run of 20 good answers."""
    good, first = 0, None
    for t, _, _, status in sorted(log):
        if t < fault_end:
            continue
        if 200 <= status < 400:
            if good == 0:
                first = t
            good += 1
            if good == 20:
                return max(0.0, first - fault_end)
        else:
            good = 0
    return None


def replay(load: Load, articles: list[tuple[int, str, list[int]]]) -> tuple[Reader, int, int]:
    """Send one vote and one tick twice each, as a double click or a retry does; return the
    reader, the article voted on and the step ticked. A reader who voted and ticked under
    the load sends theirs again; a short run (a smoke) may have none, and then the first
    reader votes and ticks afresh."""
    replayer = next((r for r in load.readers if r.votes and r.ticks), load.readers[0])
    pk, slug, _ = next((a for a in articles if a[0] in replayer.votes), articles[0])
    load.request(replayer, "GET", f"/faq/{pk}/{slug}/")  # its cookies, if it had none
    helpful = replayer.votes.get(pk, "yes")
    for _ in range(2):
        status = load.request(
            replayer, "POST", f"/faq/{pk}/{slug}/vote/", f"helpful={helpful}", True
        )
        if status == 200:
            replayer.votes[pk] = helpful
            replayer.unanswered[pk].clear()
    step = next(iter(replayer.ticks), None) or next(s for a in articles for s in a[2])
    step_pk, step_slug, _ = next(a for a in articles if step in a[2])
    for _ in range(2):
        path = f"/faq/{step_pk}/{step_slug}/steps/{step}/"
        if load.request(replayer, "POST", path, "done=1", True) == 200:
            replayer.ticks.add(step)
    return replayer, pk, step


@contextlib.contextmanager
def serve(env: dict, args, prepare: tuple):
    """One gunicorn, or two behind nginx; yields the URL readers use and a gunicorn master."""
    if not args.cluster:
        with gunicorn_process(env, args.workers, prepare) as running:
            yield running
        return
    env = {
        **env,
        "STATIC_ROOT": env.get("STATIC_ROOT") or tempfile.mkdtemp(prefix="helpdesk-static-"),
        "TESTING_STATIC_PLAIN": "1",
    }
    manage_run(env, *prepare, ["collectstatic", "--noinput", "-v0"])
    with cluster(env, servers=2, workers=args.workers) as running:
        yield running.url, running.processes[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=24)
    parser.add_argument("--phase", type=float, default=8.0, help="seconds of load per phase")
    parser.add_argument("--down", type=float, default=3.0, help="seconds PostgreSQL is down")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per app server")
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="two app servers behind nginx (deploy/cluster.py) instead of one gunicorn",
    )
    smoke_argument(parser)
    args = smoke_sizes(parser.parse_args(), readers=6, phase=1.0, down=1.0, workers=2)
    # The run makes its own database; a smoke run keeps uploads and cache keys apart too.
    with smoke_scratch(args, "outages", database=False):
        measure(args)


def measure(args: argparse.Namespace) -> None:
    pg = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"))
    redis = urlsplit(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    if not pg.scheme.startswith("postgres"):
        raise SystemExit("outages.py needs DATABASE_URL on PostgreSQL")
    name = scratch_name("outages")
    admin_dsn = f"postgresql://{pg.netloc}/postgres"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    pg_proxy = TcpProxy(pg.hostname, pg.port or 5432).start()
    redis_proxy = TcpProxy(redis.hostname, redis.port or 6379).start()
    user = pg.netloc.rsplit("@", 1)[0] + "@" if "@" in pg.netloc else ""
    env = {
        "DATABASE_URL": f"postgres://{user}127.0.0.1:{pg_proxy.port}/{name}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_proxy.port}{redis.path or '/0'}",
        "CACHE_PREFIX": name,
        # One address sends for every reader here, far more than a campus would.
        "RATE_LIMIT_IP": "1000000/m",
        "RATE_LIMIT_STEPS_IP": "1000000/m",
        "RATE_LIMIT_VISITOR": "1000000/m",
        "RATE_LIMIT_STEPS": "1000000/m",
    }
    if args.smoke:
        # Collected static files in the smoke's scratch folder, which goes after the run.
        env["STATIC_ROOT"] = os.environ["STATIC_ROOT"]
    prepare = (["migrate", "-v0"], ["load_demo"])
    results = []
    try:
        with serve(env, args, prepare) as (base, server):
            articles = discover(base)
            load = Load(base, articles, args.readers)
            threads = load.start()

            def phase(label: str, seconds: float) -> tuple[float, float]:
                load.phase = label
                start = time.monotonic()
                time.sleep(seconds)
                return start, time.monotonic()

            marks = {}
            marks["baseline"] = phase("baseline", args.phase)
            load.phase = "postgres restart"
            start = time.monotonic()
            pg_proxy.stop()
            time.sleep(args.down)
            pg_proxy.start()
            fault_end = time.monotonic()
            time.sleep(args.phase)
            marks["postgres restart"] = (start, time.monotonic(), fault_end)
            load.phase = "redis cut"
            start = time.monotonic()
            redis_proxy.stop()
            time.sleep(args.phase)
            redis_proxy.start()
            fault_end = time.monotonic()
            time.sleep(args.phase / 2)
            marks["redis cut"] = (start, time.monotonic(), fault_end)
            load.phase = "kill -9 a worker"
            start = time.monotonic()
            victims = worker_pids(server.pid)
            os.kill(victims[0], signal.SIGKILL)
            fault_end = time.monotonic()
            time.sleep(args.phase)
            marks["kill -9 a worker"] = (start, time.monotonic(), fault_end)
            marks["after"] = phase("after", args.phase)
            load.stop.set()
            for thread in threads:
                thread.join(timeout=20)

            by_phase = defaultdict(Counter)
            for _, label, kind, status in load.log:
                by_phase[label]["requests"] += 1
                if status == 0:
                    by_phase[label][f"{kind} without an answer"] += 1
                elif status >= 400:
                    by_phase[label][f"{kind} {status}"] += 1
            for label, mark in marks.items():
                counts = by_phase[label]
                errors = {k: v for k, v in counts.items() if k != "requests"}
                seconds = mark[1] - mark[0]
                rec = recovery(load.log, mark[2]) if len(mark) == 3 else None
                results.append((label, counts["requests"], seconds, errors, rec))

            # Replays: the same vote and the same tick sent twice leave one row each.
            replayer, replay_pk, replay_step = replay(load, articles)
    finally:
        pg_proxy.stop()
        redis_proxy.stop()

    # Checked straight against the database, after the server stopped (and wrote its views).
    lost_votes = lost_ticks = 0
    dsn = f"postgresql://{pg.netloc}/{name}"
    with psycopg.connect(dsn) as conn:
        for reader in load.readers:
            key = reader.visitor_key
            if key is None:
                continue
            rows = dict(
                conn.execute(
                    "SELECT v.article_id, v.helpful FROM faq_vote v JOIN faq_visitor r "
                    "ON r.id = v.visitor_id JOIN faq_article a ON a.id = v.article_id "
                    "WHERE r.key = %s AND v.era = a.vote_era",
                    [key],
                ).fetchall()
            )
            for pk, helpful in reader.votes.items():
                allowed = {v == "yes" for v in {helpful} | reader.unanswered[pk]}
                lost_votes += rows.get(pk) not in allowed
            ticked = {
                row[0]
                for row in conn.execute(
                    "SELECT c.step_id FROM faq_check c JOIN faq_run u ON u.id = c.run_id "
                    "JOIN faq_visitor r ON r.id = u.visitor_id WHERE r.key = %s",
                    [key],
                ).fetchall()
            }
            lost_ticks += len(reader.ticks - ticked)
        replay_votes = conn.execute(
            "SELECT count(*) FROM faq_vote v JOIN faq_visitor r ON r.id = v.visitor_id "
            "WHERE r.key = %s AND v.article_id = %s",
            [replayer.visitor_key, replay_pk],
        ).fetchone()[0]
        replay_checks = conn.execute(
            "SELECT count(*) FROM faq_check c JOIN faq_run u ON u.id = c.run_id "
            "JOIN faq_visitor r ON r.id = u.visitor_id WHERE r.key = %s AND c.step_id = %s",
            [replayer.visitor_key, replay_step],
        ).fetchone()[0]
    drift = subprocess.run(
        [sys.executable, "manage.py", "recount_counters"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": dsn.replace("postgresql", "postgres"), "REDIS_URL": ""},
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    acked_votes = sum(len(r.votes) for r in load.readers)
    acked_ticks = sum(len(r.ticks) for r in load.readers)
    servers = "two app servers behind nginx" if args.cluster else "one app server"
    print(f"\n{args.readers} readers, {servers}, {args.workers} gunicorn workers each,")
    print("PostgreSQL and Redis")
    print("through TCP proxies; each phase under the same mixed load.\n")
    print("| phase | requests | seconds | errors | recovery after the fault |")
    print("| --- | --- | --- | --- | --- |")
    for label, requests, seconds, errors, rec in results:
        shown = ", ".join(f"{v} x {k}" for k, v in sorted(errors.items())) or "none"
        rec_text = (
            "n/a"
            if rec is None and label in {"baseline", "after"}
            else (f"{rec:.1f} s" if rec is not None else "not recovered")
        )
        print(f"| {label} | {requests} | {seconds:.1f} | {shown} | {rec_text} |")
    print(f"\nacknowledged votes: {acked_votes}, lost: {lost_votes}")
    print(f"acknowledged ticks: {acked_ticks}, lost: {lost_ticks}")
    print(f"a vote sent twice: {replay_votes} row; a tick sent twice: {replay_checks} row")
    print(f"counters against rows: {drift or '(no output)'}")
    if lost_votes or lost_ticks or replay_votes != 1 or replay_checks != 1:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

"""What the search model costs each gunicorn worker, loaded by each worker on its first
search or once in the master before it forks (`--preload`).

For each way, serves a fresh copy of the demo content with gunicorn (three workers by
default), reads every worker's memory from /proc/<pid>/smaps_rollup after article pages
only, then again after searches have reached every worker, and prints medians over the
workers: resident (RSS), proportional (PSS: a page shared by n processes counts 1/n to
each) and private (USS: what the worker alone holds, freed if it stopped), and the PSS
of the whole server, master included.

    .venv/bin/python benchmarks/worker_memory.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
        .venv/bin/python benchmarks/worker_memory.py
"""

import argparse
import contextlib
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ARTICLE, demo_server, machine, scratch, smoke_argument

WAYS = {"each worker on its first search": "", "in the master (--preload)": "--preload"}
SEARCHES = ("citation button vanished from Word", "sync endnote library", "spss licence")
PAGE = ARTICLE


def _memory_kb(pid: int) -> dict[str, int]:
    """Rss, Pss and private (clean + dirty) kB of one process."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    return {
        "rss": fields["Rss"],
        "pss": fields["Pss"],
        "uss": fields["Private_Clean"] + fields["Private_Dirty"],
    }


def _workers(master: int) -> list[int]:
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{master}\n" in text:
            pids.append(int(status.parent.name))
    return pids


def _hit_every_worker(base: str, path: str, workers: int) -> None:
    """Enough requests at once, several rounds, that each sync worker serves some."""

    def get(_: int) -> None:
        with urllib.request.urlopen(base + path, timeout=30) as answer:
            answer.read()

    with ThreadPoolExecutor(workers * 2) as pool:
        for _ in range(6):
            list(pool.map(get, range(workers * 4)))


def _snapshot(master: int) -> dict[str, float]:
    workers = [_memory_kb(pid) for pid in _workers(master)]
    whole = _memory_kb(master)["pss"] + sum(w["pss"] for w in workers)
    row = {key: statistics.median(w[key] for w in workers) / 1024 for key in ("rss", "pss", "uss")}
    row["server_pss"] = whole / 1024
    return row


def measure(way: str, workers: int) -> tuple[dict[str, float], dict[str, float], str]:
    """Memory after article pages, then after searches, and the machine."""
    extra = {"GUNICORN_CMD_ARGS": WAYS[way]} if WAYS[way] else {}
    with demo_server(workers, extra_env=extra) as (base, env):
        master = int(env["BENCH_SERVER_PID"])
        _hit_every_worker(base, PAGE, workers)
        time.sleep(0.5)
        pages = _snapshot(master)
        for query in SEARCHES:
            _hit_every_worker(base, "/search/?q=" + urllib.request.quote(query), workers)
        time.sleep(0.5)
        return pages, _snapshot(master), machine(env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3)
    smoke_argument(parser)
    args = parser.parse_args()
    if args.smoke:
        args.workers = 2
    rows = []
    with scratch("worker_memory") if args.smoke else contextlib.nullcontext():
        for way in WAYS:
            pages, searched, where = measure(way, args.workers)
            rows.append((way, pages, searched))
    print(f"\nMachine: {where}; {args.workers} gunicorn sync workers; MB, medians over workers.\n")
    print(
        "| model loaded | after | worker RSS | worker PSS | worker private (USS) "
        "| whole server PSS |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for way, pages, searched in rows:
        for after, row in (("article pages", pages), ("searches", searched)):
            print(
                f"| {way} | {after} | {row['rss']:.0f} | {row['pss']:.0f} | {row['uss']:.0f} "
                f"| {row['server_pss']:.0f} |"
            )


if __name__ == "__main__":
    main()

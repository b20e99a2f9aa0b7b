"""The production server and its task worker as one command: what `make serve` (and so
`make run`) starts.

    .venv/bin/python deploy/serve.py [--port 8000] [--workers 3]

gunicorn serves the site (several workers sharing the search model, loaded in the master
before they fork); `manage.py task_worker` sends the mail and webhook deliveries that
changes leave behind, and queues the periodic tasks (faq.services.schedule).
The worker is started again whenever it stops (its database away, say: it exits, and
comes back once the database answers, a little later each time, at most every 30 s).
Ctrl-C or SIGTERM stops both; if gunicorn stops, so does everything.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Waits before starting a stopped worker again: 1, 2, 4 ... 30 s, back to 1 s once a
# worker has run for a minute.
RESTART_MAX = 30.0
HEALTHY_AFTER = 60.0


def gunicorn_command(port: int, workers: int) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "helpdesk.wsgi:application",
        f"--config={ROOT / 'gunicorn.conf.py'}",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--preload",
        "--no-control-socket",
        "--access-logfile=-",
        "--timeout=30",
    ]


def worker_command() -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), "task_worker"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "3")))
    args = parser.parse_args()
    stopping: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    web = subprocess.Popen(gunicorn_command(args.port, args.workers), cwd=ROOT)
    worker = subprocess.Popen(worker_command(), cwd=ROOT)
    started, wait = time.monotonic(), 1.0
    print(f"Serving Helpdesk FAQ on http://127.0.0.1:{args.port}/ with its task worker", flush=True)
    while not stopping and web.poll() is None:
        if worker.poll() is not None:
            if time.monotonic() - started > HEALTHY_AFTER:
                wait = 1.0
            print(
                f"The task worker stopped ({worker.returncode}); again in {wait:.0f} s", flush=True
            )
            deadline = time.monotonic() + wait
            while not stopping and time.monotonic() < deadline:
                time.sleep(0.2)
            if stopping:
                break
            worker = subprocess.Popen(worker_command(), cwd=ROOT)
            started, wait = time.monotonic(), min(wait * 2, RESTART_MAX)
        time.sleep(0.2)
    for process in (web, worker):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in (web, worker):
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    return 0 if stopping else (web.returncode or 1)


if __name__ == "__main__":
    sys.exit(main())

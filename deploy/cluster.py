"""Two (or more) app servers behind Debian's nginx on loopback, sharing PostgreSQL and
Redis: what `make serve-cluster` starts. Each app server is its own gunicorn (own
processes, own port); nginx spreads requests over them round-robin.

    .venv/bin/python deploy/cluster.py [--port 8000] [--servers 2] [--workers 3]
"""

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
HEADERS_MORE = Path("/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so")


@dataclass
class Cluster:
    url: str  # nginx
    app_urls: list[str]
    run_dir: Path
    processes: list[subprocess.Popen]

    def access_log(self, server: int) -> str:
        """What app server `server` answered (its gunicorn access log)."""
        return (self.run_dir / f"app{server}.access.log").read_text()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} stopped while starting ({url})")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (loopback http)
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def nginx_conf(run_dir: Path, listen: str, app_ports: list[int]) -> str:
    more = HEADERS_MORE.exists()
    return TEMPLATE.read_text().format(
        load_modules=f"load_module {HEADERS_MORE};" if more else "",
        clear_server="more_clear_headers Server;" if more else "",
        run_dir=run_dir,
        listen=listen,
        servers="\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in app_ports
        ),
    )


@contextlib.contextmanager
def cluster(
    env: dict, port: int | None = None, servers: int = 2, workers: int = 2
) -> Iterator[Cluster]:
    """Start the app servers and nginx; stop them all on the way out."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise RuntimeError("nginx is missing: apt-get install nginx-light")
    run_dir = Path(tempfile.mkdtemp(prefix="helpdesk-cluster-"))
    base_env = {
        **os.environ,
        # nginx is the proxy whose X-Forwarded-For the app believes.
        "TRUSTED_PROXIES": "127.0.0.1",
        **env,
    }
    base_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    app_ports = [free_port() for _ in range(servers)]
    processes: list[subprocess.Popen] = []
    try:
        for number, app_port in enumerate(app_ports):
            processes.append(
                subprocess.Popen(
                    [
                        str(Path(sys.executable).parent / "gunicorn"),
                        "helpdesk.wsgi:application",
                        f"--config={ROOT / 'gunicorn.conf.py'}",
                        f"--bind=127.0.0.1:{app_port}",
                        f"--workers={workers}",
                        "--preload",
                        "--no-control-socket",
                        "--timeout=30",
                        f"--access-logfile={run_dir / f'app{number}.access.log'}",
                        f"--error-logfile={run_dir / f'app{number}.error.log'}",
                    ],
                    cwd=ROOT,
                    env=base_env,
                )
            )
        for app_port, process in zip(app_ports, processes, strict=True):
            wait_for(f"http://127.0.0.1:{app_port}/healthz", process)
        port = port or free_port()
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_conf(run_dir, f"127.0.0.1:{port}", app_ports))
        processes.append(
            subprocess.Popen(
                [nginx, "-c", str(conf), "-p", str(run_dir), "-g", "daemon off;"],
                cwd=run_dir,
            )
        )
        url = f"http://127.0.0.1:{port}"
        wait_for(url + "/readyz", processes[-1])
        yield Cluster(url, [f"http://127.0.0.1:{p}" for p in app_ports], run_dir, processes)
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if not os.environ.get("KEEP_CLUSTER_DIR"):
            shutil.rmtree(run_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "3")))
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get(
        "REDIS_URL"
    ):
        print(
            "Note: app servers share state through DATABASE_URL (PostgreSQL) and REDIS_URL;"
            " without them each server keeps its own cache and rate limits.",
            file=sys.stderr,
        )
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    with cluster({}, args.port, args.servers, args.workers) as running:
        print(f"Serving Helpdesk FAQ on {running.url}/ (nginx) over:")
        for url in running.app_urls:
            print(f"  {url}/ (gunicorn, {args.workers} workers)")
        try:
            while not stop:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()

"""Real servers for tests that must see what a client sees: gunicorn, and a TCP
proxy that cuts a service (PostgreSQL, Redis) without touching the service itself."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TcpProxy:
    """Forwards 127.0.0.1:port to a service; stop() refuses new connections and cuts
    open ones, as a restart or a network failure would; start() brings it back."""

    def __init__(self, target_host: str, target_port: int, port: int | None = None):
        self.target = (target_host, target_port)
        self.port = port or free_port()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> "TcpProxy":
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=2)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def get(url: str, headers: dict | None = None, timeout: float = 10) -> tuple[int, dict, bytes]:
    """Status, headers and body, for any status."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (our own http URL)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextlib.contextmanager
def gunicorn(env: dict, workers: int = 1, prepare: tuple = ()) -> Iterator[str]:
    """Serve the app with gunicorn and its config, as `make serve` does; yield the base URL.
    `prepare`: manage.py commands to run first (migrate, load_demo, ...)."""
    with gunicorn_process(env, workers, prepare) as (base, _):
        yield base


@contextlib.contextmanager
def gunicorn_process(
    env: dict, workers: int = 1, prepare: tuple = ()
) -> Iterator[tuple[str, subprocess.Popen]]:
    """gunicorn() that also yields the master process (to find and kill its workers)."""
    static = tempfile.mkdtemp(prefix="helpdesk-static-")
    full_env = {**os.environ, "STATIC_ROOT": static, "TESTING_STATIC_PLAIN": "1", **env}
    # The browser tests allow async-unsafe ORM use in the test process only.
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    python = sys.executable
    for command in (*prepare, ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(
            [python, "manage.py", *command],
            cwd=ROOT,
            env=full_env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(python).parent / "gunicorn"),
            "helpdesk.wsgi:application",
            "--config=gunicorn.conf.py",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=full_env,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(base + "/healthz", timeout=1)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=10)

"""gunicorn settings for Helpdesk FAQ: `make serve`, the benchmarks and the tests pass
`--config gunicorn.conf.py` (gunicorn also reads it from the working directory)."""

import os

from gunicorn.http import wsgi

# Each worker's search multiplies one matrix by a vector: with three workers on two
# cores, OpenBLAS's own threads only fight them for the cores (three processes doing
# 200,000 x 128 products, 1 thread each: 314 a second in all; 2 threads each: 218).
# Set before anything imports numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# gunicorn names itself in a Server header on every answer and has no setting to
# stop it; the header only helps someone looking for a version with a known flaw.
_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self) -> list[str]:
    return [line for line in _default_headers(self) if not line.startswith("Server:")]


wsgi.Response.default_headers = _default_headers_without_server

# The settings are read here, in the master, before it logs or forks: a bad value
# stops gunicorn with its one line. Read first in each worker, it would stop the
# worker, and gunicorn would start another, and another, for ever.
import helpdesk.settings  # noqa: E402, F401


def when_ready(server) -> None:
    """With --preload, load the search model in the master, before the workers fork."""
    # The workers then share its pages rather than each reading its own copy on its
    # first search (benchmarks/worker_memory.py measures both).
    if server.cfg.preload_app:
        from faq.search import semantic

        semantic.model()

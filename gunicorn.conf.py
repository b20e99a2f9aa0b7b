"""gunicorn settings for Helpdesk FAQ: `make serve`, the benchmarks and the tests pass
`--config gunicorn.conf.py` (gunicorn also reads it from the working directory)."""

from gunicorn.http import wsgi

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

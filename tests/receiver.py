"""A real HTTP server for webhook tests: keeps what it is POSTed, answers with the statuses
it is told to, and checks a delivery's signature as a receiver would."""

import hashlib
import hmac
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """An HTTP server on a port of its own that keeps what it is sent and answers with
    the statuses it is told to, in turn (then 200)."""

    def __init__(self, path: str = "/hooks/questions") -> None:
        self.received: list[tuple[dict, bytes]] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{path}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def signed_by(secret: str, headers: dict, body: bytes) -> bool:
    """Whether the delivery's signature is the secret's, as the README tells receivers to
    check it: HMAC-SHA256 of the timestamp, a dot and the body."""
    message = headers["X-Helpdesk-Timestamp"].encode() + b"." + body
    expected = "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["X-Helpdesk-Signature"])

"""The mixed load of benchmarks/outages.py: readers who read, search, vote and tick, each
remembering what the server acknowledged, so that nothing acknowledged can go missing."""

import http.client
import random
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
SEARCHES = ["endnote", "sync", "library", "cite", "word", "reference", "zzz-nothing"]


@dataclass
class Reader:
    """One browser: its cookies, and what the server acknowledged it wrote."""

    cookies: dict = field(default_factory=dict)
    votes: dict = field(default_factory=dict)  # article id -> last acknowledged "yes"/"no"
    # Votes sent since then without an answer (a killed worker): they may have landed.
    unanswered: dict = field(default_factory=lambda: defaultdict(set))
    ticks: set = field(default_factory=set)  # step ids acknowledged as done

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def keep(self, response: http.client.HTTPResponse) -> None:
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                jar = SimpleCookie()
                jar.load(value)
                for key, morsel in jar.items():
                    if morsel.value:
                        self.cookies[key] = morsel.value
                    else:
                        self.cookies.pop(key, None)

    @property
    def visitor_key(self) -> uuid.UUID | None:
        raw = self.cookies.get("hd_visitor")
        return uuid.UUID(raw.split(":")[0]) if raw else None


class Load:
    """Readers in threads, each request logged with its phase."""

    def __init__(self, base: str, articles: list[tuple[int, str, list[int]]], readers: int):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.articles = articles
        self.readers = [Reader() for _ in range(readers)]
        self.phase = "start"
        self.log: list[tuple[float, str, str, int]] = []  # time, phase, kind, status (0: no answer)
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def request(self, reader: Reader, method: str, path: str, body: str = "", htmx=False) -> int:
        headers = {"User-Agent": BROWSER, "Cookie": reader.header()}
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = reader.cookies.get("csrftoken", "")
        if htmx:
            headers["HX-Request"] = "true"
        conn = http.client.HTTPConnection(self.host, self.port, timeout=15)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            reader.keep(response)
            return response.status
        except (OSError, http.client.HTTPException):
            # No answer, or half of one (IncompleteRead: the worker was killed while it
            # sent it): the write may have landed, so it counts as sent, not answered.
            return 0
        finally:
            conn.close()

    def record(self, kind: str, status: int) -> None:
        with self.lock:
            self.log.append((time.monotonic(), self.phase, kind, status))

    def run_reader(self, number: int) -> None:
        rng = random.Random(number)
        reader = self.readers[number]
        while not self.stop.is_set():
            pk, slug, steps = rng.choice(self.articles)
            url = f"/faq/{pk}/{slug}/"
            roll = rng.random()
            if roll < 0.45 or "csrftoken" not in reader.cookies:
                self.record("page", self.request(reader, "GET", url))
            elif roll < 0.6:
                query = rng.choice(SEARCHES)
                self.record("search", self.request(reader, "GET", f"/search/?q={query}"))
            elif roll < 0.75:
                helpful = rng.choice(["yes", "no"])
                status = self.request(reader, "POST", url + "vote/", f"helpful={helpful}", True)
                if status == 200:
                    reader.votes[pk] = helpful
                    reader.unanswered[pk].clear()
                else:
                    reader.unanswered[pk].add(helpful)
                self.record("vote", status)
            elif steps:
                step = rng.choice(steps)
                status = self.request(reader, "POST", f"{url}steps/{step}/", "done=1", True)
                if status == 200:
                    reader.ticks.add(step)
                self.record("tick", status)
            time.sleep(rng.uniform(0.01, 0.05))

    def start(self) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self.run_reader, args=(n,), daemon=True)
            for n in range(len(self.readers))
        ]
        for thread in threads:
            thread.start()
        return threads

"""Burst: 50 readers vote at the same moment, and one double-submits, on a served site.

Runs `make run`'s production server (gunicorn, several workers) on a fresh
copy of the demo, on SQLite unless DATABASE_URL says otherwise. Every reader
first opens the article like a browser (cookies, CSRF token), then all POST at
once. Checks that every answer is 2xx/3xx and that the counters equal the rows.
`--smoke`: 5 readers on a scratch database.
"""

import argparse
import http.cookiejar
import re
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    ARTICLE,
    BROWSER,
    SERVERS,
    demo_server,
    machine,
    manage_py,
    smoke_argument,
    smoke_scratch,
    smoke_sizes,
)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Reader:
    """A browser-like client with its own cookies."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.token = ""

    def open_article(self) -> None:
        request = urllib.request.Request(self.base + ARTICLE, headers={"User-Agent": BROWSER})
        html = self.opener.open(request, timeout=30).read().decode()
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def vote(self, helpful: str) -> int:
        data = urllib.parse.urlencode({"helpful": helpful, "csrfmiddlewaretoken": self.token})
        request = urllib.request.Request(
            self.base + ARTICLE + "vote/",
            data=data.encode(),
            headers={"User-Agent": BROWSER, "Referer": self.base + ARTICLE},
        )
        try:
            return self.opener.open(request, timeout=60).status
        except urllib.error.HTTPError as error:
            return error.code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--server", choices=SERVERS, default="sync")
    smoke_argument(parser)
    args = smoke_sizes(parser.parse_args(), readers=5, workers=2)

    server = demo_server(args.workers, server=args.server)
    with smoke_scratch(args, "votes"), server as (base, env):
        readers = [Reader(base) for _ in range(args.readers)]
        twice = Reader(base)
        for reader in [*readers, twice]:
            reader.open_article()
        jobs = [(r, "yes" if i % 3 else "no") for i, r in enumerate(readers)]
        jobs += [(twice, "yes"), (twice, "yes")]
        statuses: list[int] = []
        barrier = threading.Barrier(len(jobs))

        def go(reader: Reader, helpful: str) -> None:
            barrier.wait()
            statuses.append(reader.vote(helpful))

        threads = [threading.Thread(target=go, args=job) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        drift = manage_py(env, "recount_counters")
        counts = manage_py(
            env,
            "shell",
            "-v0",
            "-c",
            "from faq.models import Article, Vote; a = Article.objects.get(pk=1); "
            "print(a.yes_count, a.no_count, Vote.objects.filter(article=a).count())",
        ).split()[-3:]

    ok = sum(1 for s in statuses if 200 <= s < 400)
    print(f"Machine: {machine(env)}; gunicorn {args.workers} sync workers.")
    print(f"{len(statuses)} POSTs at once: {ok} answered 2xx/3xx, statuses {sorted(set(statuses))}")
    print(f"Article 1 now: yes={counts[0]} no={counts[1]} vote rows={counts[2]}")
    expected = args.readers + 1
    print(f"Expected {expected} votes (one per reader, the double submit once).")
    print(drift.strip())
    if ok != len(statuses) or int(counts[2]) != expected or "0 drifted" not in drift:
        raise SystemExit("FAILED")
    print("OK")


if __name__ == "__main__":
    main()

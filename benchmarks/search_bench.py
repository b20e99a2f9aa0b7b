"""Search at 100,000 articles: full searches and suggestions, median and 95th percentile.

Fills the database (once) with the demo content and made-up articles up to
--articles, drawn from the word lists of `manage.py fill_activity` and
published through the product's own bulk path, services.articles_import (the
same rows as the admin makes: review dates, topics, steps, first versions,
and the search index, built once over all of them), then times whole
requests in process with Django's test client: URL routing, the engine's
queries, the template. `--reindex` times services.search_index_rebuild
first; the searches then run on the index as a rebuild over a full one
leaves it.

    .venv/bin/python benchmarks/search_bench.py --db /work/bench/search.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/searchbench \\
        .venv/bin/python benchmarks/search_bench.py

`--reuse` times an already filled database. `--smoke` fills a scratch database
(a temporary file, or a PostgreSQL database of its own beside DATABASE_URL's)
with 300 articles, reindexes it and runs each query twice.
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import smoke_argument, smoke_scratch, smoke_sizes  # noqa: E402

SEARCHES = [
    "sync endnote library",
    "resetLocalSync",
    "endnot sync",
    "endnote synk",
    "licence expired",
    "how do i export my library to ris",
    "install spss on a new laptop",
    "remove duplicate references",
    "vpn licence server",
    "citation style word",
    "cache folder",
    "administrator rights",
    "zebra crossing",
    "check for updates",
    "shared lab computer",
    "pdf links broken",
]
SUGGESTIONS = ["en", "endn", "sync l", "lic", "inst", "dupl", "vpn", "expo", "citat", "resetl"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", default=str(ROOT / "searchbench.sqlite3"), help="SQLite file")
    parser.add_argument("--rounds", type=int, default=15, help="times each query is run")
    parser.add_argument("--reuse", action="store_true", help="do not fill, only time")
    parser.add_argument(
        "--reindex",
        action="store_true",
        help="time services.search_index_rebuild over the filled index before the searches "
        "(which then run on the index as a rebuild leaves it)",
    )
    smoke_argument(parser)
    return smoke_sizes(parser.parse_args(), articles=300, rounds=2, reuse=False, reindex=True)


def setup(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{args.db}")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Timed pages name their static files without the collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    call_command("migrate", verbosity=0)


def fill(total: int) -> None:
    """Demo content, then made-up published articles with steps, through articles_import."""
    from django.db import connection, transaction

    from demo.loader import demo_load
    from faq import services
    from faq.models import Article, Team, Topic

    demo_load()
    missing = total - Article.objects.count()
    if missing <= 0:
        return
    rng = random.Random(1)
    team = Team.objects.first()
    topics = {t.name: t for t in Topic.objects.all()}
    last = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    counters: list[tuple[int, int, int]] = []
    started = time.perf_counter()
    made, steps = services.articles_import(
        drafts=drafts_draw(rng=rng, count=missing, team=team, topics=topics, counters=counters)
    )
    # Made-up readers' numbers, as the runs before articles_import had them: the
    # results page shows each answer's helpful share.
    made_articles = Article.objects.filter(pk__gt=last).order_by("pk").only("pk")
    with transaction.atomic():
        for chunk in range(0, made, 2000):
            batch = list(made_articles[chunk : chunk + 2000])
            for article, (views, yes, no) in zip(batch, counters[chunk:], strict=False):
                article.view_count, article.yes_count, article.no_count = views, yes, no
            Article.objects.bulk_update(batch, ["view_count", "yes_count", "no_count"])
    if connection.vendor == "postgresql":
        # Dead rows and stale statistics, as autovacuum would not leave them (a server
        # may run without it; the one of RESULTS.md does).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"filled and indexed {made} articles ({steps} steps) "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def drafts_draw(*, rng: random.Random, count: int, team, topics: dict, counters: list) -> Iterator:
    """The articles of the 2026-11-25 runs: the same draws, so the same text for a seed."""
    from demo.activity.articles import questions_draw, step_bodies_draw
    from demo.activity.words import INTROS, PLAIN_ANSWERS
    from faq.services.imports import ArticleDraft

    for question, product, task, situation in questions_draw(rng=rng, count=count):
        name, thing, product_topics, _ = product
        words = {"p": name, "thing": thing}
        steps = step_bodies_draw(rng=rng, count=rng.choice([0, 5, 8, 10, 12]), words=words)
        intro = (
            rng.choice(INTROS).format(
                task=task[0].format(**words), situation=situation, minutes=10, **words
            )
            if steps
            else rng.choice(PLAIN_ANSWERS).format(**words)
        )
        counters.append((rng.randint(0, 500), rng.randint(0, 20), rng.randint(0, 5)))
        yield ArticleDraft(
            question=question,
            team=team,
            answer_intro=intro,
            steps=steps,
            topics=tuple(topics[t] for t in product_topics if t in topics),
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def backend_cpu_ns() -> int | None:
    """CPU time used so far by the PostgreSQL backend serving this process, in ns, read from
    /proc when it runs on this machine; 0 on SQLite, whose work is this process's."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0
    if connection.connection is None:
        return None
    pid = connection.connection.info.backend_pid
    try:
        if Path(f"/proc/{pid}/comm").read_text().strip() != "postgres":
            return None
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def timed(client, urls: list[str], rounds: int) -> tuple[float, float, float | None]:
    """Median and 95th percentile of the requests' time, and the median of the CPU time they
    took (this process and the PostgreSQL backend): on a machine shared with other work
    the time spent waiting for a core swells the first two, not the third (which still
    grows some with the load: shared caches, a virtual machine's stolen time)."""
    for url in urls:  # warm-up: caches, prepared statements, pages in memory
        assert client.get(url).status_code == 200, url
    samples, cpu = [], []
    for _ in range(rounds):
        for url in urls:
            backend = backend_cpu_ns()
            started, started_cpu = time.perf_counter(), time.process_time_ns()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            spent, after = time.process_time_ns() - started_cpu, backend_cpu_ns()
            if backend is not None and after is not None:
                cpu.append((spent + after - backend) / 1e6)
    cpu_median = statistics.median(cpu) if len(cpu) == len(samples) else None
    return statistics.median(samples), percentile(samples, 0.95), cpu_median


def main() -> None:
    args = parse_args()
    with smoke_scratch(args, "search"):
        try:
            measure(args)
        finally:
            # A smoke run's scratch database goes next: the searches recorded wait in
            # the process (written at exit), and the connection would hold it open.
            from django.apps import apps

            if apps.ready:
                from django.db import connections

                from faq import services

                services.searches_flush()
                connections.close_all()


def measure(args: argparse.Namespace) -> None:
    setup(args)
    from urllib.parse import urlencode

    from django.db import connection
    from django.test import Client

    from faq import services
    from faq.models import Article, SearchDocument

    if not args.reuse:
        fill(args.articles)
    if args.reindex:
        started = time.perf_counter()
        indexed = services.search_index_rebuild()
        build = time.perf_counter() - started
        print(f"indexed {indexed} articles again in {build:.0f} s", flush=True)
    client = Client(HTTP_HOST="localhost")
    # The first search of a process loads the model and reads the embeddings.
    started = time.perf_counter()
    client.get(f"/search/?{urlencode({'q': SEARCHES[0]})}")
    first = time.perf_counter() - started
    searches = [f"/search/?{urlencode({'q': q})}" for q in SEARCHES]
    suggestions = [f"/search/suggest/?{urlencode({'q': q})}" for q in SUGGESTIONS]
    load_before = os.getloadavg()[0]
    rows = {
        f"full search, page 1 ({len(SEARCHES)} queries)": timed(client, searches, args.rounds),
        f"suggestions ({len(SUGGESTIONS)} prefixes)": timed(client, suggestions, args.rounds),
    }
    vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{vendor}, {Article.objects.count()} articles, {SearchDocument.objects.count()} indexed,"
        f" {args.rounds} rounds; load average {load_before:.1f} before, {load} after"
    )
    print("| request | median (ms) | p95 (ms) | CPU, median (ms) |\n| --- | ---: | ---: | ---: |")
    for name, (median, p95, cpu) in rows.items():
        print(f"| {name} | {median:.1f} | {p95:.1f} | {'n/a' if cpu is None else f'{cpu:.1f}'} |")
    status = Path("/proc/self/status").read_text()
    resident = int(status.split("VmRSS:")[1].split()[0]) / 1024
    print(
        f"\nThe process's first search (the model loaded, the embeddings read): {first:.2f} s;"
        f" the process held {resident:.0f} MB afterwards."
    )


if __name__ == "__main__":
    main()

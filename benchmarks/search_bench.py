"""Search at 100,000 articles: full searches and suggestions, median and 95th percentile.

Fills the database (once) with the demo content and made-up articles up to
--articles, written straight to the tables in bulk from the same word lists
as `manage.py fill_activity` (its one-at-a-time path through the services
would take an hour here), then builds the index with
services.search_index_rebuild and times whole requests in process with
Django's test client: URL routing, the engine's queries, the template.

    .venv/bin/python benchmarks/search_bench.py --db /path/bench.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/searchbench \\
        .venv/bin/python benchmarks/search_bench.py

`--reuse` times an already filled database.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
    return parser.parse_args()


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
    """Demo content, then made-up published articles with steps, in bulk."""
    from django.db import transaction
    from django.utils import timezone
    from django.utils.html import escape

    from demo.activity.articles import questions_draw, step_bodies_draw
    from demo.activity.words import INTROS, PLAIN_ANSWERS
    from demo.loader import demo_load
    from faq.models import Article, Step, Team, Topic

    demo_load()
    missing = total - Article.objects.count()
    if missing <= 0:
        return
    rng = random.Random(1)
    team = Team.objects.first()
    topics = {t.name: t for t in Topic.objects.all()}
    now = timezone.now()
    started = time.perf_counter()
    draws = list(questions_draw(rng=rng, count=missing))
    for chunk in range(0, len(draws), 2000):
        with transaction.atomic():
            articles, bodies, topic_links = [], [], []
            for n, (question, product, task, situation) in enumerate(draws[chunk : chunk + 2000]):
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
                articles.append(
                    Article(
                        question=question,
                        slug=f"bench-{chunk + n}",
                        status="published",
                        answer_intro=intro,
                        answer_intro_html=f"<p>{escape(intro)}</p>",
                        team=team,
                        published_at=now,
                        updated_at=now,
                        view_count=rng.randint(0, 500),
                        yes_count=rng.randint(0, 20),
                        no_count=rng.randint(0, 5),
                    )
                )
                bodies.append(steps)
                topic_links.append([topics[t] for t in product_topics if t in topics])
            made = Article.objects.bulk_create(articles)
            Step.objects.bulk_create(
                Step(article=a, position=i, body=b, body_html=f"<p>{escape(b)}</p>")
                for a, steps in zip(made, bodies, strict=True)
                for i, b in enumerate(steps, start=1)
            )
            through = Article.topics.through
            through.objects.bulk_create(
                through(article_id=a.pk, topic_id=t.pk)
                for a, ts in zip(made, topic_links, strict=True)
                for t in ts
            )
    print(f"filled {missing} articles in {time.perf_counter() - started:.0f} s", flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(client, urls: list[str], rounds: int) -> tuple[float, float]:
    for url in urls:  # warm-up: caches, prepared statements, pages in memory
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(rounds):
        for url in urls:
            started = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


def main() -> None:
    args = parse_args()
    setup(args)
    from urllib.parse import urlencode

    from django.db import connection
    from django.test import Client

    from faq import services
    from faq.models import Article, SearchDocument

    if not args.reuse:
        fill(args.articles)
        started = time.perf_counter()
        indexed = services.search_index_rebuild()
        build = time.perf_counter() - started
        print(f"indexed {indexed} articles in {build:.0f} s", flush=True)
    client = Client(HTTP_HOST="localhost")
    searches = [f"/search/?{urlencode({'q': q})}" for q in SEARCHES]
    suggestions = [f"/search/suggest/?{urlencode({'q': q})}" for q in SUGGESTIONS]
    full = timed(client, searches, args.rounds)
    suggest = timed(client, suggestions, args.rounds)
    vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{vendor}, {Article.objects.count()} articles, {SearchDocument.objects.count()} indexed,"
        f" load average {load}"
    )
    print("| request | median (ms) | p95 (ms) |\n| --- | ---: | ---: |")
    print(f"| full search, page 1 ({len(SEARCHES)} queries) | {full[0]:.1f} | {full[1]:.1f} |")
    print(f"| suggestions ({len(SUGGESTIONS)} prefixes) | {suggest[0]:.1f} | {suggest[1]:.1f} |")


if __name__ == "__main__":
    main()

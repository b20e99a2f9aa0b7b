"""Search relevance on the demo content: recall@3 and MRR of full text alone, meaning alone
and the two fused, by language, over the questions of relevance_set.py.

    .venv/bin/python benchmarks/relevance.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/relevance.py

Runs on a scratch database of its own (a temporary SQLite file, or a PostgreSQL
database beside DATABASE_URL's), with the demo content loaded as `make run` loads it.
`--smoke` is the same run: it is small already.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import demo_in_process, smoke_argument  # noqa: E402
from relevance_set import QUESTIONS  # noqa: E402

RANKINGS = ("lexical", "semantic", "hybrid")
DEPTH = 10


def scores(ranking: str) -> dict[str, tuple[int, float, int]]:
    """By language (and "all"): questions with their article in the top 3, the mean
    reciprocal rank within the top DEPTH, and how many questions."""
    from django.utils import translation

    from faq.models import Article
    from faq.search import search

    slugs = dict(Article.objects.values_list("pk", "slug"))
    found: dict[str, list[tuple[bool, float]]] = {}
    for language, question, slug in QUESTIONS:
        with translation.override(language):
            results = search(question, language=language, ranking=ranking)  # type: ignore[arg-type]
        order = [slugs[hit.article.pk] for hit in results.items][:DEPTH]
        rank = order.index(slug) + 1 if slug in order else 0
        row = (0 < rank <= 3, 1 / rank if rank else 0.0)
        found.setdefault(language, []).append(row)
        found.setdefault("all", []).append(row)
    return {
        code: (sum(top for top, _ in rows), sum(rr for _, rr in rows) / len(rows), len(rows))
        for code, rows in found.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    smoke_argument(parser)
    parser.parse_args()
    with demo_in_process("relevance") as database:
        table = {ranking: scores(ranking) for ranking in RANKINGS}
    print(f"{database}, {len(QUESTIONS)} questions; recall@3 (of n) and MRR@{DEPTH}\n")
    print("| ranking | " + " | ".join(f"{c} recall@3 | {c} MRR" for c in table["hybrid"]) + " |")
    print("| --- |" + " ---: | ---: |" * len(table["hybrid"]))
    for ranking, by_language in table.items():
        cells = [f"{top}/{n} | {mrr:.3f}" for top, mrr, n in by_language.values()]
        print(f"| {ranking} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

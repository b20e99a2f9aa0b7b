"""Whether the search embeddings would choose better "related articles" than shared topics:
each way's first RELATED_LIMIT articles for each demo article, scored against a reader's
judgement of which articles are related (RELATED below, written before any way was run).

    .venv/bin/python benchmarks/related.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/related.py

Ways: "topics" (most topics shared, then most read: the page's way before, and its
fallback for an article without embeddings) and "meaning" (faq.search.related: cosine
similarity of the unit means of the articles' question and body embeddings). Scores:
precision@3, and recall@5 against min(5, judged). Runs on a scratch database with the
demo content loaded as `make run` loads it.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import demo_in_process, smoke_argument  # noqa: E402
from relevance_set import (  # noqa: E402
    BACKUP,
    CWYW,
    MENDELEY_ZOTERO,
    NEW_COMPUTER,
    NVIVO_INSTALL,
    NVIVO_MOVE,
    NVIVO_NEWER,
    PORTAL_PASSWORD,
    SHARE,
    SPSS_CODE,
    SPSS_EXPIRED,
    SYNC,
    TWO_COMPUTERS,
)

# For each demo article, the ones a reader who opened it might well want next.
RELATED: dict[str, set[str]] = {
    SYNC: {BACKUP, SHARE, NEW_COMPUTER},
    BACKUP: {SYNC, NEW_COMPUTER, SHARE},
    SHARE: {SYNC, BACKUP},
    NEW_COMPUTER: {BACKUP, SYNC, NVIVO_MOVE, TWO_COMPUTERS},
    CWYW: {NEW_COMPUTER, MENDELEY_ZOTERO},
    MENDELEY_ZOTERO: {SHARE, BACKUP, SYNC, CWYW},
    SPSS_CODE: {SPSS_EXPIRED, TWO_COMPUTERS, NVIVO_MOVE},
    SPSS_EXPIRED: {SPSS_CODE, TWO_COMPUTERS},
    NVIVO_INSTALL: {NVIVO_MOVE, NVIVO_NEWER, TWO_COMPUTERS, PORTAL_PASSWORD},
    NVIVO_MOVE: {NVIVO_INSTALL, TWO_COMPUTERS, NEW_COMPUTER, SPSS_CODE},
    NVIVO_NEWER: {NVIVO_INSTALL, NVIVO_MOVE},
    TWO_COMPUTERS: {SPSS_CODE, NVIVO_MOVE, SPSS_EXPIRED, PORTAL_PASSWORD},
    PORTAL_PASSWORD: {TWO_COMPUTERS, NVIVO_INSTALL},
}
WAYS = ("topics", "meaning")


def chosen(way: str) -> dict[str, list[str]]:
    """Each article's related articles, by slug, the way `way` chooses them: "topics" is
    the page's fallback (most topics shared, then most read), "meaning" the page's own
    (faq.search.related, as services.related_rebuild stores it)."""
    from faq.models import Article
    from faq.search import related
    from faq.selectors.pages import RELATED_LIMIT, related_by_topics

    articles = list(Article.objects.published().prefetch_related("topics"))
    slugs = {a.pk: a.slug for a in articles}
    if way == "topics":
        return {
            a.slug: [
                r.slug
                for r in related_by_topics(article=a, topic_ids=[t.pk for t in a.topics.all()])
            ]
            for a in articles
        }
    nearest = related.nearest(slugs)
    return {
        slugs[pk]: [slugs[other] for other, _ in pairs[:RELATED_LIMIT]]
        for pk, pairs in nearest.items()
    }


def score(found: dict[str, list[str]]) -> tuple[float, float]:
    """Mean precision@3 and mean recall@5 (of at most 5 judged) over the articles."""
    precision = recall = 0.0
    for slug, judged in RELATED.items():
        shown = found.get(slug, [])
        precision += len(set(shown[:3]) & judged) / 3
        recall += len(set(shown[:5]) & judged) / min(5, len(judged))
    return precision / len(RELATED), recall / len(RELATED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    smoke_argument(parser)
    parser.parse_args()
    with demo_in_process("related") as database:
        table = {way: score(chosen(way)) for way in WAYS}
    print(f"{database}, {len(RELATED)} demo articles; related articles against the judged set\n")
    print("| way | precision@3 | recall@5 |")
    print("| --- | ---: | ---: |")
    for way, (precision, recall) in table.items():
        print(f"| {way} | {precision:.3f} | {recall:.3f} |")


if __name__ == "__main__":
    main()

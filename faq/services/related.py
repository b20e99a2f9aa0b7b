"""Related articles by meaning: each published article's nearest articles, kept in
RelatedArticle from the search embeddings (faq.search.related)."""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from faq.models import Article, RelatedArticle
from faq.search import related
from faq.services.content import content_version_bump

# An article offers itself to this many of its nearest: whichever of them it is now
# closer to than the last of their KEPT takes it into their list.
OFFERED = 50


def related_after_commit(*, article_id: int) -> None:
    """Refresh the article's related articles once the current transaction commits."""
    # After, not within: the search matrix that nearest() reads is kept by the process
    # between requests, and must only ever hold committed embeddings.
    transaction.on_commit(lambda: related_update(article_id=article_id), robust=True)


@transaction.atomic
def related_update(*, article_id: int) -> int:
    """Store the article's nearest articles afresh, and offer it again to the lists of
    those near it (out of every list it was in); return the rows written."""
    offered = related.nearest([article_id], kept=OFFERED).get(article_id, [])
    near = dict(offered)
    RelatedArticle.objects.filter(Q(article_id=article_id) | Q(related_id=article_id)).delete()
    rows = [
        RelatedArticle(article_id=article_id, related_id=other, similarity=score)
        for other, score in offered[: related.KEPT]
    ]
    # Each nearby article keeps its KEPT closest: this one goes in where it beats the last.
    lists: dict[int, list[tuple[float, int, int]]] = defaultdict(list)
    for pk, other, other_related, score in RelatedArticle.objects.filter(
        article_id__in=near
    ).values_list("pk", "article_id", "related_id", "similarity"):
        lists[other].append((score, pk, other_related))
    dropped: list[int] = []
    for other, score in near.items():
        kept = sorted(lists[other], reverse=True)
        if len(kept) >= related.KEPT and kept[related.KEPT - 1][0] >= score:
            continue
        rows.append(RelatedArticle(article_id=other, related_id=article_id, similarity=score))
        dropped += [pk for _, pk, _ in kept[related.KEPT - 1 :]]
    RelatedArticle.objects.filter(pk__in=dropped).delete()
    # Two saves at once may offer the same pair: the first one's row stands.
    RelatedArticle.objects.bulk_create(rows, ignore_conflicts=True)
    content_version_bump()
    return len(rows)


def related_rebuild() -> int:
    """Find every published article's related articles afresh (after a bulk load, or a
    rebuild of the index); return the rows written. A transaction a batch."""
    RelatedArticle.objects.all().delete()
    return related_fill(article_ids=Article.objects.published().values_list("pk", flat=True))


def related_fill(*, article_ids: Iterable[int] | None = None, batch_size: int = 500) -> int:
    """Find the related articles of these published articles (by default, those without
    any yet); return the rows written. A transaction a batch."""
    if article_ids is None:
        article_ids = (
            Article.objects.published()
            .exclude(pk__in=RelatedArticle.objects.values("article_id"))
            .values_list("pk", flat=True)
        )
    ids = sorted(article_ids)
    written = 0
    for start in range(0, len(ids), batch_size):
        found = related.nearest(ids[start : start + batch_size])
        with transaction.atomic():
            made = RelatedArticle.objects.bulk_create(
                (
                    RelatedArticle(article_id=pk, related_id=other, similarity=score)
                    for pk, pairs in found.items()
                    for other, score in pairs
                ),
                batch_size=1000,
                ignore_conflicts=True,
            )
            written += len(made)
    if written:
        content_version_bump()
    return written

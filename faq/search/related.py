"""Related articles by meaning: each published article as one unit vector (the mean of
its question and body embeddings, in the site's language where it has that text), and
the articles nearest to it.

    nearest(article_ids, kept=) -> {article id: [(other id, similarity)]}, best first

Reads the search's own matrix (faq.search.semantic), so it needs the stored embeddings,
never the model. On the demo content this chose better than shared topics
(benchmarks/related.py: precision@3 0.72 against 0.56, recall@5 0.88 against 0.79).
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings

from faq.search import semantic

if TYPE_CHECKING:
    import numpy as np

# What an article page lists is read from these many kept per article, so that the
# list stays full while a few of them are unpublished.
KEPT = 10
# Search's floor: below it one text is not about the other. On the demo content a few
# pairs judged related score under it (0.30), but many unrelated ones too; 0.4 lost
# more related pairs than it dropped unrelated ones (benchmarks/related.py).
MIN_SIMILARITY = semantic.MIN_SIMILARITY
# Rows compared at once when many articles are asked for: 1,000 x 100,000 float32
# similarities are 400 MB.
_BLOCK = 256


# The last matrix's per-article vectors, with the arrays they were made from (held, so
# that their ids cannot be reused): while the search matrix is the same, so are they.
_last: list[tuple[object, object, "np.ndarray", "np.ndarray"]] = []


def _vectors() -> "tuple[np.ndarray, np.ndarray]":
    """The article ids, ascending, and each one's unit vector."""
    import numpy as np

    articles, vectors = semantic.rows(settings.LANGUAGE_CODE)
    if _last and _last[0][0] is articles and _last[0][1] is vectors:
        return _last[0][2], _last[0][3]
    if not len(articles):
        return articles, vectors
    # At 100,000 articles grouping the rows costs about 0.3 s: once per matrix, not
    # once per saved article.
    order = np.argsort(articles, kind="stable")
    ids, starts = np.unique(articles[order], return_index=True)
    sums = np.add.reduceat(vectors[order], starts, axis=0)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    unit = sums / np.where(norms == 0, 1, norms)
    _last[:] = [(articles, vectors, ids, unit)]
    return ids, unit


def nearest(article_ids: Iterable[int], *, kept: int = KEPT) -> dict[int, list[tuple[int, float]]]:
    """For each of these published articles, the `kept` others closest in meaning, from
    MIN_SIMILARITY up, best first; an article without embeddings is left out."""
    import numpy as np

    ids, vectors = _vectors()
    position = {int(pk): index for index, pk in enumerate(ids.tolist())}
    wanted = [position[pk] for pk in dict.fromkeys(article_ids) if pk in position]
    found: dict[int, list[tuple[int, float]]] = {}
    for start in range(0, len(wanted), _BLOCK):
        rows = np.asarray(wanted[start : start + _BLOCK])
        # float32 rounding puts identical texts at 1.0000001: the table holds -1 to 1.
        scores = np.clip(vectors[rows] @ vectors.T, -1.0, 1.0)
        scores[np.arange(len(rows)), rows] = -2.0
        take = min(kept, len(ids) - 1)
        if take <= 0:
            found.update({int(ids[row]): [] for row in rows})
            continue
        best = np.argpartition(-scores, take - 1, axis=1)[:, :take]
        for row, (index, columns) in zip(rows.tolist(), enumerate(best), strict=True):
            pairs = [
                (int(ids[column]), float(scores[index, column]))
                for column in columns.tolist()
                if scores[index, column] >= MIN_SIMILARITY
            ]
            found[int(ids[row])] = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
    return found

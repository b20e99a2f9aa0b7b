"""Search by meaning: a small static embedding model (wordllama), read from its package's
own files, and each process's matrix of the published articles' embeddings.

    embed(texts) -> unit vectors, or None when the model cannot load
    document_parts(question=, steps=, answer=) -> the parts of a document to embed
    ranked(query, language=, limit=) -> [(article id, similarity)], best first

The model loads once per process, on first use, never from the network: files missing
or unreadable leave search to full text, with one warning in the log. numpy too is
imported on first use: a process that only serves article pages never holds either.
"""

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db.models import Max

from faq.models import ContentVersion, SearchDocument, SearchEmbedding

if TYPE_CHECKING:
    import numpy as np

logger = logging.getLogger(__name__)

# The model and the size of its vectors; an embedding made by another is remade. Its
# 256 dimensions are cut to their first 128 (the model is trained so that a prefix
# works on its own): on benchmarks/relevance.py as good as all 256, or better, at half
# the memory and arithmetic.
MODEL_CONFIG = "l2_supercat"
MODEL_DIMENSIONS = 256
DIMENSIONS = 128
MODEL_NAME = f"wordllama-0.4/{MODEL_CONFIG}-{MODEL_DIMENSIONS}-{DIMENSIONS}"
# A reader's query is cut to this many characters before it is embedded: a
# question is far shorter, and the model's cost grows with the text.
QUERY_MAX_CHARS = 500
# Below this cosine similarity a text is not about the query at all: every off-topic
# query tried (benchmarks/RESULTS.md, "Search by meaning") stayed under it but one.
MIN_SIMILARITY = 0.33
# A match in an article's steps or answer counts a little less than one in its question.
BODY_WEIGHT = 0.9
# What a search compares the query with: each document's question, and the mean of its
# steps' and answer's embeddings ("body"), stored with them. Two rows a document, not
# one a part: at 100,000 articles a third of the memory and of the reading.
RANKED_PARTS = ("question", "body")

_lock = threading.Lock()
_loaded: dict[str, Any] = {}


def _load() -> Any:
    """The model from the files wordllama's wheel carries; raises when it cannot load."""
    # wordllama 0.4 looks for its tokenizer under tokenizer/, but ships it under
    # tokenizers/: its cache layout, pointed at the package, finds both files.
    import numpy as np
    import wordllama
    from wordllama import WordLlama

    loaded = WordLlama.load(
        config=MODEL_CONFIG,
        dim=MODEL_DIMENSIONS,
        trunc_dim=DIMENSIONS,
        cache_dir=Path(wordllama.__file__).parent,
        disable_download=True,
    )
    # The cut is a view that keeps all 256 columns alive: a copy lets them go.
    loaded.embedding = np.ascontiguousarray(loaded.embedding)
    return loaded


def model() -> Any:
    """The process's model, loaded on first use; None when it cannot be."""
    if "model" not in _loaded:
        with _lock:
            if "model" not in _loaded:
                try:
                    _loaded["model"] = _load()
                except Exception:
                    # Any failure (a file missing, corrupt, a package not installed)
                    # leaves search to full text: never a reader's error.
                    logger.warning(
                        "The search model could not load: search uses full text only.",
                        exc_info=True,
                    )
                    _loaded["model"] = None
    return _loaded["model"]


def forget() -> None:
    """Load the model afresh on next use, and drop the matrices (tests)."""
    with _lock:
        _loaded.clear()
    forget_matrices()


def forget_matrices() -> None:
    """Read the embeddings afresh on next use: each test's database starts its content
    version again, so a matrix of the last test's would look current."""
    _matrices.clear()


def embed(texts: Sequence[str]) -> "np.ndarray | None":
    """Unit vectors (float32, one row per text), or None without a model."""
    import numpy as np

    found = model()
    if found is None:
        return None
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(found.embed(list(texts), norm=True), dtype=np.float32)
    return vectors


def to_bytes(vector: "np.ndarray") -> bytes:
    import numpy as np

    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview) -> "np.ndarray":
    import numpy as np

    return np.frombuffer(bytes(data), dtype="<f4")


def body_vector(vectors: "Sequence[np.ndarray]") -> "np.ndarray | None":
    """The unit mean of a document's step and answer embeddings; None without any."""
    import numpy as np

    if not len(vectors):
        return None
    mean = np.vstack(vectors).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else None


def document_parts(*, question: str, steps: str, answer: str) -> list[tuple[str, str]]:
    """The parts of a search document that get an embedding each: its question, its
    answer and each step (a line of `steps`), empty ones left out."""
    parts = [("question", question)]
    parts += [(f"step-{n}", line) for n, line in enumerate(steps.split("\n"), start=1)]
    parts.append(("answer", answer))
    return [(name, text.strip()) for name, text in parts if text.strip()]


@dataclass
class _Matrix:
    """A language's ranked embeddings: a row each for a document's question and body, the
    document and article of each row, its weight (questions 1, bodies BODY_WEIGHT), the
    content version it matches and the newest embedding id it has read."""

    version: int
    last_id: int
    vectors: "np.ndarray"
    documents: "np.ndarray"
    articles: "np.ndarray"
    weights: "np.ndarray"


def _empty() -> _Matrix:
    import numpy as np

    return _Matrix(
        version=-1,
        last_id=0,
        vectors=np.zeros((0, DIMENSIONS), np.float32),
        documents=np.zeros(0, np.int64),
        articles=np.zeros(0, np.int64),
        weights=np.zeros(0, np.float32),
    )


_matrices: dict[str, _Matrix] = {}
# Documents to read by id at once; past this many, they are read by the reader's join.
_BY_ID = 2000


def _content_version() -> int:
    return ContentVersion.objects.current()


def _rows(language: str, documents: set[int]) -> list[tuple[int, int, str, bytes]]:
    """(id, document id, part, vector) of the ranked parts of these documents."""
    ranked = SearchEmbedding.objects.filter(model=MODEL_NAME, part__in=RANKED_PARTS)
    fields = ("pk", "document_id", "part", "vector")
    if len(documents) > _BY_ID:
        query = ranked.filter(document__in=SearchDocument.objects.for_reader(language))
        return [r for r in query.values_list(*fields).iterator(2000) if r[1] in documents]
    found: list[tuple[int, int, str, bytes]] = []
    ids = sorted(documents)
    for start in range(0, len(ids), 500):
        chunk = ranked.filter(document_id__in=ids[start : start + 500])
        found += chunk.values_list(*fields)
    return found


def _matrix(language: str) -> _Matrix:
    """The ranked embeddings of the documents a reader in `language` searches, brought up
    to date when the content changed: rows of documents gone or embedded again are
    dropped, and only the documents new to it or embedded again are read."""
    import numpy as np

    version = _content_version()
    kept = _matrices.get(language) or _empty()
    if kept.version == version:
        return kept
    current = dict(
        SearchDocument.objects.for_reader(language).values_list("pk", "article_id").iterator()
    )
    newest = SearchEmbedding.objects.aggregate(newest=Max("pk"))["newest"] or 0
    keep = np.ones(len(kept.documents), dtype=bool)
    if len(kept.documents):
        # Embedded again since: their rows are new ones, read below.
        changed = set(
            SearchEmbedding.objects.filter(pk__gt=kept.last_id, pk__lte=newest).values_list(
                "document_id", flat=True
            )
        )
        keep = np.fromiter(
            (d in current and d not in changed for d in kept.documents.tolist()),
            dtype=bool,
            count=len(kept.documents),
        )
    vectors, documents = kept.vectors[keep], kept.documents[keep]
    articles, weights = kept.articles[keep], kept.weights[keep]
    have = set(documents.tolist())
    fresh = [
        (document, part, from_bytes(data))
        for _, document, part, data in _rows(language, {d for d in current if d not in have})
        if len(data) == DIMENSIONS * 4
    ]
    matrix = _Matrix(
        version=version,
        last_id=newest,
        vectors=np.vstack([vectors, *(v[None, :] for *_, v in fresh)]).astype(np.float32),
        documents=np.concatenate([documents, [d for d, _, _ in fresh]]).astype(np.int64),
        articles=np.concatenate([articles, [current[d] for d, _, _ in fresh]]).astype(np.int64),
        weights=np.concatenate(
            [weights, [1.0 if p == "question" else BODY_WEIGHT for _, p, _ in fresh]]
        ).astype(np.float32),
    )
    _matrices[language] = matrix
    return matrix


def rows(language: str) -> "tuple[np.ndarray, np.ndarray]":
    """The article of each ranked row a reader in `language` searches, and its vector."""
    matrix = _matrix(language)
    return matrix.articles, matrix.vectors


def ranked(
    query: str, *, language: str, limit: int, min_similarity: float = MIN_SIMILARITY
) -> list[tuple[int, float]]:
    """Articles whose text is closest in meaning to `query`, best first, each scored by
    its best part; [] without a model or a match above `min_similarity`."""
    import numpy as np

    text = " ".join(query.replace("\x00", " ").split())[:QUERY_MAX_CHARS]
    if not text:
        return []
    vectors = embed([text])
    if vectors is None:
        return []
    matrix = _matrix(language)
    if not len(matrix.vectors):
        return []
    scores = (matrix.vectors @ vectors[0]) * matrix.weights
    found = np.flatnonzero(scores >= min_similarity)
    # An article has at most two rows: its best `limit` are among the best 2 x limit rows.
    if len(found) > 2 * limit:
        found = found[np.argpartition(-scores[found], 2 * limit)[: 2 * limit]]
    best: dict[int, float] = {}
    for index in found.tolist():
        article_id, score = int(matrix.articles[index]), float(scores[index])
        if score > best.get(article_id, -1.0):
            best[article_id] = score
    return sorted(best.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]

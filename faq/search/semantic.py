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

from django.db.models import Q

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


def document_parts(*, question: str, steps: str, answer: str) -> list[tuple[str, str]]:
    """The parts of a search document that get an embedding each: its question, its
    answer and each step (a line of `steps`), empty ones left out."""
    parts = [("question", question)]
    parts += [(f"step-{n}", line) for n, line in enumerate(steps.split("\n"), start=1)]
    parts.append(("answer", answer))
    return [(name, text.strip()) for name, text in parts if text.strip()]


@dataclass(frozen=True)
class _Matrix:
    """A language's embeddings: one row per part, the article each row belongs to, and
    each row's weight (questions count fully, the rest BODY_WEIGHT)."""

    version: int
    vectors: "np.ndarray"
    articles: "np.ndarray"
    weights: "np.ndarray"


_matrices: dict[str, _Matrix] = {}


def _content_version() -> int:
    return ContentVersion.objects.values_list("value", flat=True).first() or 0


def _matrix(language: str) -> _Matrix:
    """The embeddings of the documents a reader in `language` searches, made again when
    the content changed."""
    import numpy as np

    version = _content_version()
    kept = _matrices.get(language)
    if kept is not None and kept.version == version:
        return kept
    documents = SearchDocument.objects.for_reader(language)
    rows = (
        SearchEmbedding.objects.filter(Q(document__in=documents) & Q(model=MODEL_NAME))
        .order_by("document__article_id", "part")
        .values_list("document__article_id", "part", "vector")
    )
    articles, weights, vectors = [], [], []
    for article_id, part, data in rows.iterator(chunk_size=2000):
        vector = from_bytes(data)
        if vector.shape != (DIMENSIONS,):
            continue
        articles.append(article_id)
        weights.append(1.0 if part == "question" else BODY_WEIGHT)
        vectors.append(vector)
    matrix = _Matrix(
        version=version,
        vectors=np.vstack(vectors) if vectors else np.zeros((0, DIMENSIONS), np.float32),
        articles=np.asarray(articles, dtype=np.int64),
        weights=np.asarray(weights, dtype=np.float32),
    )
    _matrices[language] = matrix
    return matrix


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
    if not len(matrix.articles):
        return []
    scores = (matrix.vectors @ vectors[0]) * matrix.weights
    best: dict[int, float] = {}
    for index in np.flatnonzero(scores >= min_similarity):
        article_id, score = int(matrix.articles[index]), float(scores[index])
        if score > best.get(article_id, -1.0):
            best[article_id] = score
    return sorted(best.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]

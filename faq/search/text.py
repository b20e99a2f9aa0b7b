"""Reader text made safe for the engines, and engine output made safe for the page."""

import re
import unicodedata
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from faq.markdown import html_to_text

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
# Where the engines put the start and end of a match. Control characters no
# article can contain (document_text removes them), so the snippet can be
# escaped whole and only these turned into <mark> afterwards.
MARK_START, MARK_END = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"\w+")


def document_text(html_or_text: str, *, html: bool = True) -> str:
    """Plain text for the index: tags gone, entities decoded, no control characters."""
    text = html_to_text(html_or_text) if html else " ".join(html_or_text.split())
    return _CONTROL.sub(" ", text)


def document_fields(
    *, question: str, answer_intro_html: str, answer_outro_html: str, steps_html: Iterable[str]
) -> dict[str, str]:
    """An article's three weighted fields: the question, its steps, its answer."""
    return {
        "question": document_text(question, html=False),
        "steps": "\n".join(document_text(body) for body in steps_html),
        "answer": document_text(f"{answer_intro_html} {answer_outro_html}").strip(),
    }


def fold(text: str) -> str:
    """Lower case without accents, as the engines' tokenizers compare words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(query: str) -> str:
    """The query as it is recorded: folded words with single spaces, nothing else."""
    return " ".join(terms(query))


def terms(query: str) -> list[str]:
    """The words of a query, folded, distinct, at most MAX_TERMS of them.

    Only word characters survive, so no operator, quote, bracket or star a
    reader types can reach FTS5 MATCH or to_tsquery: `#!resetLocalSync` is
    the word `resetlocalsync`, as the index holds it.
    """
    found: list[str] = []
    for word in _WORD.findall(fold(query).replace("_", " ")):
        word = word[:MAX_TERM_LENGTH]
        if word not in found:
            found.append(word)
    return found[:MAX_TERMS]


def marked(text: str) -> SafeString:
    """Engine output with match sentinels: everything escaped, then the sentinels made <mark>."""
    html: str = escape(text)
    html = html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)


def highlight(text: str, words: Iterable[str], *, prefix: bool = True) -> SafeString:
    """Escape text and mark each word that starts with one of `words` (folded)."""
    wanted = [w for w in words if len(w) >= 2]
    if not wanted:
        return escape(text)
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        folded = fold(match.group(0))
        hit = any(folded.startswith(w) if prefix else folded == w for w in wanted)
        if hit:
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def window(text: str, words: Iterable[str], *, length: int = 200) -> str:
    """About `length` characters of text around its first word starting with one of `words`."""
    wanted = [w for w in words if len(w) >= 2]
    first = None
    for match in _WORD.finditer(text):
        if any(fold(match.group(0)).startswith(w) for w in wanted):
            first = match.start()
            break
    if first is None:
        return ""
    start = max(0, first - length // 4)
    if start:
        # Begin on a word, not inside one.
        start = text.find(" ", start, first) + 1 or first
    end = start + length
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours costs 1), or limit + 1 past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def typo_limit(word: str) -> int:
    """Typos forgiven in a word of this length: none under 4 letters, one to 7, then two."""
    if len(word) < 4:
        return 0
    return 1 if len(word) <= 7 else 2


def best_correction(word: str, candidates: Iterable[tuple[str, int]]) -> str | None:
    """The vocabulary word closest to `word`, the more common on a tie; None if none is close."""
    limit = typo_limit(word)
    if not limit:
        return None
    best: tuple[int, int, str] | None = None
    for candidate, documents in candidates:
        if candidate == word:
            return None
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            key = (distance, -documents, candidate)
            if best is None or key < best:
                best = key
    return best[2] if best else None

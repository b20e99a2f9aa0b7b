"""Readable word-level differences between two texts, as escaped HTML with <del> and <ins>."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Words and the whitespace after them stay together, so a changed word is
# marked alone and a paragraph break survives as text.
_TOKENS = re.compile(r"\S+\s*|\s+")


def text_diff_html(old: str, new: str) -> SafeString:
    """`new` with the words taken out of `old` in <del> and the words put in within <ins>."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))

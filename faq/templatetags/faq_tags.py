"""Template helpers for the knowledge base."""

import json

from django import template
from django.utils.safestring import SafeString, mark_safe

from faq.markdown import html_to_text

register = template.Library()

# The same escapes Django's json_script uses, so the JSON cannot end the tag.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict) -> SafeString:
    """Render a dict as a JSON-LD script block, which browsers never execute."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


@register.filter
def plain_text(html: str) -> str:
    """Stored article HTML as plain text, entities decoded (the template escapes it again)."""
    return html_to_text(html)

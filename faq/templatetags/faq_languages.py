"""Marking text shown in another language than the page's (a translation's missing part)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


def _fallback(row: object, field: str) -> str:
    """The language `row`'s field is shown in instead of the page's, or ""."""
    return getattr(row, "fallback", {}).get(field, "")


@register.filter
def fallback_lang(row: object, field: str) -> SafeString | str:
    """` lang="en"` for an element showing a field in its source language, as a selector
    marked it (faq.selectors.translations); nothing for a field in the page's language."""
    code = _fallback(row, field)
    return format_html(' lang="{}"', code) if code else ""


@register.simple_tag
def fallback_note(page: object, row: object, field: str) -> SafeString | str:
    """A quiet note before a part shown in the source language, on a translated article.
    An article with no translation at all says so once, at the top, instead."""
    shown = getattr(page, "language", None)
    if shown is None or not shown.translated or not _fallback(row, field):
        return ""
    note = gettext("This part is not translated into %(language)s yet.") % {"language": shown.name}
    return format_html('<p class="translation-note">{}</p>', note)

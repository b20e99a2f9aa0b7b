"""Markdown to sanitised HTML for article text, run when an article is saved."""

from html import unescape
from xml.etree.ElementTree import Element

import markdown
import nh3
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import pgettext
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

CALLOUT_KINDS = {
    "note": "note",
    "info": "note",
    "tip": "tip",
    "hint": "tip",
    "warning": "warning",
    "caution": "warning",
    "danger": "warning",
    "important": "warning",
}


def callout_default_title(name: str) -> str:
    """The title a callout written without one shows, in the active language."""
    titles = {
        "note": pgettext("callout", "Note"),
        "info": pgettext("callout", "Info"),
        "tip": pgettext("callout", "Tip"),
        "hint": pgettext("callout", "Hint"),
        "warning": pgettext("callout", "Warning"),
        "caution": pgettext("callout", "Caution"),
        "danger": pgettext("callout", "Danger"),
        "important": pgettext("callout", "Important"),
    }
    return titles.get(name, titles["note"])


ALLOWED_TAGS = {
    "a", "p", "br", "strong", "em", "b", "i", "code", "pre", "kbd", "ul", "ol", "li",
    "blockquote", "h2", "h3", "h4", "div", "span", "hr", "table", "thead", "tbody",
    "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "div": {"role", "aria-label"},
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_CLASSES = {
    "div": {"callout", "callout--note", "callout--tip", "callout--warning"},
    "p": {"callout__title"},
}


class CalloutTreeprocessor(Treeprocessor):
    """Turn admonition blocks into labelled callouts with one of three kinds."""

    def run(self, root: Element) -> None:
        for div in root.iter("div"):
            classes = div.get("class", "").split()
            if "admonition" not in classes:
                continue
            name = next((c for c in classes if c in CALLOUT_KINDS), "note")
            kind = CALLOUT_KINDS[name]
            title_el = next((p for p in div if p.get("class") == "admonition-title"), None)
            title = "".join(title_el.itertext()).strip() if title_el is not None else ""
            if title_el is not None:
                title_el.set("class", "callout__title")
                # Markdown's own title is the kind's English name ("!!! tip" gives "Tip"):
                # shown in the text's language instead.
                if title == name.capitalize() and len(title_el) == 0:
                    title = title_el.text = callout_default_title(name)
            div.set("class", f"callout callout--{kind}")
            div.set("role", "note")
            div.set("aria-label", title or callout_default_title(name))


class CalloutExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 Markdown's API
        md.treeprocessors.register(CalloutTreeprocessor(md), "faq_callouts", 0)


def render_markdown(text: str, language: str | None = None) -> str:
    """Render article Markdown to HTML that is safe to store and show as is; callouts' own
    titles in `language` (the text's), or else the active language."""
    if language is not None:
        with translation.override(language):
            return render_markdown(text)
    html = markdown.markdown(
        text or "",
        extensions=["admonition", "sane_lists", "tables", CalloutExtension()],
        output_format="html",
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def html_to_text(html: str) -> str:
    """Stored article HTML as one line of plain text, entities decoded."""
    return " ".join(unescape(strip_tags(html)).split())

"""Template helpers for the knowledge base."""

import json
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils.html import format_html_join
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


@register.filter
def percent(value: float | None) -> str:
    """A share as a whole percentage; a dash when there is none."""
    return "—" if value is None else f"{value:.0%}"


@register.filter
def duration(seconds: float | None) -> str:
    """A time span as people say it: 45 s, 3 min 20 s, 2 h 5 min, 3 d; a dash for none."""
    if seconds is None:
        return "—"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{round(hours / 24)} d"


@register.simple_tag(takes_context=True)
def language_alternates(context) -> SafeString:
    """<link rel="alternate" hreflang> for each of `language_links`, and x-default (English)."""
    # Absolute and without the query string, as search engines want them.
    request, links = context.get("request"), context.get("language_links")
    if request is None or not links:
        return mark_safe("")
    urls = [
        (link["code"], request.build_absolute_uri(urlsplit(link["url"]).path)) for link in links
    ]
    default = [("x-default", url) for code, url in urls if code == settings.LANGUAGE_CODE]
    return format_html_join(
        "\n  ", '<link rel="alternate" hreflang="{}" href="{}">', [*urls, *default]
    )


# NUL cannot reach the page from content: Django's forms refuse it and the
# HTML sanitiser replaces it. It marks where the article page's cached shell
# (faq.views.shell) is filled in.
MARK = "\x00"


def value_marker(name: str) -> SafeString:
    return mark_safe(f"{MARK}{name}{MARK}")


def slot_marker(*names: object) -> SafeString:
    """Where a reader's own part goes: "progress-card", or "step" and the step's id."""
    return value_marker("part:" + ":".join(str(n) for n in names))


class ReaderPartNode(template.Node):
    def __init__(self, nodelist: template.NodeList, names: list[template.base.FilterExpression]):
        self.nodelist = nodelist
        self.names = names

    def render(self, context: template.Context) -> str:
        if context.get("building_shell"):
            return slot_marker(*(name.resolve(context) for name in self.names))
        return self.nodelist.render(context)


@register.tag
def reader_part(parser: template.base.Parser, token: template.base.Token) -> ReaderPartNode:
    """{% reader_part "name" [id] %}…{% endreader_part %}: a part of the page that is the
    reader's own; the cached shell of the page keeps a marker in its place."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("reader_part needs a name.")
    nodelist = parser.parse(("endreader_part",))
    parser.delete_first_token()
    return ReaderPartNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])

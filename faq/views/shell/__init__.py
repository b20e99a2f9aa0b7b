"""The article page, cached as every reader shares it and filled in per reader.

The shared page (body, steps, metadata, related articles, JSON-LD) is rendered
once per content version into a shell: its HTML with markers where a reader's
own parts go (progress, vote) and where each response's own values go (the
CSRF token, the counters). A request then costs the article's row, the
reader's progress if they have any, and joining strings.

Signed-in readers, and anyone with a message to show, get the page rendered
whole (views/pages.py): their header and messages are theirs alone.
"""

from faq.views.shell.build import ShellError, shared_page
from faq.views.shell.respond import article_response, forget_local, serves, tick_html

__all__ = [
    "ShellError",
    "article_response",
    "forget_local",
    "serves",
    "shared_page",
    "tick_html",
]

"""The article page's answers: the page for an anonymous reader and a tick's parts,
filled in with each response's values, compressed once."""

from collections.abc import Callable, Iterator
from functools import cache as once

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.cache import patch_vary_headers

from faq.compression import Deflated, accepts_gzip, deflate, gzip_of
from faq.models import Step
from faq.selectors import ArticleCounters, Progress, ReaderState, StepRow
from faq.views.shell.build import (
    MESSAGES_COOKIE,
    TEMPLATE,
    keep,
    local_shells,
    shell_of,
    split,
    split_parts,
)
from faq.views.shell.parts import assemble, rendered_parts


def _values(
    request: HttpRequest, article: ArticleCounters, *, crawler: bool = False
) -> dict[str, str]:
    """What each response fills in: a CSRF token masked afresh (none for a crawler, which
    posts nothing), and the counters."""
    return {
        "csrf": "" if crawler else get_token(request),
        "views": str(article.view_count),
        "yes": str(article.yes_count),
        "no": str(article.no_count),
    }


def _fill_in(pieces, values: dict) -> Iterator:
    """The pieces with each value in its place."""
    return (values[p] if i % 2 else p for i, p in enumerate(pieces))


def _fill(pieces, values: dict[str, str]) -> str:
    return "".join(_fill_in(pieces, values))


def forget_local() -> None:
    """Drop this process's copies of shells and parts (tests start each database anew)."""
    local_shells.clear()
    rendered_parts.clear()
    _pieces.clear()
    _pages.clear()


def serves(request: HttpRequest) -> bool:
    """Whether this request's article page comes from the shell: not for a signed-in
    reader, nor for one with a message waiting (counted without using it up)."""
    if not settings.ARTICLE_SHELL_SECONDS:
        return False
    # Signing in and messages both need a cookie (the session's, or the messages'):
    # a request with neither is an anonymous reader with no message waiting.
    if not request.COOKIES.keys() & {settings.SESSION_COOKIE_NAME, MESSAGES_COOKIE}:
        return True
    if request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def article_response(
    request: HttpRequest, article: ArticleCounters, *, state: ReaderState, crawler: bool = False
) -> HttpResponse:
    """The article page for an anonymous reader; `article` and `state` come from
    selectors.article_visit. A returning reader's progress and vote are rendered in;
    everything else comes from the cache, and is compressed once (faq/compression.py)."""
    values = _values(request, article, crawler=crawler)
    shell, page = shell_of(request, article)
    parts = None
    if not state.is_blank:
        progress = state.progress(page.steps)
        parts = assemble(request, shell, page, progress, state.vote, shell.pieces)
    # A crawler's page has no token: the compressing middleware takes it as it is.
    if crawler or not accepts_gzip(request):
        if parts is None:
            encoded = {name: value.encode() for name, value in values.items()}
            return HttpResponse(b"".join(_fill_in(shell.blank_page, encoded)))
        return HttpResponse(_fill(split("".join(parts)), values))
    lengths = tuple((name, len(value)) for name, value in values.items())
    if parts is None:
        blank = shell.blank_page
        fragments = [_deflated(_pieces, _PIECES_MAX, shell.key, lengths, lambda: blank)]
    elif any(row.stuck for row in progress.rows):
        # A stuck step's help is this reader's alone: the rest is deflated part by part.
        fragments = [
            _deflated(_pieces, _PIECES_MAX, part, lengths, lambda part=part: split(part))
            for part in parts
        ]
    else:
        whole = tuple(parts)
        fragments = [_deflated(_pages, _PAGES_MAX, whole, lengths, lambda: split("".join(whole)))]
    response = HttpResponse(gzip_of(fragments, values))
    response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


# Pages and parts deflated in this process, for values of the lengths given: the
# blank page by its shell, a part by its HTML (a part in one state is one text),
# a returning reader's page by its parts (readers in one state share them), as
# one stream: deflated part by part, it came out twice the size.
_pieces: dict[tuple, Deflated] = {}
_PIECES_MAX = 1024
_pages: dict[tuple, Deflated] = {}
_PAGES_MAX = 64


def _deflated(store: dict, limit: int, key, lengths: tuple, pieces: Callable) -> Deflated:
    """`pieces()` deflated for values of these lengths, kept in `store` by `key`."""
    found = store.get((key, lengths))
    if found is None:
        found = deflate(pieces(), lengths=dict(lengths))
        keep(store, (key, lengths), found, limit)
    return found


@once
def _update_pieces(step_id: int) -> tuple[str, ...]:
    """The parts a tick's answer is made of (its named partial, rendered as markers)."""
    row = StepRow(step=Step(pk=step_id), done=False, stuck=False, is_next=False)
    html = get_template(f"{TEMPLATE}#step-update").render({"row": row, "building_shell": True})
    return tuple(split_parts(html))


def tick_html(
    request: HttpRequest, article: ArticleCounters, step: Step, progress: Progress
) -> str:
    """A step tick's answer for htmx: the step and the tracker's parts, out of band;
    `article` comes from selectors.article_counters."""
    shell, page = shell_of(request, article)
    parts = assemble(request, shell, page, progress, None, _update_pieces(step.pk), oob=True)
    return _fill(split("".join(parts)), _values(request, article))

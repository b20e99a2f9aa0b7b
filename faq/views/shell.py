"""The article page, cached as every reader shares it and filled in per reader.

The shared page (body, steps, metadata, related articles, JSON-LD) is rendered
once per content version into a shell: its HTML with markers where a reader's
own parts go (progress, vote) and where each response's own values go (the
CSRF token, the counters). A request then costs the article's row, the
reader's progress if they have any, and joining strings.

Signed-in readers, and anyone with a message to show, get the page rendered
whole (views/pages.py): their header and messages are theirs alone.
"""

import copy
import hashlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache as once

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe

from faq import selectors
from faq.compression import Deflated, accepts_gzip, deflate, gzip_of
from faq.forms import VoteReasonForm
from faq.models import Step, Vote
from faq.selectors import ArticleCounters, ArticlePage, Progress, ReaderState, StepRow
from faq.views.context import article_context, tracker_context
from faq.visitors import RequestVisitor

TEMPLATE = "faq/article_detail.html"
_MESSAGES_COOKIE = CookieStorage.cookie_name
# Bumped when the shell's layout changes in code, so old cached shells are not read.
FORMAT = 1
# NUL cannot reach the page from content: Django's forms refuse it and the
# HTML sanitiser replaces it. It marks where the shell is filled in.
MARK = "\x00"
_NAME = re.compile(r"(csrf|views|yes|no|part:[a-z-]+(:\d+)?)\Z")


class ShellError(Exception):
    """The rendered page cannot be split into a shell; serve it rendered whole."""


def value_marker(name: str) -> SafeString:
    return mark_safe(f"{MARK}{name}{MARK}")


def slot_marker(*names: object) -> SafeString:
    """Where a reader's own part goes: "progress-card", or "step" and the step's id."""
    return value_marker("part:" + ":".join(str(n) for n in names))


@dataclass(frozen=True)
class Shell:
    """The page as every reader shares it.

    `pieces` alternate HTML and the names of the reader's parts; `blank` holds
    each part for a reader with no progress and no vote, `done` each step's
    part once ticked. All of them still carry the value markers."""

    key: str
    pieces: tuple[str, ...]
    blank: dict[str, str]
    done: dict[int, str]
    # The page of a reader with no progress and no vote, split at the values,
    # its text encoded once.
    blank_page: tuple[bytes | str, ...]


def _split(html: str) -> list[str]:
    pieces = html.split(MARK)
    if len(pieces) % 2 == 0 or not all(_NAME.match(p) for p in pieces[1::2]):
        raise ShellError("The page has a marker that is not one of ours.")
    return pieces


def _split_parts(html: str) -> list[str]:
    """HTML and the names of the reader's parts, alternating; values stay marked."""
    pieces = [""]
    for i, token in enumerate(_split(html)):
        if i % 2 and token.startswith("part:"):
            pieces += [token, ""]
        else:
            pieces[-1] += value_marker(token) if i % 2 else token
    return pieces


@once
def _build_id() -> str:
    """Changes when the templates or the static files' hashed names do."""
    digest = hashlib.sha256(str(FORMAT).encode())
    for name in (TEMPLATE, "base.html"):
        digest.update(get_template(name).template.source.encode())
    digest.update(str(getattr(staticfiles_storage, "manifest_hash", "")).encode())
    return digest.hexdigest()[:16]


# Shells this process used lately, kept as objects so that a request unpickles
# nothing. Keyed like the shared cache: a new content version is a new key.
_local: dict[str, tuple[float, Shell, ArticlePage]] = {}
_LOCAL_MAX = 64


def _keep(store: dict, key, value, limit: int) -> None:
    """Keep a value in a per-process store, dropping the oldest beyond `limit`."""
    while len(store) >= limit:
        try:
            store.pop(next(iter(store)), None)
        except (StopIteration, RuntimeError):
            # Another thread emptied or changed the store meanwhile: fine either way.
            break
    store[key] = value


def _review_note(article: ArticleCounters) -> bool:
    """Whether the page says the answer may be out of date: it turns on as days pass,
    with no write to bump the content version, so the shell's key holds it."""
    return article.review_note_due(timezone.localdate())


def _keys(request: HttpRequest, article: ArticleCounters, review_note: bool) -> tuple[str, str]:
    # Links in the page (canonical, share) carry the scheme and host it was asked on.
    origin = f"{request.scheme}://{request.get_host()}"
    version = f"{article.content_version}:{int(review_note)}"
    base = f"faq:shell:{_build_id()}:{version}:{article.pk}:{origin}"
    return base, f"{base}:page"


def _part(name: str, context: dict, request: HttpRequest, *, oob: bool = False) -> str:
    """One of the reader's parts, rendered from its named partial."""
    kind, _, step_id = name.removeprefix("part:").partition(":")
    extra = {"oob": oob}
    if step_id:
        extra["row"] = context["page"].row(int(step_id))
    return get_template(f"{TEMPLATE}#{kind}").render({**context, **extra}, request)


def _reader_context(request: HttpRequest, page: ArticlePage) -> dict:
    return tracker_context(
        request,
        page,
        my_vote=page.my_vote,
        reason_form=VoteReasonForm(),
        csrf_token=value_marker("csrf"),
    )


def _build(
    request: HttpRequest, pk: int, key: str, *, review_note: bool
) -> tuple[Shell, ArticlePage]:
    """Render the shared page once; raises Article.DoesNotExist."""
    page = selectors.article_page(pk=pk, user=AnonymousUser(), visitor=RequestVisitor.of())
    article = page.article
    # A tick can be the first to ask for the shell: render it as the article's
    # own GET, since the header's sign-in link returns to the request's path.
    request = copy.copy(request)
    request.method, request.path = "GET", article.get_absolute_url()
    article.view_count = value_marker("views")
    article.yes_count, article.no_count = value_marker("yes"), value_marker("no")
    # The note as the key says, even if the article was reviewed meanwhile:
    # that review bumped the content version, so this key is never read again.
    context = article_context(
        request, page, csrf_token=value_marker("csrf"), review_note=review_note
    )
    html = get_template(TEMPLATE).render({**context, "building_shell": True}, request)
    pieces = _split_parts(html)
    blank = {name: _part(name, context, request) for name in pieces[1::2]}
    done = {}
    for row in page.progress.rows:
        ticked = replace(page, progress=replace(page.progress, rows=[replace(row, done=True)]))
        done[row.step.pk] = _part(f"part:step:{row.step.pk}", {**context, "page": ticked}, request)
    filled = "".join(blank[p] if i % 2 else p for i, p in enumerate(pieces))
    shell = Shell(
        key=key,
        pieces=tuple(pieces),
        blank=blank,
        done=done,
        blank_page=tuple(p if i % 2 else p.encode() for i, p in enumerate(_split(filled))),
    )
    return shell, page


def _shell(request: HttpRequest, article: ArticleCounters) -> tuple[Shell, ArticlePage]:
    """The shell and the shared page data: this process's copy, else the cache's,
    else built."""
    review_note = _review_note(article)
    shell_key, page_key = _keys(request, article, review_note)
    now = time.monotonic()
    deadline, shell, page = _local.get(shell_key, (0.0, None, None))
    if deadline >= now:
        return shell, page
    found = cache.get_many([shell_key, page_key])
    shell, page = found.get(shell_key), found.get(page_key)
    if shell is None or page is None:
        shell, page = _build(request, article.pk, shell_key, review_note=review_note)
        cache.set_many({shell_key: shell, page_key: page}, timeout=settings.ARTICLE_SHELL_SECONDS)
    _keep(_local, shell_key, (now + settings.ARTICLE_SHELL_SECONDS, shell, page), _LOCAL_MAX)
    return shell, page


def shared_page(request: HttpRequest, article: ArticleCounters) -> ArticlePage:
    """The article's shared page data (article, team, live steps, topics, related) from
    the shell's cache; `article` comes from selectors.article_counters."""
    return _shell(request, article)[1]


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


# Parts rendered for one state of progress and vote, in this process: they
# are the same for every reader in that state (none of them names the reader).
# Kept no longer than the shell they were rendered for.
_rendered: dict[tuple, tuple[float, str]] = {}
_RENDERED_MAX = 1024


def forget_local() -> None:
    """Drop this process's copies of shells and parts (tests start each database anew)."""
    _local.clear()
    _rendered.clear()
    _deflated_pieces.clear()
    _deflated_pages.clear()


def _part_state(kind: str, row: StepRow | None, progress: Progress, vote: Vote | None) -> tuple:
    """What a reader's part shows, as a key to keep it rendered by: readers whose parts
    are in the same state get the same HTML. Each key names everything its partial
    in the template reads of the progress and the vote."""
    done, total, run = progress.done, progress.total, progress.run
    if kind == "progress-bar":
        return (done, total)
    if kind in ("progress-card", "resume"):
        return (done, total, progress.next_position, progress.changed_since_start, run is None)
    if kind == "run-done":
        return (progress.finished, None if run is None else run.outcome)
    if kind == "announcer":
        return (row is not None and row.done, done, total)
    if kind == "vote-panel":
        return (None if vote is None else (vote.helpful, vote.reason),)
    # A part not named above: the whole state.
    return (
        tuple(row.done for row in progress.rows),
        progress.changed_since_start,
        None if run is None else run.outcome,
        None if vote is None else (vote.helpful, vote.reason),
    )


def _assemble(
    request: HttpRequest,
    shell: Shell,
    page: ArticlePage,
    progress: Progress,
    vote: Vote | None,
    pieces: tuple[str, ...],
    *,
    oob: bool = False,
) -> list[str]:
    """The page's HTML in pieces, this reader's parts filled in between the shared ones;
    the values are still marked."""
    rows = {row.step.pk: row for row in progress.rows}
    context = None
    parts = []
    for i, piece in enumerate(pieces):
        if not i % 2:
            parts.append(piece)
            continue
        kind, _, step_id = piece.removeprefix("part:").partition(":")
        row = rows.get(int(step_id)) if step_id else None
        if kind == "step" and row is not None and not row.stuck:
            # A ticked or unticked step is the same for every reader: cached.
            parts.append(shell.done[row.step.pk] if row.done else shell.blank[piece])
            continue
        # A stuck step's help names the steps done: rendered, never kept.
        state = _part_state(kind, row, progress, vote)
        memo = None if kind == "step" else (shell.key, piece, state, oob)
        deadline, html = _rendered.get(memo, (0.0, None)) if memo else (0.0, None)
        if html is None or deadline < time.monotonic():
            if context is None:
                context = _reader_context(request, replace(page, progress=progress, my_vote=vote))
            html = _part(piece, context, request, oob=oob)
            if memo:
                deadline = time.monotonic() + settings.ARTICLE_SHELL_SECONDS
                _keep(_rendered, memo, (deadline, html), _RENDERED_MAX)
        parts.append(html)
    return [part for part in parts if part]


def serves(request: HttpRequest) -> bool:
    """Whether this request's article page comes from the shell: not for a signed-in
    reader, nor for one with a message waiting (counted without using it up)."""
    if not settings.ARTICLE_SHELL_SECONDS:
        return False
    # Signing in and messages both need a cookie (the session's, or the messages'):
    # a request with neither is an anonymous reader with no message waiting.
    if not request.COOKIES.keys() & {settings.SESSION_COOKIE_NAME, _MESSAGES_COOKIE}:
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
    shell, page = _shell(request, article)
    parts = None
    if not state.is_blank:
        progress = state.progress(page.steps)
        parts = _assemble(request, shell, page, progress, state.vote, shell.pieces)
    # A crawler's page has no token: the compressing middleware takes it as it is.
    if crawler or not accepts_gzip(request):
        if parts is None:
            encoded = {name: value.encode() for name, value in values.items()}
            return HttpResponse(b"".join(_fill_in(shell.blank_page, encoded)))
        return HttpResponse(_fill(_split("".join(parts)), values))
    lengths = tuple((name, len(value)) for name, value in values.items())
    if parts is None:
        fragments = [_deflated(shell.key, lengths, pieces=shell.blank_page)]
    elif any(row.stuck for row in progress.rows):
        # A stuck step's help is this reader's alone: the rest is deflated part by part.
        fragments = [_deflated(part, lengths) for part in parts]
    else:
        fragments = [_deflated_page(tuple(parts), lengths)]
    response = HttpResponse(gzip_of(fragments, values))
    response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


# Pieces of pages deflated in this process, for values of the lengths given: the
# blank page by its shell, a part by its HTML (a part in one state is one text),
# a returning reader's page by its parts (readers in one state share them), as
# one stream: deflated part by part, it came out twice the size.
_deflated_pieces: dict[tuple, Deflated] = {}
_DEFLATED_MAX = 1024
_deflated_pages: dict[tuple, Deflated] = {}
_PAGES_MAX = 64


def _deflated_page(parts: tuple[str, ...], lengths: tuple) -> Deflated:
    found = _deflated_pages.get((parts, lengths))
    if found is None:
        found = deflate(_split("".join(parts)), lengths=dict(lengths))
        _keep(_deflated_pages, (parts, lengths), found, _PAGES_MAX)
    return found


def _deflated(text: str, lengths: tuple, *, pieces: tuple[str, ...] = ()) -> Deflated:
    """A part's HTML (or the blank page of the shell keyed `text`: its `pieces`) deflated
    for values of these lengths."""
    found = _deflated_pieces.get((text, lengths))
    if found is None:
        found = deflate(pieces or _split(text), lengths=dict(lengths))
        _keep(_deflated_pieces, (text, lengths), found, _DEFLATED_MAX)
    return found


@once
def _update_pieces(step_id: int) -> tuple[str, ...]:
    """The parts a tick's answer is made of (its named partial, rendered as markers)."""
    row = StepRow(step=Step(pk=step_id), done=False, stuck=False, is_next=False)
    html = get_template(f"{TEMPLATE}#step-update").render({"row": row, "building_shell": True})
    return tuple(_split_parts(html))


def tick_html(
    request: HttpRequest, article: ArticleCounters, step: Step, progress: Progress
) -> str:
    """A step tick's answer for htmx: the step and the tracker's parts, out of band;
    `article` comes from selectors.article_counters."""
    shell, page = _shell(request, article)
    parts = _assemble(request, shell, page, progress, None, _update_pieces(step.pk), oob=True)
    return _fill(_split("".join(parts)), _values(request, article))

"""Building the article page's shell: its HTML as every reader shares it, with markers
for the reader's parts and for each response's values; kept in the cache and in the
process, keyed by the content version."""

import copy
import hashlib
import re
import time
from dataclasses import dataclass, replace
from functools import cache as once

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpRequest
from django.template.backends.django import Template as DjangoTemplate
from django.template.loader import get_template
from django.utils import timezone, translation

from faq import lang, selectors
from faq.article_context import article_context, tracker_context
from faq.forms import VoteReasonForm
from faq.models import VisitorRef, audiences_for
from faq.models.audiences import Audience, widest
from faq.selectors import ArticleCounters, ArticlePage
from faq.templatetags.faq_tags import MARK, value_marker

TEMPLATE = "faq/article_detail.html"
MESSAGES_COOKIE = CookieStorage.cookie_name
# Bumped when the shell's layout changes in code, so old cached shells are not read.
FORMAT = 1
_NAME = re.compile(r"(csrf|views|yes|no|part:[a-z-]+(:\d+)?)\Z")


class ShellError(Exception):
    """The rendered page cannot be split into a shell; serve it rendered whole."""


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


def split(html: str) -> list[str]:
    pieces = html.split(MARK)
    if len(pieces) % 2 == 0 or not all(_NAME.match(p) for p in pieces[1::2]):
        raise ShellError("The page has a marker that is not one of ours.")
    return pieces


def split_parts(html: str) -> list[str]:
    """HTML and the names of the reader's parts, alternating; values stay marked."""
    pieces = [""]
    for i, token in enumerate(split(html)):
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
        template = get_template(name)
        if not isinstance(template, DjangoTemplate):
            raise TypeError(f"{name} must be a Django template: its source is hashed.")
        digest.update(template.template.source.encode())
    digest.update(str(getattr(staticfiles_storage, "manifest_hash", "")).encode())
    return digest.hexdigest()[:16]


# Shells this process used lately, kept as objects so that a request unpickles
# nothing. Keyed like the shared cache: a new content version is a new key.
local_shells: dict[str, tuple[float, Shell, ArticlePage]] = {}
_LOCAL_MAX = 64


def keep(store: dict, key, value, limit: int) -> None:
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


def audience_of(request: HttpRequest) -> str:
    """The widest audience the reader belongs to: the shell they share is built for it."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # Signing in needs the session's cookie (as serves() knows): without one, the
        # reader is anonymous, and their session is left unread, as before audiences.
        return Audience.EVERYONE
    return widest(audiences_for(request.user))


def _keys(request: HttpRequest, article: ArticleCounters, review_note: bool) -> tuple[str, str]:
    # Links in the page (canonical, share) carry the scheme and host it was asked on;
    # its words and addresses are in the language of its address (/sv/, /de/). Its
    # related articles and topics are those its audience may see: a page staff share is
    # never one an anonymous reader gets.
    origin = f"{request.scheme}://{request.get_host()}"
    version = f"{article.content_version}:{int(review_note)}"
    language = translation.get_language()
    audience = audience_of(request)
    base = f"faq:shell:{_build_id()}:{version}:{article.pk}:{language}:{audience}:{origin}"
    return base, f"{base}:page"


def render_part(name: str, context: dict, request: HttpRequest, *, oob: bool = False) -> str:
    """One of the reader's parts, rendered from its named partial."""
    kind, _, step_id = name.removeprefix("part:").partition(":")
    extra = {"oob": oob}
    if step_id:
        extra["row"] = context["page"].row(int(step_id))
    return get_template(f"{TEMPLATE}#{kind}").render({**context, **extra}, request)


def reader_context(request: HttpRequest, page: ArticlePage) -> dict:
    return tracker_context(
        page,
        my_vote=page.my_vote,
        reason_form=VoteReasonForm(),
        csrf_token=value_marker("csrf"),
    )


def _build(
    request: HttpRequest, pk: int, key: str, *, review_note: bool
) -> tuple[Shell, ArticlePage]:
    """Render the shared page once, for the reader's audience; raises Article.DoesNotExist
    for an article they may not read."""
    # Anonymous readers share it as it is; a signed-in reader's tick only uses its parts.
    reader = AnonymousUser() if audience_of(request) == Audience.EVERYONE else request.user
    page = selectors.article_page(pk=pk, user=reader, visitor=VisitorRef(), language=lang.active())
    article = page.article
    # A tick can be the first to ask for the shell: render it as the article's
    # own GET, since the header's sign-in link and language switcher return to the
    # request's path; without the query string of whoever asked first.
    request = copy.copy(request)
    request.method, request.path = "GET", article.get_absolute_url()
    request.META = {**request.META, "QUERY_STRING": ""}
    article.view_count = value_marker("views")
    article.yes_count, article.no_count = value_marker("yes"), value_marker("no")
    # The note as the key says, even if the article was reviewed meanwhile:
    # that review bumped the content version, so this key is never read again.
    context = article_context(
        request, page, csrf_token=value_marker("csrf"), review_note=review_note
    )
    html = get_template(TEMPLATE).render({**context, "building_shell": True}, request)
    pieces = split_parts(html)
    blank = {name: render_part(name, context, request) for name in pieces[1::2]}
    done = {}
    for row in page.progress.rows:
        ticked = replace(page, progress=replace(page.progress, rows=[replace(row, done=True)]))
        name = f"part:step:{row.step.pk}"
        done[row.step.pk] = render_part(name, {**context, "page": ticked}, request)
    filled = "".join(blank[p] if i % 2 else p for i, p in enumerate(pieces))
    shell = Shell(
        key=key,
        pieces=tuple(pieces),
        blank=blank,
        done=done,
        blank_page=tuple(p if i % 2 else p.encode() for i, p in enumerate(split(filled))),
    )
    return shell, page


def shell_of(request: HttpRequest, article: ArticleCounters) -> tuple[Shell, ArticlePage]:
    """The shell and the shared page data: this process's copy, else the cache's,
    else built."""
    review_note = _review_note(article)
    shell_key, page_key = _keys(request, article, review_note)
    now = time.monotonic()
    local = local_shells.get(shell_key)
    if local is not None and local[0] >= now:
        return local[1], local[2]
    found = cache.get_many([shell_key, page_key])
    shell, page = found.get(shell_key), found.get(page_key)
    if shell is None or page is None:
        shell, page = _build(request, article.pk, shell_key, review_note=review_note)
        cache.set_many({shell_key: shell, page_key: page}, timeout=settings.ARTICLE_SHELL_SECONDS)
    keep(local_shells, shell_key, (now + settings.ARTICLE_SHELL_SECONDS, shell, page), _LOCAL_MAX)
    return shell, page


def shared_page(request: HttpRequest, article: ArticleCounters) -> ArticlePage:
    """The article's shared page data (article, team, live steps, topics, related) from
    the shell's cache; `article` comes from selectors.article_counters."""
    return shell_of(request, article)[1]

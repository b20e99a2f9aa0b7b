"""A reader's own parts of the article page (progress, steps, vote), kept rendered by
the state each shows."""

import time
from dataclasses import replace

from django.conf import settings
from django.http import HttpRequest

from faq.models import Vote
from faq.selectors import ArticlePage, Progress, StepRow
from faq.views.shell.build import Shell, keep, reader_context, render_part

# Parts rendered for one state of progress and vote, in this process: they
# are the same for every reader in that state (none of them names the reader).
# Kept no longer than the shell they were rendered for.
rendered_parts: dict[tuple, tuple[float, str]] = {}
_RENDERED_MAX = 1024


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


def assemble(
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
        deadline, html = rendered_parts.get(memo, (0.0, None)) if memo else (0.0, None)
        if html is None or deadline < time.monotonic():
            if context is None:
                context = reader_context(request, replace(page, progress=progress, my_vote=vote))
            html = render_part(piece, context, request, oob=oob)
            if memo:
                deadline = time.monotonic() + settings.ARTICLE_SHELL_SECONDS
                keep(rendered_parts, memo, (deadline, html), _RENDERED_MAX)
        parts.append(html)
    return [part for part in parts if part]

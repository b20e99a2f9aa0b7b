"""A reader's place in an article's steps, as the page and the tracker show it."""

from dataclasses import dataclass
from functools import cached_property

from faq.models import Step


@dataclass(frozen=True)
class ActiveRun:
    """The reader's run through the steps now: its id and "Did it work?" ("" if not said)."""

    pk: int
    outcome: str


@dataclass(frozen=True)
class StepRow:
    """A step as this reader sees it."""

    step: Step
    done: bool
    stuck: bool
    is_next: bool


@dataclass(frozen=True)
class Progress:
    """A reader's place in an article's steps (counted once: the page and its parts ask
    many times)."""

    run: ActiveRun | None
    rows: list[StepRow]
    changed_since_start: bool

    @property
    def total(self) -> int:
        return len(self.rows)

    @cached_property
    def done(self) -> int:
        return sum(row.done for row in self.rows)

    @property
    def finished(self) -> bool:
        return bool(self.rows) and self.done == self.total

    @cached_property
    def next_position(self) -> int | None:
        return next((row.step.position for row in self.rows if row.is_next), None)

    @property
    def done_positions(self) -> list[int]:
        return [row.step.position for row in self.rows if row.done]


def progress_of(
    steps: list[Step],
    run: ActiveRun | None,
    done_ids: frozenset[int] | set[int],
    stuck_ids: frozenset[int] | set[int],
    changed: bool,
) -> Progress:
    """The steps as this reader sees them: done, stuck, and the next one to do."""
    next_id = next((s.pk for s in steps if s.pk not in done_ids), None)
    rows = [
        StepRow(step=s, done=s.pk in done_ids, stuck=s.pk in stuck_ids, is_next=s.pk == next_id)
        for s in steps
    ]
    return Progress(run=run, rows=rows, changed_since_start=changed)

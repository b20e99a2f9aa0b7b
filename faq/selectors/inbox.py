"""Reads for the inbox: the count on the admin index, and the context of one item."""

from dataclasses import dataclass

from django.db.models import F

from faq.markdown import html_to_text
from faq.models import Check, InboxItem, Run, Step, StuckReport


def inbox_new_count() -> int:
    """How many inbox items nobody has looked at yet."""
    return InboxItem.objects.new().count()


@dataclass(frozen=True)
class ContextStep:
    """One step of the article as the reader had it when they spoke."""

    position: int
    text: str
    done: bool
    is_subject: bool
    removed: bool = False


@dataclass(frozen=True)
class InboxContext:
    item: InboxItem
    run: Run | None
    steps: list[ContextStep]
    done_count: int
    # Stuck reports copy the positions done and the step's words when filed,
    # so they read right after the article's steps are edited.
    from_snapshot: bool


def _report(item: InboxItem) -> StuckReport:
    """A stuck item's report, which the database requires it to have."""
    if item.stuck_report is None:
        raise ValueError(f"Inbox item {item.pk} is a stuck report without its report.")
    return item.stuck_report


def _article_id(item: InboxItem) -> int:
    """The article of a vote, report or run, which the database requires them to have."""
    if item.article_id is None:
        raise ValueError(f"Inbox item {item.pk} is about no article.")
    return item.article_id


def _run_of(item: InboxItem) -> Run | None:
    if item.kind == InboxItem.Kind.FAILED:
        return item.run
    if item.kind == InboxItem.Kind.STUCK:
        return _report(item).run
    if item.vote is None:
        raise ValueError(f"Inbox item {item.pk} is a vote without its vote.")
    # A "No" vote: the reader's latest pass through this article, if any.
    return (
        Run.objects.filter(visitor_id=item.vote.visitor_id, article_id=_article_id(item))
        .order_by("-started_at", "-pk")
        .first()
    )


def inbox_item_context(*, item: InboxItem) -> InboxContext:
    """The article's steps with what the reader had done, and the step they named."""
    run = _run_of(item)
    if item.kind == InboxItem.Kind.STUCK:
        report = _report(item)
        done = set(report.done_positions)
        current = {
            s.position: s.body_html
            for s in Step.objects.filter(article_id=_article_id(item)).only("position", "body_html")
        }
        positions = sorted(set(current) | done | {report.step_position})
        steps = [
            ContextStep(
                position=p,
                text=(
                    report.step_text
                    if p == report.step_position
                    else html_to_text(current.get(p, ""))
                ),
                done=p in done,
                is_subject=p == report.step_position,
            )
            for p in positions
        ]
        return InboxContext(item, run, steps, len(done), from_snapshot=True)
    done_ids = (
        set(Check.objects.filter(run=run).values_list("step_id", flat=True)) if run else set()
    )
    shown = Step.all_objects.filter(article_id=_article_id(item)).filter(
        removed_at__isnull=True
    ) | Step.all_objects.filter(pk__in=done_ids)
    steps = [
        ContextStep(
            position=s.position,
            text=html_to_text(s.body_html),
            done=s.pk in done_ids,
            is_subject=False,
            removed=s.removed_at is not None,
        )
        for s in shown.order_by(F("removed_at").asc(nulls_first=True), "position").only(
            "position", "body_html", "removed_at"
        )
    ]
    return InboxContext(item, run, steps, len(done_ids), from_snapshot=False)

"""The inbox's writes: items follow the votes, reports and runs they come from."""

from django.db import transaction
from django.utils import timezone

from faq.models import InboxItem, Run, StuckReport, Vote
from faq.models.visitors import AnyUser
from faq.transactions import in_transaction


@in_transaction
def inbox_vote_follow(*, vote: Vote) -> None:
    """A "No" vote has an item; a "Yes" has none. Called inside the vote's transaction."""
    if vote.helpful:
        InboxItem.objects.filter(vote=vote).delete()
        return
    item, made = InboxItem.objects.get_or_create(
        vote=vote,
        defaults={
            "kind": InboxItem.Kind.NOT_HELPFUL,
            "article_id": vote.article_id,
            "created_at": vote.updated_at,
            "language": vote.language,
        },
    )
    if not made and item.language != vote.language:
        InboxItem.objects.filter(pk=item.pk).update(language=vote.language)


@in_transaction
def inbox_vote_reopen(*, vote: Vote) -> None:
    """The reader said more about their "No": it is news again, whatever staff had marked,
    in the language they said it in."""
    items = InboxItem.objects.filter(vote=vote)
    items.exclude(status=InboxItem.Status.NEW).update(
        status=InboxItem.Status.NEW, status_changed_at=timezone.now(), status_changed_by=None
    )
    items.exclude(language=vote.language).update(language=vote.language)


@in_transaction
def inbox_stuck_add(*, report: StuckReport) -> InboxItem:
    """File a stuck report in the inbox. Called inside the report's transaction."""
    return InboxItem.objects.create(
        kind=InboxItem.Kind.STUCK,
        article_id=report.article_id,
        step_id=report.step_id,
        stuck_report=report,
        created_at=report.created_at,
        language=report.language,
    )


@in_transaction
def inbox_outcome_follow(*, run: Run, language: str) -> None:
    """A run that did not work has an item, in the language the reader said so in; one
    that worked has none."""
    if run.outcome != Run.Outcome.FAILED:
        InboxItem.objects.filter(run=run).delete()
        return
    InboxItem.objects.get_or_create(
        run=run,
        defaults={
            "kind": InboxItem.Kind.FAILED,
            "article_id": run.article_id,
            "created_at": run.updated_at,
            "language": language,
        },
    )


@transaction.atomic
def inbox_items_mark(*, item_ids: list[int], status: str, user: AnyUser) -> int:
    """Set the status of inbox items; return how many changed."""
    if status not in InboxItem.Status.values:
        raise ValueError(f"Unknown inbox status: {status!r}")
    return (
        InboxItem.objects.filter(pk__in=item_ids)
        .exclude(status=status)
        .update(status=status, status_changed_at=timezone.now(), status_changed_by=user)
    )


@transaction.atomic
def inbox_backfill() -> int:
    """Make the items missing for "No" votes, stuck reports and failed runs, each in its
    row's language (a failed run's: the one it started in); return how many."""
    items = [
        InboxItem(
            kind=InboxItem.Kind.NOT_HELPFUL,
            article_id=article_id,
            vote_id=pk,
            created_at=when,
            language=language,
        )
        for pk, article_id, when, language in Vote.objects.filter(
            helpful=False, inbox_item__isnull=True
        ).values_list("pk", "article_id", "updated_at", "language")
    ]
    items += [
        InboxItem(
            kind=InboxItem.Kind.STUCK,
            article_id=article_id,
            step_id=step_id,
            stuck_report_id=pk,
            created_at=when,
            language=language,
        )
        for pk, article_id, step_id, when, language in StuckReport.objects.filter(
            inbox_item__isnull=True
        ).values_list("pk", "article_id", "step_id", "created_at", "language")
    ]
    items += [
        InboxItem(
            kind=InboxItem.Kind.FAILED,
            article_id=article_id,
            run_id=pk,
            created_at=when,
            language=language,
        )
        for pk, article_id, when, language in Run.objects.filter(
            outcome=Run.Outcome.FAILED, inbox_item__isnull=True
        ).values_list("pk", "article_id", "updated_at", "language")
    ]
    InboxItem.objects.bulk_create(items, batch_size=2000)
    return len(items)

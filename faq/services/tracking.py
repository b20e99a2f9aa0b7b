"""The step tracker's writes beside the ticks (faq/services/ticks.py): resets, outcomes
and stuck reports."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from faq.models import Article, Check, Run, Step, StuckReport, Visitor
from faq.services.inbox import inbox_outcome_follow, inbox_stuck_add


def _same_article(article: Article, step: Step) -> None:
    if step.article_id != article.pk:
        raise ValueError("The step belongs to another article.")


def _locked_active_run(*, article: Article, visitor: Visitor, **filters) -> Run | None:
    """The visitor's active run on the article, locked for this transaction, if there is one."""
    runs = Run.objects.select_for_update().active()
    return runs.filter(article=article, visitor=visitor, **filters).first()


def _active_run(*, article: Article, visitor: Visitor) -> Run:
    """The visitor's active run on the article, made if needed and locked for this transaction."""
    run = _locked_active_run(article=article, visitor=visitor)
    if run is not None:
        return run
    try:
        with transaction.atomic():
            return Run.objects.create(article=article, visitor=visitor)
    except IntegrityError:
        # A parallel request started it first; wait for it and use it.
        return Run.objects.select_for_update().active().get(article=article, visitor=visitor)


@transaction.atomic
def run_reset(*, article: Article, visitor: Visitor) -> None:
    """End the visitor's active run; it stays for statistics and the next check starts anew."""
    Run.objects.active().filter(article=article, visitor=visitor).update(reset_at=timezone.now())


@transaction.atomic
def run_outcome_set(*, article: Article, visitor: Visitor, worked: bool) -> Run | None:
    """Record "Did it work?" on the visitor's finished run."""
    run = _locked_active_run(article=article, visitor=visitor, finished_at__isnull=False)
    if run is None:
        return None
    outcome = Run.Outcome.WORKED if worked else Run.Outcome.FAILED
    if run.outcome == outcome:
        return run
    run.outcome = outcome
    run.updated_at = timezone.now()
    run.save(update_fields=["outcome", "updated_at"])
    inbox_outcome_follow(run=run)
    return run


@transaction.atomic
def stuck_report_file(
    *, article: Article, visitor: Visitor, step: Step, message: str
) -> StuckReport:
    """File "I'm stuck here" with the steps the reader had done, in their active run."""
    _same_article(article, step)
    run = _active_run(article=article, visitor=visitor)
    done = sorted(
        Check.objects.filter(run=run, step__removed_at__isnull=True).values_list(
            "step__position", flat=True
        )
    )
    report = StuckReport.objects.create(
        article=article,
        step=step,
        step_position=step.position,
        step_text=step.body,
        visitor=visitor,
        run=run,
        done_positions=done,
        message=message.strip(),
    )
    # Saying "I'm stuck" is activity: the run is not abandoned yet.
    Run.objects.filter(pk=run.pk).update(updated_at=report.created_at)
    inbox_stuck_add(report=report)
    return report


def runs_merge(*, anonymous: Visitor, target: Visitor) -> None:
    """Move runs and stuck reports to the account; where both are mid-run, the newer wins."""
    StuckReport.objects.filter(visitor=anonymous).update(visitor=target)
    theirs = {
        r.article_id: r for r in Run.objects.select_for_update().active().filter(visitor=target)
    }
    for run in Run.objects.select_for_update().active().filter(visitor=anonymous):
        existing = theirs.get(run.article_id)
        if existing is None:
            continue
        older = run if _last_activity(run) <= _last_activity(existing) else existing
        Run.objects.filter(pk=older.pk).update(reset_at=timezone.now())
    Run.objects.filter(visitor=anonymous).update(visitor=target)


def _last_activity(run: Run):
    latest = run.checks.aggregate(latest=Max("checked_at"))["latest"]
    return max(filter(None, [latest, run.updated_at, run.started_at]))

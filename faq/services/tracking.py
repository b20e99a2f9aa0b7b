"""The step tracker's writes: checks, resets, outcomes and stuck reports."""

from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, F, Max, OuterRef, Q, Value, When
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


def _touch(run: Run, *, may_finish: bool) -> None:
    """Record activity on the run, and mark it finished the first time every current
    step is checked: one UPDATE, whose condition the database evaluates."""
    now = timezone.now()
    fields = {"updated_at": now}
    if may_finish:
        # Checks on removed steps stay for the statistics but no longer count.
        unchecked = Step.objects.filter(article_id=run.article_id).exclude(
            Exists(Check.objects.filter(run_id=run.pk, step_id=OuterRef("pk")))
        )
        # Conditional, so a run is finished once however many checks race to it.
        fields["finished_at"] = Case(
            When(Q(finished_at__isnull=True) & ~Exists(unchecked), then=Value(now)),
            default=F("finished_at"),
        )
    Run.objects.filter(pk=run.pk).update(**fields)
    run.updated_at = now


@transaction.atomic
def step_check(*, article: Article, visitor: Visitor, step: Step) -> Run:
    """Mark a step done in the visitor's active run; doing it twice counts once.

    Returns the run as it was locked: read it again for its finish."""
    _same_article(article, step)
    run = _active_run(article=article, visitor=visitor)
    Check.objects.bulk_create([Check(run=run, step=step)], ignore_conflicts=True)
    _touch(run, may_finish=True)
    return run


@transaction.atomic
def step_uncheck(*, article: Article, visitor: Visitor, step: Step) -> Run | None:
    """Mark a step not done; the run's first finish stays on record."""
    _same_article(article, step)
    run = _locked_active_run(article=article, visitor=visitor)
    if run is None:
        return None
    Check.objects.filter(run=run, step=step).delete()
    _touch(run, may_finish=False)
    return run


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

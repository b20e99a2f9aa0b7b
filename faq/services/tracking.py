"""The step tracker's writes beside the ticks (faq/services/ticks.py): resets, outcomes
and stuck reports."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from faq.models import Article, Check, Run, Step, StuckReport, Visitor, VisitorRef
from faq.services.inbox import inbox_outcome_follow, inbox_stuck_add
from faq.services.visitors import visitor_row_find, visitor_row_make
from faq.transactions import in_transaction


def _same_article(article: Article, step: Step) -> None:
    if step.article_id != article.pk:
        raise ValueError("The step belongs to another article.")


@in_transaction
def _locked_active_run(*, article: Article, visitor: Visitor, **filters: object) -> Run | None:
    """The visitor's active run on the article, locked for this transaction, if there is one."""
    runs = Run.objects.select_for_update().active()
    return runs.filter(article=article, visitor=visitor, **filters).first()


@in_transaction
def _active_run(*, article: Article, visitor: Visitor, language: str) -> Run:
    """The visitor's active run on the article, made if needed (started in `language`) and
    locked for this transaction."""
    run = _locked_active_run(article=article, visitor=visitor)
    if run is not None:
        return run
    try:
        with transaction.atomic():
            return Run.objects.create(article=article, visitor=visitor, language=language)
    except IntegrityError:
        # A parallel request started it first; wait for it and use it.
        return Run.objects.select_for_update().active().get(article=article, visitor=visitor)


@transaction.atomic
def run_reset(*, article: Article, visitor: VisitorRef) -> None:
    """End the visitor's active run; it stays for statistics and the next check starts anew."""
    row = visitor_row_find(visitor)
    if row is not None:
        runs = Run.objects.active().filter(article=article, visitor=row)
        runs.update(reset_at=timezone.now())


@transaction.atomic
def run_outcome_set(
    *, article: Article, visitor: VisitorRef, worked: bool, language: str
) -> Run | None:
    """Record "Did it work?" on the visitor's finished run, said in `language`; None if they
    have none."""
    row = visitor_row_find(visitor)
    if row is None:
        return None
    run = _locked_active_run(article=article, visitor=row, finished_at__isnull=False)
    if run is None:
        return None
    outcome = Run.Outcome.WORKED if worked else Run.Outcome.FAILED
    if run.outcome == outcome:
        return run
    run.outcome = outcome
    run.updated_at = timezone.now()
    run.save(update_fields=["outcome", "updated_at"])
    inbox_outcome_follow(run=run, language=language)
    return run


@transaction.atomic
def stuck_report_file(
    *, article: Article, visitor: VisitorRef, step: Step, message: str, language: str
) -> StuckReport:
    """File "I'm stuck here", said in `language`, with the steps the reader had done, in
    their active run."""
    _same_article(article, step)
    row = visitor_row_make(visitor)
    run = _active_run(article=article, visitor=row, language=language)
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
        visitor=row,
        run=run,
        done_positions=done,
        message=message.strip(),
        language=language,
    )
    # Saying "I'm stuck" is activity: the run is not abandoned yet.
    Run.objects.filter(pk=run.pk).update(updated_at=report.created_at)
    inbox_stuck_add(report=report)
    return report

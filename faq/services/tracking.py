"""The step tracker's writes: checks, resets, outcomes and stuck reports."""

from django.db import IntegrityError, connection, transaction
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


# The tick's own writes, written out: they run while SQLite holds its one write
# lock, and compiling them through the ORM took longer than running them (the
# tick benchmark went from about 330 to 820 ticks a second).
_ACTIVE_RUN = (
    "SELECT id FROM faq_run WHERE article_id = %s AND visitor_id = %s AND reset_at IS NULL"
)
_CHECK = (
    "INSERT INTO faq_check (run_id, step_id, checked_at) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
)
_UNCHECK = "DELETE FROM faq_check WHERE run_id = %s AND step_id = %s"
# Marks the run finished the first time every live step is checked, in the
# same statement, so however many checks race to it, it finishes once.
# Checks on removed steps stay for the statistics but no longer count.
_TOUCH = """
UPDATE faq_run SET updated_at = %(now)s,
  finished_at = CASE
    WHEN %(may_finish)s AND finished_at IS NULL AND NOT EXISTS (
      SELECT 1 FROM faq_step s
      WHERE s.article_id = faq_run.article_id AND s.removed_at IS NULL AND NOT EXISTS (
        SELECT 1 FROM faq_check c WHERE c.run_id = faq_run.id AND c.step_id = s.id
      )
    ) THEN %(now)s
    ELSE finished_at
  END
WHERE id = %(run)s
"""


def _run_id(*, article: Article, visitor: Visitor, create: bool) -> int | None:
    """The visitor's active run on the article, locked for this transaction; made if asked."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(_ACTIVE_RUN + lock, [article.pk, visitor.pk])
        row = cursor.fetchone()
    if row is not None or not create:
        return row and row[0]
    return _active_run(article=article, visitor=visitor).pk


def _tick(sql: str, *, run_id: int, step: Step, may_finish: bool) -> None:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        if sql == _CHECK:
            cursor.execute(sql, [run_id, step.pk, now])
        else:
            cursor.execute(sql, [run_id, step.pk])
        cursor.execute(_TOUCH, {"now": now, "may_finish": may_finish, "run": run_id})


@transaction.atomic
def step_check(*, article: Article, visitor: Visitor, step: Step) -> None:
    """Mark a step done in the visitor's active run; doing it twice counts once."""
    _same_article(article, step)
    run_id = _run_id(article=article, visitor=visitor, create=True)
    _tick(_CHECK, run_id=run_id, step=step, may_finish=True)


@transaction.atomic
def step_uncheck(*, article: Article, visitor: Visitor, step: Step) -> None:
    """Mark a step not done; the run's first finish stays on record."""
    _same_article(article, step)
    run_id = _run_id(article=article, visitor=visitor, create=False)
    if run_id is not None:
        _tick(_UNCHECK, run_id=run_id, step=step, may_finish=False)


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

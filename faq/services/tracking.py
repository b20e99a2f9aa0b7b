"""The step tracker's writes: checks, resets, outcomes and stuck reports."""

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from faq.models import Article, Check, Run, Step, StuckReport, Visitor
from faq.services.funnel import FURTHEST_SQL, since_previous_sql
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
# tick benchmark went from about 330 to 820 ticks a second). They also keep
# the funnel's rollup (faq.services.funnel) without a statement more.
_ACTIVE_RUN = (
    "SELECT id FROM faq_run WHERE article_id = %s AND visitor_id = %s AND reset_at IS NULL"
)
# The check with its copy of the run's start and its seconds since the step
# before; a second tick of the step changes nothing.
_CHECK = """
INSERT INTO faq_check (run_id, step_id, checked_at, run_started_at, seconds)
VALUES (
    %(run)s, %(step)s, %(now)s, (SELECT started_at FROM faq_run WHERE id = %(run)s), {seconds}
)
ON CONFLICT DO NOTHING
"""
# Records activity and the run's furthest step, and marks the run finished
# the first time every live step is checked, in the same statement, so
# however many checks race to it, it finishes once. Checks on removed steps
# stay for the statistics but no longer count.
_TOUCH = """
UPDATE faq_run SET updated_at = %(now)s, furthest_position = {furthest},
  finished_at = CASE
    WHEN finished_at IS NULL AND NOT EXISTS (
      SELECT 1 FROM faq_step s
      WHERE s.article_id = faq_run.article_id AND s.removed_at IS NULL AND NOT EXISTS (
        SELECT 1 FROM faq_check c WHERE c.run_id = faq_run.id AND c.step_id = s.id
      )
    ) THEN %(now)s
    ELSE finished_at
  END
WHERE id = %(run)s
"""
# Taking a tick back finds, locks and stamps the active run in one statement,
# its furthest step counted without the check about to go, so that it stays
# at three statements with the next step made untimed.
_UNCHECK_TOUCH = """
UPDATE faq_run SET updated_at = %(now)s, furthest_position = {furthest}
WHERE article_id = %(article)s AND visitor_id = %(visitor)s AND reset_at IS NULL
RETURNING id
"""
_UNCHECK = "DELETE FROM faq_check WHERE run_id = %(run)s AND step_id = %(step)s"
# The next live step's time ran from the tick taken back.
_UNTIME_NEXT = """
UPDATE faq_check SET seconds = NULL
WHERE run_id = %(run)s AND step_id IN (
    SELECT n.id FROM faq_step s CROSS JOIN faq_step n
    WHERE s.id = %(step)s AND s.removed_at IS NULL AND n.article_id = s.article_id
      AND n.position = s.position + 1 AND n.removed_at IS NULL
)
"""


def _run_id(*, article: Article, visitor: Visitor) -> int:
    """The visitor's active run on the article, locked for this transaction; made if needed."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(_ACTIVE_RUN + lock, [article.pk, visitor.pk])
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    return _active_run(article=article, visitor=visitor).pk


def _now() -> object:
    """Now, as this database takes a datetime as a raw SQL parameter."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


@transaction.atomic
def step_check(*, article: Article, visitor: Visitor, step: Step) -> None:
    """Mark a step done in the visitor's active run; doing it twice counts once."""
    _same_article(article, step)
    params = {
        "run": _run_id(article=article, visitor=visitor),
        "step": step.pk,
        "now": _now(),
        "without": 0,
    }
    seconds = since_previous_sql(run="%(run)s", step="%(step)s", checked="%(now)s")
    with connection.cursor() as cursor:
        cursor.execute(_CHECK.format(seconds=seconds), params)
        cursor.execute(_TOUCH.format(furthest=FURTHEST_SQL), params)


@transaction.atomic
def step_uncheck(*, article: Article, visitor: Visitor, step: Step) -> None:
    """Mark a step not done; the run's first finish stays on record."""
    _same_article(article, step)
    params = {"now": _now(), "article": article.pk, "visitor": visitor.pk, "without": step.pk}
    with connection.cursor() as cursor:
        cursor.execute(_UNCHECK_TOUCH.format(furthest=FURTHEST_SQL), params)
        row = cursor.fetchone()
        if row is None:
            return
        params = {"run": row[0], "step": step.pk}
        cursor.execute(_UNCHECK, params)
        cursor.execute(_UNTIME_NEXT, params)


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

"""The funnel's rollup on runs and checks: the SQL the tick services set it with, and the
recount after an edit that renumbers the steps.

A run's furthest live step and a check's seconds since the step before depend
on the steps' positions. The tick services keep them as readers tick, in the
statements they already run; an edit that renumbers the steps recounts them
for the article's runs, set-based. Written as SQL, not ORM expressions: a
tick pays for each statement's compiling in Python, several times its run."""

from django.db import connection, transaction

from faq.sql import differ_sql, epoch_sql

# For an UPDATE of faq_run: the position of the furthest live step the run
# has ticked, leaving out the check on step %(without)s (one about to go).
FURTHEST_SQL = """(
    SELECT MAX(s.position) FROM faq_check c CROSS JOIN faq_step s
    WHERE c.run_id = faq_run.id AND s.id = c.step_id AND s.removed_at IS NULL
      AND c.step_id <> %(without)s
)"""


def since_previous_sql(*, run: str, step: str, checked: str) -> str:
    """Seconds from the run's tick of the live step just before `step` to `checked`; null
    if that step is not ticked, or was ticked later (each argument an SQL expression)."""
    return f"""(
    SELECT {epoch_sql(checked)} - {epoch_sql("p.checked_at")}
    FROM faq_step s
    CROSS JOIN faq_step ps
    CROSS JOIN faq_check p
    WHERE s.id = {step} AND s.removed_at IS NULL
      AND ps.article_id = s.article_id AND ps.position = s.position - 1
      AND ps.removed_at IS NULL
      AND p.run_id = {run} AND p.step_id = ps.id AND p.checked_at <= {checked}
)"""  # noqa: S608 -- SQL expressions from this module's callers, never input


# Only rows whose value changes are written: a reorder moves a few steps'
# times, and an added last step none.
_RUNS_RECOUNT = """
UPDATE faq_run SET furthest_position = {furthest}
WHERE {scope} AND {furthest_changed}
"""

_CHECKS_RECOUNT = """
UPDATE faq_check SET run_started_at = {started}, seconds = {seconds}
WHERE step_id IN (SELECT id FROM faq_step WHERE {scope})
  AND ({started_changed} OR {seconds_changed})
"""


@transaction.atomic
def funnel_recount(*, article_id: int | None = None) -> None:
    """Recount the rollup of one article's runs and checks (every article's when None)
    from the checks and the steps' current positions."""
    scope = "1 = 1" if article_id is None else "article_id = %(article)s"
    params = {"article": article_id, "without": 0}
    started = "(SELECT r.started_at FROM faq_run r WHERE r.id = faq_check.run_id)"
    seconds = since_previous_sql(
        run="faq_check.run_id", step="faq_check.step_id", checked="faq_check.checked_at"
    )
    runs = _RUNS_RECOUNT.format(
        furthest=FURTHEST_SQL,
        scope=scope,
        furthest_changed=differ_sql("furthest_position", FURTHEST_SQL),
    )
    checks = _CHECKS_RECOUNT.format(
        started=started,
        seconds=seconds,
        scope=scope,
        started_changed=differ_sql("run_started_at", started),
        seconds_changed=differ_sql("seconds", seconds),
    )
    with connection.cursor() as cursor:
        cursor.execute(runs, params)
        cursor.execute(checks, params)

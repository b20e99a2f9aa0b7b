"""The funnel's rollup, the one place its rule is written: a run's furthest live step, and
a check's seconds since its run's tick of the live step just before.

The tick's statements keep the rollup as readers tick (faq.statements.tracking, and
the PostgreSQL function rendered from them); funnel_recount counts it again after an
edit that renumbers the steps; migration 0007 filled it for the rows then on record;
the demo's activity generator counts it for the rows it inserts. Each takes its SQL
from here, with the expressions of the row it applies to.

Migration 0007 runs these: they may read only the columns it and the migrations
before it made. A rule that needs a later column gets a copy frozen in 0007.
"""

from faq.sql import differ_sql, epoch_sql


def furthest_position_sql(*, run: str, article: str, without: str | None = None) -> str:
    """The position of the furthest live step run `run` of article `article` has ticked,
    null if none; the check on step `without` (one about to go) left out. The same on
    every database."""
    leaving_out = "" if without is None else f" AND c.step_id <> {without}"
    # The article's steps only, though a run ticks no other: without it PostgreSQL
    # may read the steps of every article by position, looking for the run's checks.
    return f"""(
    SELECT MAX(s.position) FROM faq_check c CROSS JOIN faq_step s
    WHERE c.run_id = {run} AND s.id = c.step_id AND s.article_id = {article}
      AND s.removed_at IS NULL{leaving_out}
)"""  # noqa: S608 -- SQL expressions of this package's callers, never input


def seconds_since_previous_sql(vendor: str, *, run: str, step: str, checked: str) -> str:
    """Seconds from run `run`'s tick of the live step just before `step` to `checked`; null
    if `step` is removed, that step is not ticked, or was ticked later."""
    return f"""(
    SELECT {epoch_sql(vendor, checked)} - {epoch_sql(vendor, "p.checked_at")}
    FROM faq_step s
    CROSS JOIN faq_step ps
    CROSS JOIN faq_check p
    WHERE s.id = {step} AND s.removed_at IS NULL
      AND ps.article_id = s.article_id AND ps.position = s.position - 1
      AND ps.removed_at IS NULL
      AND p.run_id = {run} AND p.step_id = ps.id AND p.checked_at <= {checked}
)"""  # noqa: S608


def timed_from_sql(*, step: str) -> str:
    """The ids of the steps whose seconds run from a tick of `step`: the live step just
    after it, when `step` is live (the other side of seconds_since_previous_sql)."""
    return f"""(
    SELECT n.id FROM faq_step s CROSS JOIN faq_step n
    WHERE s.id = {step} AND s.removed_at IS NULL AND n.article_id = s.article_id
      AND n.position = s.position + 1 AND n.removed_at IS NULL
)"""  # noqa: S608


def check_seconds_sql(vendor: str) -> str:
    """A check's seconds, in an UPDATE of faq_check: from its own run, step and time."""
    return seconds_since_previous_sql(
        vendor, run="faq_check.run_id", step="faq_check.step_id", checked="faq_check.checked_at"
    )


# Which rows a recount counts: one article's runs and checks (its id as
# %(article)s), or every row.
ARTICLE_RUNS = "article_id = %(article)s"
ARTICLE_CHECKS = "step_id IN (SELECT id FROM faq_step WHERE article_id = %(article)s)"
EVERY_ROW = "1 = 1"

# A check keeps a copy of its run's start, for the funnel's index on (step, run
# start, seconds).
_RUN_STARTED = "(SELECT r.started_at FROM faq_run r WHERE r.id = faq_check.run_id)"


def runs_recount_sql(vendor: str, *, where: str) -> str:
    """UPDATE of the furthest step of the runs `where` picks (a condition on faq_run),
    writing only those whose value changes: a reorder moves a few, an added step none."""
    furthest = furthest_position_sql(run="faq_run.id", article="faq_run.article_id")
    return f"""
UPDATE faq_run SET furthest_position = {furthest}
WHERE ({where}) AND {differ_sql(vendor, "furthest_position", furthest)}
"""  # noqa: S608


def checks_recount_sql(vendor: str, *, where: str) -> str:
    """UPDATE of the run's start and the seconds of the checks `where` picks (a condition
    on faq_check), writing only those whose values change."""
    seconds = check_seconds_sql(vendor)
    started_changed = differ_sql(vendor, "run_started_at", _RUN_STARTED)
    seconds_changed = differ_sql(vendor, "seconds", seconds)
    return f"""
UPDATE faq_check SET run_started_at = {_RUN_STARTED}, seconds = {seconds}
WHERE ({where}) AND ({started_changed} OR {seconds_changed})
"""  # noqa: S608

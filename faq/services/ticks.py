"""Ticking a step and taking the tick back: the tracker's most frequent writes.

A tick checks that the step is a live step of a published article, makes the
reader's visitor row on their first write, ticks or unticks, and reads back the
article's counters and the reader's state, which its answer shows: a handful
of written-out statements in one transaction. Written out: they run while
SQLite holds its one write lock, and compiling them through the ORM took longer
than running them. They also keep the funnel's rollup (faq.services.funnel)
without a statement more.

On PostgreSQL the same statements run inside a function of the database
(PL/pgSQL), made from the texts below whenever `migrate` runs: a tick is then
one statement and one round trip instead of nine, and its plans stay prepared
in the database's session (benchmarks/RESULTS.md). On SQLite, which has no
round trips, they run one by one.
"""

import functools
import re
from dataclasses import dataclass

from django.db import connection, connections, transaction
from django.utils import timezone

from faq.models import Article, Step, VisitorRef
from faq.selectors.readers import (
    ArticleCounters,
    ReaderState,
    article_state_from,
    article_state_query,
)
from faq.services.funnel import FURTHEST_SQL, since_previous_sql

# Whether the step is a live step of the article, and the article published;
# and the reader's visitor row, if they have one yet.
_VISITOR_ID = "SELECT id FROM faq_visitor WHERE key = %(key)s OR user_id = %(user)s"
_TICKABLE = f"""
SELECT EXISTS (
    SELECT 1 FROM faq_step s JOIN faq_article a ON a.id = s.article_id
    WHERE s.id = %(step)s AND a.id = %(article)s AND a.status = %(published)s
      AND s.removed_at IS NULL
), ({_VISITOR_ID})
"""  # noqa: S608
# The reader's visitor row, made on their first write; a parallel first write
# waits for this one's and then finds it.
_VISITOR_ADD = """
INSERT INTO faq_visitor (key, user_id, created_at) VALUES (%(key)s, %(user)s, %(now)s)
ON CONFLICT DO NOTHING
"""
_ACTIVE_RUN = (
    "SELECT id FROM faq_run WHERE article_id = %(article)s AND visitor_id = %(visitor)s"
    " AND reset_at IS NULL"
)
# The reader's active run, made on their first tick; a parallel first tick
# waits for this one's and then finds the run it made.
_RUN_START = """
INSERT INTO faq_run (article_id, visitor_id, started_at, updated_at, outcome)
VALUES (%(article)s, %(visitor)s, %(now)s, %(now)s, '')
ON CONFLICT (visitor_id, article_id) WHERE reset_at IS NULL DO NOTHING
"""
# Two ticks of one reader's run take turns: the second one's statements then
# see the first one's check. (SQLite's one write lock already does that.)
_RUN_LOCK = _ACTIVE_RUN + " FOR UPDATE"
# The check with its copy of the run's start and its seconds since the step
# before; a second tick of the step changes nothing.
_CHECK = """
INSERT INTO faq_check (run_id, step_id, checked_at, run_started_at, seconds)
SELECT r.id, %(step)s, %(now)s, r.started_at, {seconds}
FROM faq_run r
WHERE r.article_id = %(article)s AND r.visitor_id = %(visitor)s AND r.reset_at IS NULL
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
WHERE article_id = %(article)s AND visitor_id = %(visitor)s AND reset_at IS NULL
"""
# Taking a tick back locks and stamps the active run first, its furthest step
# counted without the check about to go.
_UNCHECK_TOUCH = """
UPDATE faq_run SET updated_at = %(now)s, furthest_position = {furthest}
WHERE article_id = %(article)s AND visitor_id = %(visitor)s AND reset_at IS NULL
"""
# The active run as a value, found once: asked as a set, the planner went through
# every reader's checks of the step (a quarter of a second at ten million checks).
_UNCHECK = f"DELETE FROM faq_check WHERE step_id = %(step)s AND run_id = ({_ACTIVE_RUN})"  # noqa: S608
# The next live step's time ran from the tick taken back.
_UNTIME_NEXT = f"""
UPDATE faq_check SET seconds = NULL
WHERE run_id = ({_ACTIVE_RUN}) AND step_id IN (
    SELECT n.id FROM faq_step s CROSS JOIN faq_step n
    WHERE s.id = %(step)s AND s.removed_at IS NULL AND n.article_id = s.article_id
      AND n.position = s.position + 1 AND n.removed_at IS NULL
)
"""  # noqa: S608


@dataclass(frozen=True)
class Tick:
    """What a tick leaves: the article's counters and the reader's state after it."""

    article: ArticleCounters
    state: ReaderState


@functools.cache
def _statements(done: bool, vendor: str) -> tuple[str, ...]:
    """A tick's statements (`done`) or a tick taken back's, as this database spells them
    (`vendor` keys them)."""
    if not done:
        return (_UNCHECK_TOUCH.format(furthest=FURTHEST_SQL), _UNCHECK, _UNTIME_NEXT)
    seconds = since_previous_sql(run="r.id", step="%(step)s", checked="%(now)s")
    lock = (_RUN_LOCK,) if connection.features.has_select_for_update else ()
    return (_RUN_START, *lock, _CHECK.format(seconds=seconds), _TOUCH.format(furthest=FURTHEST_SQL))


# The function's parameters, in order, with their PostgreSQL types.
_PARAMETERS = {
    "article": "bigint",
    "step": "bigint",
    "key": "uuid",
    "user": "bigint",
    "done": "boolean",
    "now": "timestamptz",
    "published": "text",
    "version_row": "integer",
    "new": "text",
    "seen": "text",
}
_FUNCTION = "faq_step_tick"


def step_tick(*, article_id: int, step_id: int, visitor: VisitorRef, done: bool) -> Tick | None:
    """Mark a step done (or not done) in the reader's active run, made if need be; twice
    counts once, and a run's first finish stays on record. None, with nothing written,
    if the step is not a live step of the published article."""
    read, params = article_state_query(article_id=article_id)
    params.update(
        step=step_id,
        key=visitor.stored_key,
        user=visitor.user_id,
        done=done,
        now=connection.ops.adapt_datetimefield_value(timezone.now()),
        without=0 if done else step_id,
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arguments = ", ".join(f"%({name})s" for name in _PARAMETERS)
            cursor.execute(f"SELECT * FROM {_FUNCTION}({arguments})", params)  # noqa: S608
        else:
            with transaction.atomic():
                cursor.execute(_TICKABLE, params)
                tickable, params["visitor"] = cursor.fetchone()
                if not tickable:
                    return None
                if params["visitor"] is None:
                    cursor.execute(_VISITOR_ADD, params)
                    cursor.execute(_VISITOR_ID, params)
                    params["visitor"] = cursor.fetchone()[0]
                for statement in _statements(done, connection.vendor):
                    cursor.execute(statement, params)
            # Read once the write lock is let go: every other worker's write waits on it.
            cursor.execute(read, params)
        article, state = article_state_from(cursor.fetchall(), article_id=article_id)
    return None if article is None else Tick(article=article, state=state)


def _ticked(*, article: Article, visitor: VisitorRef, step: Step, done: bool) -> ReaderState:
    if step.article_id != article.pk:
        raise ValueError("The step belongs to another article.")
    tick = step_tick(article_id=article.pk, step_id=step.pk, visitor=visitor, done=done)
    if tick is None:
        raise ValueError("The step is not a live step of a published article.")
    return tick.state


def step_check(*, article: Article, visitor: VisitorRef, step: Step) -> ReaderState:
    """step_tick with model instances: mark a step done; the reader's state after it."""
    return _ticked(article=article, visitor=visitor, step=step, done=True)


def step_uncheck(*, article: Article, visitor: VisitorRef, step: Step) -> ReaderState:
    """step_tick with model instances: mark a step not done; the reader's state after it."""
    return _ticked(article=article, visitor=visitor, step=step, done=False)


def _plpgsql(sql: str) -> str:
    """A statement above as PL/pgSQL: its placeholders become the function's parameters,
    but for the visitor, found inside."""
    sql = re.sub(r"%\((\w+)\)s", r"p_\1", sql).replace("p_visitor", "v_visitor")
    return sql.strip()


def _into(sql: str, variables: str) -> str:
    """A SELECT of one row, into PL/pgSQL variables (INTO goes at the statement's end)."""
    return f"{sql} INTO {variables}"


def _perform(sql: str) -> str:
    """A SELECT whose rows nobody reads (the lock) is a PERFORM in PL/pgSQL."""
    return "PERFORM" + sql.removeprefix("SELECT")


def tick_function_sql() -> str:
    """CREATE OR REPLACE FUNCTION for step_tick, from the very statements SQLite runs."""
    read, _ = article_state_query(article_id=0)

    def block(statements: tuple[str, ...]) -> str:
        return "\n".join(
            (_perform(s) if s.startswith("SELECT") else s) + ";" for s in map(_plpgsql, statements)
        )

    parameters = ", ".join(f"p_{name} {kind}" for name, kind in _PARAMETERS.items())
    return f"""CREATE OR REPLACE FUNCTION {_FUNCTION}({parameters})
RETURNS TABLE (out_kind text, out_n1 bigint, out_n2 bigint, out_n3 bigint, out_n4 bigint,
  out_flag boolean, out_t1 text, out_t2 text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_tickable boolean;
  v_visitor bigint;
  p_without bigint := CASE WHEN p_done THEN 0 ELSE p_step END;
BEGIN
{_into(_plpgsql(_TICKABLE), "v_tickable, v_visitor")};
IF NOT v_tickable THEN
  RETURN;
END IF;
IF v_visitor IS NULL THEN
  {_plpgsql(_VISITOR_ADD)};
  {_into(_plpgsql(_VISITOR_ID), "v_visitor")};
END IF;
IF p_done THEN
{block(_statements(True, connection.vendor))}
ELSE
{block(_statements(False, connection.vendor))}
END IF;
RETURN QUERY {_plpgsql(read)};
END
$$"""


def tick_function_install(*, using: str) -> None:
    """Make or replace the tick function in a PostgreSQL database (after `migrate`)."""
    target = connections[using]
    if target.vendor == "postgresql":
        with target.cursor() as cursor:
            cursor.execute(tick_function_sql())


def tick_function_installed(sender, using: str = "default", **kwargs) -> None:
    """post_migrate: the tick function follows the code on every `migrate`."""
    tick_function_install(using=using)

"""Ticking a step, taking a tick back, and the reader's state read with them: the step
tracker's statements, each written once, as a template.

A template's {placeholders} are its values and the SQL pieces it is made of;
render() fills them from a style, never by rewriting text. PYTHON spells a value
as the database driver takes it from a dict (%(step)s): the page's reads, and the
tick on SQLite, which runs its statements one by one. PLPGSQL spells it as the
PostgreSQL function's parameter (p_step), and the reader's visitor row as the
variable the function finds it in (v_visitor). The funnel's rollup comes from
faq.statements.rollup.

On PostgreSQL a tick is one statement: faq_step_tick, a function of the database
that tick_function_sql() renders from the same templates (one round trip instead
of nine, its plans prepared in the database's session). A migration installs it
from a committed file, and a migration's file never changes once it has run. So
when these templates change the function, render a new file with

    python -m faq.statements.tracking faq/migrations/sql/<number>_step_tick.sql

and add the migration that installs it (as 0014_step_tick_function does); a test
fails while the newest file differs from what these templates render.
"""

import functools
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from faq.statements import rollup
from faq.statements.visitors import VISITOR_ADD, VISITOR_ID

# The function's parameters, in order, with their PostgreSQL types.
PARAMETERS = {
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
    "language": "text",
}
# Defaults of the function's last parameters: a server still running the code of the
# function before it (while a deploy migrates) calls it without them.
DEFAULTS = {"language": "'en'"}
# How many audiences a page's read names: the article's must be one of them.
AUDIENCE_SLOTS = 3
# Values from a dict of parameters; the page's reads also ask for today's view, for the
# article's address in the reader's language (PARAMETERS has "language"), and for the
# audiences the reader belongs to (audience_0 and on, repeated to fill every slot).
PYTHON = {
    name: f"%({name})s"
    for name in [
        *PARAMETERS,
        "visitor",
        "counting",
        "day",
        *(f"audience_{n}" for n in range(AUDIENCE_SLOTS)),
    ]
}
# The function's parameters, and the visitor row's id it finds or makes.
PLPGSQL = {**{name: f"p_{name}" for name in PARAMETERS}, "visitor": "v_visitor"}
# How the page's reads find the reader's visitor row: by one of the reader's ids.
VISITOR_COLUMNS = ("key", "user_id")


def render(template: str, style: Mapping[str, str], **parts: str) -> str:
    """The template with its values spelt as `style` says and its SQL `parts` put in."""
    return template.format_map({**style, **parts}).strip()


# Whether the step is a live step of the article, and the article published;
# and the reader's visitor row, if they have one yet.
_TICKABLE = """
SELECT EXISTS (
    SELECT 1 FROM faq_step s JOIN faq_article a ON a.id = s.article_id
    WHERE s.id = {step} AND a.id = {article} AND a.status = {published}
      AND s.removed_at IS NULL
), ({visitor_id})
"""
_ACTIVE_RUN = "article_id = {article} AND visitor_id = {visitor} AND reset_at IS NULL"
# The reader's active run, made on their first tick, in the language of that
# tick; a parallel first tick waits for this one's and then finds the run it made.
_RUN_START = """
INSERT INTO faq_run (article_id, visitor_id, started_at, updated_at, outcome, language)
VALUES ({article}, {visitor}, {now}, {now}, '', {language})
ON CONFLICT (visitor_id, article_id) WHERE reset_at IS NULL DO NOTHING
"""
# Two ticks of one reader's run take turns: the second one's statements then
# see the first one's check. (SQLite's one write lock already does that.)
_RUN_LOCK = "SELECT id FROM faq_run WHERE {active_run} FOR UPDATE"
# The check with its copy of the run's start, its seconds since the step before
# and the language of this tick; a second tick of the step changes nothing.
_CHECK = """
INSERT INTO faq_check (run_id, step_id, checked_at, run_started_at, seconds, language)
SELECT r.id, {step}, {now}, r.started_at, {seconds}, {language}
FROM faq_run r
WHERE r.article_id = {article} AND r.visitor_id = {visitor} AND r.reset_at IS NULL
ON CONFLICT DO NOTHING
"""
# Records activity and the run's furthest step, and marks the run finished
# the first time every live step is checked, in the same statement, so
# however many checks race to it, it finishes once. Checks on removed steps
# stay for the statistics but no longer count.
_TOUCH = """
UPDATE faq_run SET updated_at = {now}, furthest_position = {furthest},
  finished_at = CASE
    WHEN finished_at IS NULL AND NOT EXISTS (
      SELECT 1 FROM faq_step s
      WHERE s.article_id = faq_run.article_id AND s.removed_at IS NULL AND NOT EXISTS (
        SELECT 1 FROM faq_check c WHERE c.run_id = faq_run.id AND c.step_id = s.id
      )
    ) THEN {now}
    ELSE finished_at
  END
WHERE {active_run}
"""
# Taking a tick back locks and stamps the active run first, its furthest step
# counted without the check about to go.
_UNCHECK_TOUCH = """
UPDATE faq_run SET updated_at = {now}, furthest_position = {furthest_without_step}
WHERE {active_run}
"""
# The active run as a value, found once: asked as a set, the planner went through
# every reader's checks of the step (a quarter of a second at ten million checks).
_UNCHECK = "DELETE FROM faq_check WHERE step_id = {step} AND run_id = ({active_run_id})"
# The next live step's time ran from the tick taken back: counted again, it is none.
_RETIME_NEXT = """
UPDATE faq_check SET seconds = {check_seconds}
WHERE run_id = ({active_run_id}) AND step_id IN {timed_from}
"""


class _Statement(NamedTuple):
    template: str
    # PL/pgSQL keeps a SELECT's row only in variables: these.
    into: str = ""
    # Only where the database locks rows; SQLite's one write lock already serialises.
    row_lock: bool = False


# A tick, and a tick taken back, in the order they run.
_DONE = (
    _Statement(_RUN_START),
    _Statement(_RUN_LOCK, into="v_locked_run", row_lock=True),
    _Statement(_CHECK),
    _Statement(_TOUCH),
)
_UNDONE = (_Statement(_UNCHECK_TOUCH), _Statement(_UNCHECK), _Statement(_RETIME_NEXT))

# The reader's part, after a CTE "a" that holds the article's row: their active
# run (and whether the steps changed since it started), its checks, its open
# stuck reports and their vote of the article's current era. Each row is asked
# for by every column of its unique index, so the plan stays the right one
# however stale the table statistics are.
_READER_CTES = """
me AS (SELECT id FROM faq_visitor WHERE {visitor_column} = {visitor}),
run AS (
    SELECT r.id, r.outcome,
        COALESCE(r.started_at < (SELECT steps_changed_at FROM a), FALSE) AS changed
    FROM faq_run r
    WHERE r.article_id = {article} AND r.visitor_id = (SELECT id FROM me)
      AND r.reset_at IS NULL
)
"""
# Every row has the same eight columns: kind, four numbers, a flag, two texts,
# typed in the first row for PostgreSQL (and the tick function's result).
_READER_ROWS = """
SELECT 'run', id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), changed,
    CAST(outcome AS TEXT), CAST(NULL AS TEXT)
FROM run
UNION ALL
SELECT 'done', step_id, NULL, NULL, NULL, NULL, NULL, NULL FROM faq_check
WHERE run_id IN (SELECT id FROM run)
UNION ALL
SELECT 'stuck', s.step_id, NULL, NULL, NULL, NULL, NULL, NULL FROM faq_stuckreport s
JOIN faq_inboxitem i ON i.stuck_report_id = s.id
WHERE s.run_id IN (SELECT id FROM run) AND i.status IN ({new}, {seen})
UNION ALL
SELECT 'vote', v.id, NULL, NULL, NULL, v.helpful, v.reason, NULL FROM faq_vote v
WHERE v.article_id = {article} AND v.visitor_id = (SELECT id FROM me)
  AND v.era = (SELECT vote_era FROM a)
"""
_ARTICLE_CTE = """
a AS (
    SELECT id, slug, view_count, yes_count, no_count, review_by, vote_era, steps_changed_at
    FROM faq_article WHERE id = {article} AND status = {published}
)
"""
# The article as a page read finds it: published, and for one of the reader's audiences,
# so an answer they may not read is as absent as one that does not exist. The tick's read
# (the PostgreSQL function's) keeps _ARTICLE_CTE: a tick is only given the article if its
# reader may read it (READABLE_ARTICLE, below).
_PAGE_ARTICLE_CTE = """
a AS (
    SELECT id, slug, view_count, yes_count, no_count, review_by, vote_era, steps_changed_at
    FROM faq_article WHERE id = {article} AND status = {published}
      AND audience IN ({audience_0}, {audience_1}, {audience_2})
)
"""
_STATE_CTE = """
a AS (SELECT id, vote_era, steps_changed_at FROM faq_article WHERE id = {article})
"""
# The first row names the columns' types, which PostgreSQL needs for the NULLs below.
_ARTICLE_ROW = """
SELECT 'article', CAST(view_count AS BIGINT), CAST(yes_count AS BIGINT),
    CAST(no_count AS BIGINT),
    COALESCE((SELECT value FROM faq_contentversion WHERE id = {version_row}), 0),
    CAST(NULL AS BOOLEAN), CAST(slug AS TEXT), CAST(review_by AS TEXT)
FROM a
"""
# The article's slug in the reader's language, where it has a translation into it: the
# page's address there; and the translation's review date, which its readers are told
# about. Not in the tick's read (the function's result): a tick's answer takes its
# addresses from the cached page.
_TRANSLATION_ROW = """
SELECT 'translation', NULL, NULL, NULL, NULL, NULL, CAST(slug AS TEXT), CAST(review_by AS TEXT)
FROM faq_articletranslation WHERE article_id = {article} AND language = {language}
"""
_VIEWED_ROW = """
SELECT 'viewed', NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM faq_articleview
WHERE article_id = {article} AND visitor_key = {counting} AND day = {day}
"""


def _with(*ctes: str) -> str:
    return "WITH " + ",\n".join(cte.strip() for cte in ctes) + "\n"


def _union(*selects: str) -> str:
    return "\nUNION ALL\n".join(select.strip() for select in selects)


# Joined as templates, each piece keeping its placeholders.
_COUNTERS = _with(_PAGE_ARTICLE_CTE) + _union(_ARTICLE_ROW, _TRANSLATION_ROW)
_VISIT = _with(_PAGE_ARTICLE_CTE, _READER_CTES) + _union(
    _ARTICLE_ROW, _TRANSLATION_ROW, _READER_ROWS, _VIEWED_ROW
)
_READER_STATE = _with(_STATE_CTE, _READER_CTES) + _union(_READER_ROWS)
_ARTICLE_AND_STATE = _with(_ARTICLE_CTE, _READER_CTES) + _union(_ARTICLE_ROW, _READER_ROWS)

# The page's reads (faq.selectors.readers), the reader found by the column named.
COUNTERS = render(_COUNTERS, PYTHON)
VISIT = {column: render(_VISIT, PYTHON, visitor_column=column) for column in VISITOR_COLUMNS}
READER_STATE = {
    column: render(_READER_STATE, PYTHON, visitor_column=column) for column in VISITOR_COLUMNS
}
# What a tick reads back: the counters and the state of the reader whose visitor
# row's id is %(visitor)s.
ARTICLE_AND_STATE = render(_ARTICLE_AND_STATE, PYTHON, visitor_column="id")


def _parts(vendor: str, style: Mapping[str, str]) -> dict[str, str]:
    """The SQL pieces of the tick's templates, their own values spelt in `style`."""
    active_run = render(_ACTIVE_RUN, style)
    return {
        "visitor_id": render(VISITOR_ID, style),
        "active_run": active_run,
        "active_run_id": f"SELECT id FROM faq_run WHERE {active_run}",  # noqa: S608
        "seconds": rollup.seconds_since_previous_sql(
            vendor, run="r.id", step=style["step"], checked=style["now"]
        ),
        "furthest": rollup.furthest_position_sql(run="faq_run.id", article="faq_run.article_id"),
        "furthest_without_step": rollup.furthest_position_sql(
            run="faq_run.id", article="faq_run.article_id", without=style["step"]
        ),
        "check_seconds": rollup.check_seconds_sql(vendor),
        "timed_from": rollup.timed_from_sql(step=style["step"]),
    }


@dataclass(frozen=True)
class TickStatements:
    """A tick's statements, run one by one: whether the step can be ticked (and the
    reader's row), the row made and found again, then a tick's or a tick taken back's."""

    tickable: str
    visitor_add: str
    visitor_id: str
    done: tuple[str, ...]
    undone: tuple[str, ...]


# The article a tick names, if the reader may read it (one of their audiences), else NULL:
# in its place, a tick on an article for others finds no step to tick and writes nothing,
# in the same statement. The function's own text stays as its migration installed it.
_READABLE_ARTICLE = (
    "(SELECT id FROM faq_article WHERE id = {article} "
    "AND audience IN ({audience_0}, {audience_1}, {audience_2}))"
)
READABLE_ARTICLE = render(_READABLE_ARTICLE, PYTHON)


@functools.cache
def tick_statements(vendor: str) -> TickStatements:
    """The tick's statements with PYTHON's placeholders, as `vendor`'s database spells them."""
    parts = _parts(vendor, PYTHON)

    def each(statements: tuple[_Statement, ...]) -> tuple[str, ...]:
        return tuple(
            render(s.template, PYTHON, **parts)
            for s in statements
            if vendor != "sqlite" or not s.row_lock
        )

    return TickStatements(
        tickable=render(_TICKABLE, {**PYTHON, "article": READABLE_ARTICLE}, **parts),
        visitor_add=render(VISITOR_ADD, PYTHON),
        visitor_id=parts["visitor_id"],
        done=each(_DONE),
        undone=each(_UNDONE),
    )


FUNCTION = "faq_step_tick"
_FUNCTION = """-- The tick on PostgreSQL in one statement, rendered from faq/statements/tracking.py
-- by `python -m faq.statements.tracking FILE`. A migration installs this file, and it
-- never changes once that has run: a new function is a new file and a new migration.
CREATE OR REPLACE FUNCTION {function}({parameters})
RETURNS TABLE (out_kind text, out_n1 bigint, out_n2 bigint, out_n3 bigint, out_n4 bigint,
  out_flag boolean, out_t1 text, out_t2 text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_tickable boolean;
  v_visitor bigint;
  v_locked_run bigint;
BEGIN
{tickable} INTO v_tickable, v_visitor;
IF NOT v_tickable THEN
  RETURN;
END IF;
IF v_visitor IS NULL THEN
{visitor_add};
{visitor_id} INTO v_visitor;
END IF;
IF {done} THEN
{done_block}
ELSE
{undone_block}
END IF;
RETURN QUERY {read};
END
$$
"""


def tick_function_sql() -> str:
    """CREATE OR REPLACE FUNCTION faq_step_tick: the tick on PostgreSQL in one statement,
    from the templates SQLite's path runs, and the same result rows as ARTICLE_AND_STATE."""
    parts = _parts("postgresql", PLPGSQL)

    def block(statements: tuple[_Statement, ...]) -> str:
        return "\n".join(
            render(s.template, PLPGSQL, **parts) + (f" INTO {s.into}" if s.into else "") + ";"
            for s in statements
        )

    parameters = ", ".join(
        f"{PLPGSQL[name]} {kind}" + (f" DEFAULT {DEFAULTS[name]}" if name in DEFAULTS else "")
        for name, kind in PARAMETERS.items()
    )
    return (
        render(
            _FUNCTION,
            PLPGSQL,
            function=FUNCTION,
            parameters=parameters,
            tickable=render(_TICKABLE, PLPGSQL, **parts),
            visitor_add=render(VISITOR_ADD, PLPGSQL),
            visitor_id=parts["visitor_id"],
            done_block=block(_DONE),
            undone_block=block(_UNDONE),
            read=render(_ARTICLE_AND_STATE, PLPGSQL, visitor_column="id"),
        )
        + "\n"
    )


# A tick through the function, its values from a dict; the article only if the reader may
# read it (READABLE_ARTICLE).
_CALL_VALUES = {**PYTHON, "article": READABLE_ARTICLE}
TICK_CALL = f"SELECT * FROM {FUNCTION}({', '.join(_CALL_VALUES[name] for name in PARAMETERS)})"  # noqa: S608


if __name__ == "__main__":
    # python -m faq.statements.tracking [FILE]: the function's text, into FILE or out.
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(tick_function_sql())
    else:
        sys.stdout.write(tick_function_sql())

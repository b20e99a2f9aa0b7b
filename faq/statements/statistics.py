"""The staff's statistics as SQL: the overview table of every article, and one
article's step funnel.

Counted by the database: no reader row is loaded into Python to be counted. The
selectors that run these (faq.selectors.statistics, faq.selectors.funnel) give
the values and sort out the rows.
"""

# Sort keys staff may ask for, each an output column of the overview query.
SORTS = (
    "question",
    "views",
    "yes",
    "no",
    "share",
    "score",
    "started",
    "finished",
    "completion",
    "worked",
    "failed",
    "stuck",
)

# Each reader table is counted once, grouped by article, and joined to the
# articles: {where} picks the articles, and {scope} pushes the same filter down
# into each counted table.
_COUNTED = """
WITH views AS (
    SELECT article_id, COUNT(*) AS n FROM faq_articleview
    WHERE day >= %(first_day)s AND day <= %(last_day)s {scope}
    GROUP BY article_id
), votes AS (
    SELECT article_id,
           COUNT(*) FILTER (WHERE helpful) AS yes,
           COUNT(*) FILTER (WHERE NOT helpful) AS no
    FROM faq_vote
    WHERE updated_at >= %(start)s AND updated_at < %(end)s {scope}
    GROUP BY article_id
), runs AS (
    SELECT article_id,
           COUNT(*) AS started,
           COUNT(finished_at) AS finished,
           COUNT(*) FILTER (WHERE outcome = %(worked)s) AS worked,
           COUNT(*) FILTER (WHERE outcome = %(failed)s) AS failed
    FROM faq_run
    WHERE started_at >= %(start)s AND started_at < %(end)s {scope}
    GROUP BY article_id
), stuck AS (
    SELECT article_id, COUNT(*) AS n FROM faq_inboxitem
    WHERE kind = %(stuck_kind)s AND status IN (%(new)s, %(seen)s)
      AND created_at >= %(start)s AND created_at < %(end)s {scope}
    GROUP BY article_id
), counted AS (
    SELECT a.id AS article_id, a.question, a.slug, a.status,
           COALESCE(views.n, 0) AS views,
           COALESCE(votes.yes, 0) AS yes,
           COALESCE(votes.no, 0) AS no,
           COALESCE(runs.started, 0) AS started,
           COALESCE(runs.finished, 0) AS finished,
           COALESCE(runs.worked, 0) AS worked,
           COALESCE(runs.failed, 0) AS failed,
           COALESCE(stuck.n, 0) AS stuck
    FROM faq_article a
    LEFT JOIN views ON views.article_id = a.id
    LEFT JOIN votes ON votes.article_id = a.id
    LEFT JOIN runs ON runs.article_id = a.id
    LEFT JOIN stuck ON stuck.article_id = a.id
    WHERE {where}
)
"""

# The score is the lower bound of the Wilson score interval, %(z)s its z.
_ROWS = """
, rated AS (
    SELECT counted.*, yes + no AS votes,
           CASE WHEN yes + no > 0 THEN yes * 1.0 / (yes + no) END AS share,
           CASE WHEN started > 0 THEN finished * 1.0 / started END AS completion
    FROM counted
)
SELECT article_id, question, slug, status, views, yes, no, started, finished, worked, failed,
       stuck,
       CASE WHEN votes > 0 THEN
           (share + %(z2)s / (2.0 * votes)
            - %(z)s * SQRT((share * (1 - share) + %(z2)s / (4.0 * votes)) / votes))
           / (1 + %(z2)s / votes)
       ELSE 0 END AS score,
       -- The totals of every row, not only the page's: windows run before LIMIT.
       COUNT(*) OVER (), SUM(views) OVER (), SUM(yes) OVER (), SUM(no) OVER (),
       SUM(started) OVER (), SUM(finished) OVER (), SUM(worked) OVER (), SUM(failed) OVER (),
       SUM(stuck) OVER ()
FROM rated
ORDER BY {order}
{limit}
"""

_TOTALS = """
SELECT COUNT(*), SUM(views), SUM(yes), SUM(no), SUM(started), SUM(finished), SUM(worked),
       SUM(failed), SUM(stuck)
FROM counted
"""


def overview_filter_sql(
    *, topic: bool, team: bool, article: bool, language: bool = False
) -> tuple[str, str]:
    """The articles the overview counts, as a condition on faq_article a, and the same
    filter for each counted table, with its rows of one language if `language`; the values
    are %(topic)s, %(team)s, %(article)s and %(language)s."""
    # A pending rewrite (faq.services.workflow) is no article of its own to readers.
    clauses = ["a.rewrite_of_id IS NULL"]
    if article:
        clauses.append("a.id = %(article)s")
    if topic:
        clauses.append(
            "a.id IN (SELECT article_id FROM faq_article_topics WHERE topic_id = %(topic)s)"
        )
    if team:
        clauses.append("a.team_id = %(team)s")
    where = " AND ".join(clauses)
    if article:
        scope = "AND article_id = %(article)s"
    elif len(clauses) > 1:
        scope = f"AND article_id IN (SELECT a.id FROM faq_article a WHERE {where})"  # noqa: S608
    else:
        scope = ""
    if language:
        # Each counted table keeps the language of what the reader did.
        scope += " AND language = %(language)s"
    return where, scope


def _order_sql(sort: str) -> str:
    """ORDER BY for a sort key from SORTS, "-" first for descending; ties go by question."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        raise ValueError(f"Unknown sort: {sort!r}")
    direction = "DESC" if sort.startswith("-") else "ASC"
    if key == "question":
        return f"question {direction}, article_id ASC"
    # Articles without votes or runs have no share: they go last either way.
    return f"{key} {direction} NULLS LAST, question ASC, article_id ASC"


def overview_rows_sql(*, where: str, scope: str, sort: str, paged: bool) -> str:
    """The overview's rows sorted by `sort` (one of SORTS), each with the totals of every
    row; a page of %(limit)s rows from %(offset)s if `paged`. Raises ValueError for
    another sort."""
    limit = "LIMIT %(limit)s OFFSET %(offset)s" if paged else ""
    order = _order_sql(sort)
    return _COUNTED.format(where=where, scope=scope) + _ROWS.format(order=order, limit=limit)


def overview_totals_sql(*, where: str, scope: str) -> str:
    """The overview's totals alone: asked when a page has no row to carry them."""
    return _COUNTED.format(where=where, scope=scope) + _TOTALS


# One article's funnel, counted from the rollup the tick keeps
# (faq.statements.rollup), so no check is sorted into its run's order here:
# - each step's checks in the period are one range of the index on (step,
#   run start, seconds): their count is "reached", and the median of their
#   seconds since the step before is the step's time;
# - runs are grouped by their furthest live step: those ended there, so of a
#   step's checks, all but theirs went on; the stale ones stopped after it.
_FUNNEL = """
WITH runs AS (
    SELECT furthest_position,
           finished_at IS NULL AND reset_at IS NULL AND updated_at < %(stale_before)s AS stale
    FROM faq_run
    WHERE article_id = %(article)s AND started_at >= %(start)s AND started_at < %(end)s
      {runs_language}
), ends AS (
    SELECT furthest_position AS position, COUNT(*) AS ended,
           COUNT(*) FILTER (WHERE stale) AS stopped_after
    FROM runs
    WHERE furthest_position IS NOT NULL
    GROUP BY furthest_position
), checked AS (
    {checked}
), stuck AS (
    SELECT step_id, COUNT(*) AS n FROM faq_stuckreport
    WHERE article_id = %(article)s AND created_at >= %(start)s AND created_at < %(end)s
      {stuck_language}
    GROUP BY step_id
)
SELECT s.id, s.position, s.removed_at IS NOT NULL, s.body_html,
       COALESCE(checked.reached, 0), COALESCE(checked.reached, 0) - COALESCE(ends.ended, 0),
       COALESCE(ends.stopped_after, 0), COALESCE(stuck.n, 0), checked.median,
       (SELECT COUNT(furthest_position) FROM runs),
       (SELECT COUNT(*) FROM runs WHERE stale)
FROM faq_step s
LEFT JOIN checked ON checked.step_id = s.id
-- Removed steps are no run's furthest; they may share a number with a live one.
LEFT JOIN ends ON ends.position = s.position AND s.removed_at IS NULL
LEFT JOIN stuck ON stuck.step_id = s.id
WHERE s.article_id = %(article)s
ORDER BY s.removed_at IS NOT NULL, s.position, s.id
"""

# Each step's checks in the period. PostgreSQL aggregates each step's range
# apart (LATERAL), so no sort by step comes before percentile_cont's own;
# SQLite reads the ranges in step order and takes median() (faq.sql).
# Checks on removed steps count as reached; their seconds are null.
_CHECKED = {
    "postgresql": """
    SELECT s.id AS step_id, c.reached, c.median
    FROM faq_step s
    CROSS JOIN LATERAL (
        SELECT COUNT(*) AS reached,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median
        FROM faq_check
        WHERE step_id = s.id AND run_started_at >= %(start)s AND run_started_at < %(end)s
    ) AS c
    WHERE s.article_id = %(article)s
    """,
    "sqlite": """
    SELECT c.step_id, COUNT(*) AS reached, median(c.seconds) AS median
    FROM faq_step s
    CROSS JOIN faq_check c
    WHERE s.article_id = %(article)s AND c.step_id = s.id
      AND c.run_started_at >= %(start)s AND c.run_started_at < %(end)s
    GROUP BY c.step_id
    """,
}


# The checks of the period's runs started in one language, whatever language
# each tick was made in: each of those runs' checks found through the unique index
# on (run, step), since the funnel's index holds no run (a run's checks are all of
# its article's steps, and their copy of its start is its start). On PostgreSQL
# OFFSET 0 keeps the join a loop over the runs: flattened, the planner read every
# check of the table to hash them (315 against 101 ms at 90 days and a million
# checks, benchmarks/RESULTS.md). SQLite's joins are such loops.
_CHECKED_IN_LANGUAGE = {
    "postgresql": """
    SELECT c.step_id, COUNT(*) AS reached,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY c.seconds) AS median
    FROM faq_run r
    CROSS JOIN LATERAL (
        SELECT step_id, seconds FROM faq_check WHERE run_id = r.id OFFSET 0
    ) AS c
    WHERE r.article_id = %(article)s AND r.started_at >= %(start)s AND r.started_at < %(end)s
      AND r.language = %(language)s
    GROUP BY c.step_id
    """,
    "sqlite": """
    SELECT c.step_id, COUNT(*) AS reached, median(c.seconds) AS median
    FROM faq_run r
    CROSS JOIN faq_check c
    WHERE r.article_id = %(article)s AND r.started_at >= %(start)s AND r.started_at < %(end)s
      AND r.language = %(language)s AND c.run_id = r.id
    GROUP BY c.step_id
    """,
}


def article_funnel_sql(vendor: str, *, language: bool = False) -> str:
    """Every step of %(article)s (removed ones last) with its counts for the period from
    %(start)s to %(end)s; each row also carries the runs that ticked a live step and the
    runs gone stale (untouched since %(stale_before)s). With `language`, only the runs
    started in %(language)s, and the stuck reports said in it."""
    if not language:
        return _FUNNEL.format(checked=_CHECKED[vendor], runs_language="", stuck_language="")
    return _FUNNEL.format(
        checked=_CHECKED_IN_LANGUAGE[vendor],
        runs_language="AND language = %(language)s",
        stuck_language="AND language = %(language)s",
    )

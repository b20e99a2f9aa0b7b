"""The recount of the funnel's rollup on runs and checks, after an edit that renumbers
the steps.

A run's furthest live step and a check's seconds since the step before depend
on the steps' positions (the rule is faq.statements.rollup). The tick keeps them
as readers tick, in the statements it already runs; an edit that renumbers the
steps recounts them for the article's runs, set-based."""

from django.db import connection, transaction

from faq.statements.rollup import (
    ARTICLE_CHECKS,
    ARTICLE_RUNS,
    EVERY_ROW,
    checks_recount_sql,
    runs_recount_sql,
)


@transaction.atomic
def funnel_recount(*, article_id: int | None = None) -> None:
    """Recount the rollup of one article's runs and checks (every article's when None)
    from the checks and the steps' current positions."""
    runs, checks = (EVERY_ROW, EVERY_ROW) if article_id is None else (ARTICLE_RUNS, ARTICLE_CHECKS)
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute(runs_recount_sql(vendor, where=runs), {"article": article_id})
        cursor.execute(checks_recount_sql(vendor, where=checks), {"article": article_id})

"""Every write to the knowledge base: views, the admin and commands call these."""

from faq.services.articles import (
    StepInput,
    article_create,
    article_save,
    step_list_save,
    team_get_or_create,
    topic_get_or_create,
)
from faq.services.content import content_version_bump
from faq.services.funnel import funnel_recount
from faq.services.inbox import inbox_backfill, inbox_items_mark
from faq.services.reads import (
    article_view_queue,
    article_view_record,
    article_views_flush,
    article_views_record,
    article_views_seed,
)
from faq.services.reviews import (
    article_review_due_set,
    article_review_mark,
    articles_review_mark,
)
from faq.services.tracking import (
    run_outcome_set,
    run_reset,
    runs_merge,
    step_check,
    step_uncheck,
    stuck_report_file,
)
from faq.services.visitors import visitor_get_or_create, visitor_merge
from faq.services.votes import CounterDrift, counters_recount, vote_cast, vote_explain

__all__ = [
    "CounterDrift",
    "StepInput",
    "article_create",
    "article_review_due_set",
    "article_review_mark",
    "article_save",
    "article_view_queue",
    "article_view_record",
    "article_views_flush",
    "article_views_record",
    "article_views_seed",
    "articles_review_mark",
    "content_version_bump",
    "counters_recount",
    "funnel_recount",
    "inbox_backfill",
    "inbox_items_mark",
    "run_outcome_set",
    "run_reset",
    "runs_merge",
    "step_check",
    "step_list_save",
    "step_uncheck",
    "stuck_report_file",
    "team_get_or_create",
    "topic_get_or_create",
    "visitor_get_or_create",
    "visitor_merge",
    "vote_cast",
    "vote_explain",
]

"""Composed reads for pages: every prefetch and count a page needs, in one place."""

from faq.selectors.funnel import ArticleStatistics, FunnelRow, article_statistics
from faq.selectors.health import readiness
from faq.selectors.history import (
    ArticleDiff,
    FieldChange,
    StepChange,
    VersionRow,
    article_diff,
    article_versions,
)
from faq.selectors.inbox import InboxContext, inbox_item_context, inbox_new_count
from faq.selectors.pages import (
    ArticlePage,
    HomePage,
    article_page,
    home_page,
    related_articles,
    sitemap_articles,
    topic_articles,
    visitor_vote,
    vote_panel,
)
from faq.selectors.preview import DraftStep, draft_page
from faq.selectors.progress import ActiveRun, Progress, StepRow
from faq.selectors.readers import (
    ArticleCounters,
    ReaderState,
    Visit,
    article_counters,
    article_state_from,
    article_state_query,
    article_visit,
    reader_state,
    step_progress,
    view_written,
)
from faq.selectors.reviews import ReviewCounts, review_counts
from faq.selectors.statistics import (
    Overview,
    OverviewRow,
    Period,
    statistics_overview,
    wilson_lower_bound,
)
from faq.selectors.versions import (
    LivePeriod,
    StepPair,
    VersionComparison,
    VersionLife,
    version_comparison,
    version_lives,
)

__all__ = [
    "ActiveRun",
    "ArticleCounters",
    "ArticleDiff",
    "ArticlePage",
    "ArticleStatistics",
    "DraftStep",
    "FieldChange",
    "FunnelRow",
    "HomePage",
    "InboxContext",
    "LivePeriod",
    "Overview",
    "OverviewRow",
    "Period",
    "Progress",
    "ReaderState",
    "ReviewCounts",
    "StepChange",
    "StepPair",
    "StepRow",
    "VersionComparison",
    "VersionLife",
    "VersionRow",
    "Visit",
    "article_counters",
    "article_diff",
    "article_page",
    "article_state_from",
    "article_state_query",
    "article_statistics",
    "article_versions",
    "article_visit",
    "draft_page",
    "home_page",
    "inbox_item_context",
    "inbox_new_count",
    "reader_state",
    "readiness",
    "related_articles",
    "review_counts",
    "sitemap_articles",
    "statistics_overview",
    "step_progress",
    "topic_articles",
    "version_comparison",
    "version_lives",
    "view_written",
    "visitor_vote",
    "vote_panel",
    "wilson_lower_bound",
]

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
    Progress,
    StepRow,
    article_counters,
    article_page,
    home_page,
    reader_state,
    related_articles,
    sitemap_articles,
    step_progress,
    topic_articles,
    visitor_vote,
    vote_panel,
)
from faq.selectors.preview import DraftStep, draft_page
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
    "ReviewCounts",
    "StepChange",
    "StepPair",
    "StepRow",
    "VersionComparison",
    "VersionLife",
    "VersionRow",
    "article_counters",
    "article_diff",
    "article_page",
    "article_statistics",
    "article_versions",
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
    "visitor_vote",
    "vote_panel",
    "wilson_lower_bound",
]

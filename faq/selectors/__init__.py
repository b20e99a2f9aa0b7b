"""Composed reads for pages: every prefetch and count a page needs, in one place."""

from faq.selectors.funnel import ArticleStatistics, FunnelRow, article_statistics
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
from faq.selectors.reviews import ReviewCounts, review_counts
from faq.selectors.statistics import (
    Overview,
    OverviewRow,
    Period,
    statistics_overview,
    wilson_lower_bound,
)

__all__ = [
    "ArticlePage",
    "ArticleStatistics",
    "FunnelRow",
    "HomePage",
    "InboxContext",
    "Overview",
    "OverviewRow",
    "Period",
    "Progress",
    "ReviewCounts",
    "StepRow",
    "article_counters",
    "article_page",
    "article_statistics",
    "home_page",
    "inbox_item_context",
    "inbox_new_count",
    "reader_state",
    "related_articles",
    "review_counts",
    "sitemap_articles",
    "statistics_overview",
    "step_progress",
    "topic_articles",
    "visitor_vote",
    "vote_panel",
    "wilson_lower_bound",
]

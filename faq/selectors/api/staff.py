"""What the API gives a token: staff data (statistics, a funnel, the inbox) and what a
draft it wrote answers."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from faq.models import (
    ApiToken,
    Article,
    InboxItem,
)
from faq.models.integrations import TOKEN_PREFIX, token_digest
from faq.selectors.funnel import article_statistics
from faq.selectors.statistics import OverviewRow, Period, statistics_overview


def api_token_find(*, text: str) -> ApiToken | None:
    """The active token whose text this is, if any."""
    if not text.startswith(TOKEN_PREFIX) or len(text) > 100:
        return None
    return ApiToken.objects.active().filter(digest=token_digest(text)).first()


def _overview_row(row: OverviewRow) -> dict[str, Any]:
    return {
        "article_id": row.article_id,
        "question": row.question,
        "status": row.status,
        "views": row.views,
        "yes": row.yes,
        "no": row.no,
        "started": row.started,
        "finished": row.finished,
        "worked": row.worked,
        "failed": row.failed,
        "stuck": row.stuck,
    }


def api_statistics(*, period: Period) -> dict[str, Any]:
    """Every article's numbers over the period, as the statistics overview counts them."""
    overview = statistics_overview(period=period, page=None)
    return {
        "first_day": period.first_day,
        "last_day": period.last_day,
        "totals": _overview_row(overview.totals),
        "articles": [_overview_row(row) for row in overview.rows],
    }


def api_funnel(*, article_id: int, period: Period) -> dict[str, Any]:
    """An article's step funnel over the period (drafts too: staff read it); raises
    Article.DoesNotExist."""
    found = article_statistics(article=Article.objects.get(pk=article_id), period=period)
    return {
        "article_id": article_id,
        "question": found.article.question,
        "first_day": period.first_day,
        "last_day": period.last_day,
        "started": found.summary.started,
        "finished": found.summary.finished,
        "steps": [
            {
                "step_id": row.step_id,
                "position": row.position,
                "text": row.text,
                "reached": row.reached,
                "went_on": row.went_on,
                "stuck": row.stuck,
                "asked": row.asked,
                "median_seconds": row.median_seconds,
            }
            for row in found.steps
        ],
    }


def _inbox_message(item: InboxItem) -> str:
    if item.question is not None:
        return item.question.question
    if item.stuck_report is not None:
        return item.stuck_report.message
    if item.vote is not None:
        return item.vote.comment
    return ""


def api_inbox(*, status: str, before: int | None, limit: int) -> list[dict[str, Any]]:
    """Inbox items, newest first: "open" ones, "all", or those of one status."""
    items = InboxItem.objects.select_related(
        "article", "step", "vote", "stuck_report", "question"
    ).order_by("-pk")
    if status == "open":
        items = items.open()
    elif status != "all":
        items = items.filter(status=status)
    if before is not None:
        items = items.filter(pk__lt=before)
    return [
        {
            "id": item.pk,
            "kind": item.kind,
            "status": item.status,
            "created_at": item.created_at.isoformat(),
            "language": item.language,
            "article": None
            if item.article is None
            else {"id": item.article.pk, "question": item.article.question},
            "step": None if item.step is None else item.step.position,
            "message": _inbox_message(item),
        }
        for item in items[:limit]
    ]


def api_draft(*, article_id: int) -> dict[str, Any]:
    """What the API answers about a draft it wrote: its id, status and where to edit it."""
    article = Article.objects.only("pk", "status", "question").get(pk=article_id)
    return {
        "id": article.pk,
        "status": article.status,
        "question": article.question,
        "admin_url": settings.SITE_URL + reverse("admin:faq_article_change", args=[article.pk]),
    }

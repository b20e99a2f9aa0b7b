"""Reads around search: what a reader sees when nothing matched, and what readers searched."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from faq.models import Article, SearchDay, Topic
from faq.models.audiences import PUBLIC

FALLBACK_ARTICLES = 5
REPORT_ROWS = 100


@dataclass(frozen=True)
class NoResults:
    most_read: list[Article]
    topics: list[Topic]


def search_no_results(*, audiences: Sequence[str] = PUBLIC) -> NoResults:
    """Where to go next when a search found nothing: the most read a reader of `audiences`
    may read, the topics they may see (and the team, through /ask/)."""
    return NoResults(
        most_read=list(
            Article.objects.readable(audiences)
            .most_viewed()
            .only("pk", "slug", "question", "audience")[:FALLBACK_ARTICLES]
        ),
        topics=search_topics(audiences=audiences),
    )


def search_topics(*, audiences: Sequence[str] = PUBLIC) -> list[Topic]:
    """Topics a reader of `audiences` may narrow a search to (no counts: counting costs a
    pass over every article)."""
    return list(Topic.objects.readable(audiences).only("pk", "name", "slug"))


@dataclass(frozen=True)
class SearchRow:
    query: str
    searches: int
    results: int
    opened: int
    days: int

    @property
    def opened_share(self) -> float | None:
        return self.opened / self.searches if self.searches else None


REPORTS: dict[str, str | Promise] = {
    "frequent": _("Most frequent searches"),
    "none": _("Searches with no results"),
    "unopened": _("Searches whose results nobody opened"),
}


def search_report(
    *,
    report: str,
    start: date,
    end: date,
    language: str | None = None,
    limit: int | None = REPORT_ROWS,
) -> list[SearchRow]:
    """One of REPORTS for the days start..end, most searched first; with `language`, the
    searches made in it, else in every language."""
    searched = SearchDay.objects.filter(day__gte=start, day__lte=end)
    if language is not None:
        searched = searched.filter(language=language)
    # A query has a row for each day and language it was searched in: its results
    # are the average of those rows' counts, its days the days among them.
    rows = (
        searched.values("query")
        .annotate(
            total=Sum("searches"),
            found=Sum("results"),
            opens=Sum("opened"),
            days=Count("day", filter=Q(searches__gt=0), distinct=True),
            counted=Count("pk", filter=Q(searches__gt=0)),
            empty=Count("pk", filter=Q(results=0, searches__gt=0)),
        )
        .filter(total__gt=0)
    )
    if report == "none":
        # No result on any day it was searched in the range, in any language.
        rows = rows.filter(empty=F("counted"))
    elif report == "unopened":
        rows = rows.filter(opens=0, found__gt=0)
    rows = rows.order_by("-total", "query")
    if limit is not None:
        rows = rows[:limit]
    return [
        SearchRow(
            query=r["query"],
            searches=r["total"],
            results=round(r["found"] / r["counted"]) if r["counted"] else 0,
            opened=r["opens"],
            days=r["days"],
        )
        for r in rows
    ]

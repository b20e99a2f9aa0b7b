"""Votes on "Was this helpful?" and the counters beside them."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from faq.models import Article, ArticleView, VisitorRef, Vote
from faq.services.content import content_version_bump
from faq.services.inbox import inbox_vote_follow, inbox_vote_reopen
from faq.services.visitors import visitor_row_make
from faq.transactions import in_transaction


def _era(article_id: int) -> int:
    return Article.objects.filter(pk=article_id).values_list("vote_era", flat=True).get()


@in_transaction
def _shift(article_id: int, era: int, *, yes: int = 0, no: int = 0) -> None:
    """Move the counters, unless helpfulness started afresh since the vote's era began."""
    changes = {}
    if yes:
        changes["yes_count"] = F("yes_count") + yes
    if no:
        changes["no_count"] = F("no_count") + no
    if changes:
        Article.objects.filter(pk=article_id, vote_era=era).update(**changes)


@transaction.atomic
def vote_cast(*, article: Article, visitor: VisitorRef, helpful: bool, language: str) -> Vote:
    """Record or change a visitor's vote, cast in `language`; the same vote again changes
    nothing (its language included)."""
    row = visitor_row_make(visitor)
    era = _era(article.pk)
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                article=article, visitor=row, helpful=helpful, era=era, language=language
            )
    except IntegrityError:
        # Already voted (perhaps a double click racing this request): lock and compare.
        vote = Vote.objects.select_for_update().get(article=article, visitor=row, era=era)
    else:
        _shift(article.pk, era, yes=int(helpful), no=int(not helpful))
        inbox_vote_follow(vote=vote)
        return vote
    if vote.helpful == helpful:
        return vote
    vote.helpful = helpful
    vote.reason, vote.comment = "", ""
    vote.language = language
    vote.updated_at = timezone.now()
    vote.save(update_fields=["helpful", "reason", "comment", "language", "updated_at"])
    _shift(article.pk, era, yes=1 if helpful else -1, no=-1 if helpful else 1)
    inbox_vote_follow(vote=vote)
    return vote


@transaction.atomic
def helpfulness_restart(*, article: Article, now: datetime | None = None) -> Article:
    """Start "Was this helpful?" afresh after a rewrite: the old votes stay with their era."""
    now = now or timezone.now()
    Article.objects.filter(pk=article.pk).update(
        vote_era=F("vote_era") + 1, helpful_since=now, yes_count=0, no_count=0
    )
    content_version_bump()
    article.refresh_from_db(fields=["vote_era", "helpful_since", "yes_count", "no_count"])
    return article


@transaction.atomic
def vote_explain(
    *, article: Article, visitor: VisitorRef, reason: str, comment: str, language: str
) -> Vote:
    """Say why an article did not help, in `language`, casting the "No" if it was not cast
    yet; the vote then carries the language its words are in."""
    vote = vote_cast(article=article, visitor=visitor, helpful=False, language=language)
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    said = (reason, comment.strip())
    if said == (vote.reason, vote.comment):
        return vote
    vote.reason, vote.comment = said
    vote.language = language
    vote.updated_at = timezone.now()
    vote.save(update_fields=["reason", "comment", "language", "updated_at"])
    inbox_vote_reopen(vote=vote)
    return vote


@dataclass(frozen=True)
class CounterDrift:
    article_id: int
    field: str
    stored: int
    actual: int


def counters_recount(*, fix: bool = False) -> list[CounterDrift]:
    """Compare each article's counters with its rows; with fix=True, correct them.

    The comparison is a report, read outside a transaction so it locks nothing;
    the corrections are one transaction, each recomputed inside its UPDATE, so a
    vote cast between the report and the fix is not lost."""
    actual = Article.objects.annotate(
        yes_rows=Count(
            "votes", filter=Q(votes__helpful=True, votes__era=F("vote_era")), distinct=True
        ),
        no_rows=Count(
            "votes", filter=Q(votes__helpful=False, votes__era=F("vote_era")), distinct=True
        ),
    ).values("pk", "yes_count", "no_count", "view_count", "yes_rows", "no_rows")
    views = dict(
        ArticleView.objects.values("article").annotate(n=Count("pk")).values_list("article", "n")
    )
    drifts = []
    for row in actual:
        for field, rows in (
            ("yes_count", row["yes_rows"]),
            ("no_count", row["no_rows"]),
            ("view_count", views.get(row["pk"], 0)),
        ):
            if row[field] != rows:
                drifts.append(CounterDrift(row["pk"], field, row[field], rows))
    if fix:
        with transaction.atomic():
            for drift in drifts:
                # Recomputed inside the UPDATE so a concurrent write is not lost.
                Article.objects.filter(pk=drift.article_id).update(
                    **{drift.field: _live_count(drift.article_id, drift.field)}
                )
    return drifts


def _live_count(article_id: int, field: str) -> Coalesce:
    rows: QuerySet[ArticleView] | QuerySet[Vote]
    if field == "view_count":
        rows = ArticleView.objects.filter(article_id=article_id)
    else:
        rows = Vote.objects.filter(
            article_id=article_id, helpful=(field == "yes_count"), era=_era(article_id)
        )
    return Coalesce(Subquery(rows.values("article_id").annotate(n=Count("pk")).values("n")[:1]), 0)

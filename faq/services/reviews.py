"""Review dates: when each article is due for review, and marking it reviewed."""

import calendar
from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from faq.models import Article, ArticleTranslation
from faq.models.articles import DEFAULT_REVIEW_MONTHS
from faq.models.visitors import AnyUser
from faq.services.content import content_version_bump


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day (31 Jan + 1 is 28 or 29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_months(*, article_ids: Iterable[int]) -> dict[int, int]:
    """Each article's review period: the shortest its topics ask for, else the default."""
    ids = list(article_ids)
    shortest = dict(
        Article.topics.through.objects.filter(
            article_id__in=ids, topic__review_months__isnull=False
        )
        .values("article_id")
        .annotate(months=Min("topic__review_months"))
        # django-stubs cannot see a name made by annotate() in values_list().
        .values_list("article_id", "months")  # type: ignore[misc]
    )
    return {pk: shortest.get(pk, DEFAULT_REVIEW_MONTHS) for pk in ids}


def review_by_default(article: Article, months: int) -> date:
    """A period after the article was last updated or reviewed, in the site's time zone."""
    return months_after(timezone.localdate(article.reviewed_at), months)


@transaction.atomic
def article_review_due_set(*, article_ids: Iterable[int]) -> int:
    """Work out the review-by dates again (after topics or periods changed), keeping the dates
    editors chose; return how many moved."""
    ids = list(article_ids)
    articles = list(
        Article.objects.filter(pk__in=ids, review_by_chosen=False)
        .only("pk", "review_by", "updated_at", "last_reviewed_at")
        .select_for_update()
    )
    periods = review_months(article_ids=[a.pk for a in articles])
    moved = []
    for article in articles:
        due = review_by_default(article, periods[article.pk])
        if due != article.review_by:
            article.review_by = due
            moved.append(article)
    if moved:
        Article.objects.bulk_update(moved, ["review_by"], batch_size=500)
        # Whether the page says "may be out of date" follows the date.
        content_version_bump()
    _translations_review_due_set(article_ids=ids)
    return len(moved)


def _translations_review_due_set(*, article_ids: list[int]) -> None:
    """Translations' review dates follow their article's period too, unless chosen."""
    translations = list(
        ArticleTranslation.objects.filter(article_id__in=article_ids, review_by_chosen=False)
        .only("pk", "article_id", "review_by", "updated_at", "last_reviewed_at")
        .select_for_update()
    )
    if not translations:
        return
    periods = review_months(article_ids={t.article_id for t in translations})
    moved = []
    for item in translations:
        reviewed = max(filter(None, [item.updated_at, item.last_reviewed_at]))
        due = months_after(timezone.localdate(reviewed), periods[item.article_id])
        if due != item.review_by:
            item.review_by = due
            moved.append(item)
    ArticleTranslation.objects.bulk_update(moved, ["review_by"], batch_size=500)


@transaction.atomic
def articles_review_mark(
    *, article_ids: Iterable[int], user: AnyUser, now: datetime | None = None
) -> int:
    """Record that `user` reviewed these articles now: the next review is a period on from
    today, and Last Updated stays as it is. Returns how many were marked."""
    now = now or timezone.now()
    articles = list(
        Article.objects.filter(pk__in=list(article_ids))
        .only("pk", "review_by", "updated_at", "last_reviewed_at")
        .select_for_update()
    )
    periods = review_months(article_ids=[a.pk for a in articles])
    for article in articles:
        article.last_reviewed_at = now
        article.last_reviewed_by = user if isinstance(user, get_user_model()) else None
        # A review answers the question an editor's chosen date asked.
        article.review_by_chosen = False
        article.review_by = review_by_default(article, periods[article.pk])
    Article.objects.bulk_update(
        articles,
        ["last_reviewed_at", "last_reviewed_by", "review_by_chosen", "review_by"],
        batch_size=500,
    )
    if articles:
        content_version_bump()
    return len(articles)


@transaction.atomic
def article_review_mark(*, article: Article, user: AnyUser, now: datetime | None = None) -> Article:
    """Mark one article reviewed by `user` (see articles_review_mark); returns it fresh."""
    articles_review_mark(article_ids=[article.pk], user=user, now=now)
    article.refresh_from_db()
    return article

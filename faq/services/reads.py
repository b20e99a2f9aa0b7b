"""Counted reads of articles."""

from datetime import date, timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from faq.models import Article, ArticleView


def article_view_record(*, article: Article, visitor_key: str, day: date | None = None) -> bool:
    """Count a read once per visitor per article per day; return whether it counted."""
    day = day or timezone.localdate()
    # A repeat view is answered from the cache without touching the database;
    # the unique constraint keeps the count right when caches disagree.
    marker = f"faq:viewed:{article.pk}:{visitor_key}:{day.isoformat()}"
    if not cache.add(marker, 1, timeout=int(timedelta(days=1).total_seconds()) + 60):
        return False
    if ArticleView.objects.filter(article=article, visitor_key=visitor_key, day=day).exists():
        return False
    try:
        with transaction.atomic():
            ArticleView.objects.create(article=article, visitor_key=visitor_key, day=day)
            Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def article_views_seed(*, article: Article, count: int, last_day: date) -> None:
    """Back a demo article's view count with view rows, one reader a day apart."""
    ArticleView.objects.bulk_create(
        ArticleView(
            article=article, visitor_key=f"demo:{i}", day=last_day - timedelta(days=i % 365)
        )
        for i in range(count)
    )
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + count)

"""Review dates: the default, a period per topic, a chosen date, Mark reviewed, the counts."""

from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from faq import selectors, services
from faq.models import Article, Topic
from faq.services.reviews import months_after
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db


def at(day: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(f"{day}T10:00"))


def topic(name: str, months: int | None) -> Topic:
    return services.topic_get_or_create(name=name, review_months=months)


def test_months_after_keeps_the_day_or_takes_the_months_last():
    assert months_after(date(2025, 3, 14), 12) == date(2026, 3, 14)
    assert months_after(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert months_after(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert months_after(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_an_article_is_due_a_year_after_its_last_update():
    article = make_article(updated_at=at("2025-03-14"))
    assert article.review_by == date(2026, 3, 14)
    assert not article.review_by_chosen


def test_a_topic_period_sets_the_date_and_the_shortest_of_its_topics_wins():
    licences, nvivo = topic("Licences", 6), topic("NVivo", 3)
    plain = topic("Plain", None)
    assert make_article(topics=[licences], updated_at=at("2025-03-14")).review_by == date(
        2025, 9, 14
    )
    both = make_article(topics=[plain, licences, nvivo], updated_at=at("2025-03-14"))
    assert both.review_by == date(2025, 6, 14)


def test_a_topic_period_out_of_range_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        Topic.objects.create(name="Never", slug="never", review_months=0)


def test_changing_a_topic_period_moves_its_articles_dates_but_not_chosen_ones():
    licences = topic("Licences", None)
    article = make_article(topics=[licences], updated_at=at("2025-03-14"))
    chosen = make_article(topics=[licences], updated_at=at("2025-03-14"))
    services.article_save(article=chosen, review_by=date(2025, 5, 1))
    Topic.objects.filter(pk=licences.pk).update(review_months=6)
    moved = services.article_review_due_set(article_ids=[article.pk, chosen.pk])
    assert moved == 1
    article.refresh_from_db()
    chosen.refresh_from_db()
    assert article.review_by == date(2025, 9, 14)
    assert chosen.review_by == date(2025, 5, 1)


def test_a_chosen_date_is_kept_through_saves_that_leave_the_text_alone():
    article = make_article(updated_at=at("2025-03-14"))
    services.article_save(article=article, review_by=date(2025, 4, 30))
    article.refresh_from_db()
    assert (article.review_by, article.review_by_chosen) == (date(2025, 4, 30), True)
    article.status = Article.Status.DRAFT
    services.article_save(article=article)
    article.refresh_from_db()
    assert article.review_by == date(2025, 4, 30)


def test_new_text_starts_a_new_period_over_a_chosen_date():
    article = make_article(updated_at=at("2025-03-14"))
    services.article_save(article=article, review_by=date(2025, 4, 30))
    article.answer_intro = "A rewritten answer."
    services.article_save(article=article, now=at("2025-06-02"))
    article.refresh_from_db()
    assert article.updated_at == at("2025-06-02")
    assert (article.review_by, article.review_by_chosen) == (date(2026, 6, 2), False)


def test_dropping_a_chosen_date_goes_back_to_the_default():
    article = make_article(updated_at=at("2025-03-14"))
    services.article_save(article=article, review_by=date(2025, 4, 30))
    services.article_save(article=article, review_by_default_again=True)
    article.refresh_from_db()
    assert (article.review_by, article.review_by_chosen) == (date(2026, 3, 14), False)


def test_mark_reviewed_moves_the_date_on_and_leaves_last_updated():
    editor = make_staff("ann", "Ann", "Editor")
    article = make_article(topics=[topic("Licences", 6)], updated_at=at("2024-01-09"))
    services.article_save(article=article, review_by=date(2024, 3, 1))
    before = timezone.now()
    article = services.article_review_mark(article=article, user=editor, now=at("2025-11-20"))
    assert article.updated_at == at("2024-01-09")
    assert article.last_reviewed_at == at("2025-11-20")
    assert article.last_reviewed_by == editor
    assert (article.review_by, article.review_by_chosen) == (date(2026, 5, 20), False)
    # Today by default.
    services.article_review_mark(article=article, user=editor)
    article.refresh_from_db()
    assert article.last_reviewed_at >= before
    assert article.review_by == months_after(timezone.localdate(), 6)


def test_a_review_counts_as_the_start_of_the_next_period_on_later_saves():
    editor = make_staff()
    article = make_article(updated_at=at("2024-01-09"))
    services.article_review_mark(article=article, user=editor, now=at("2025-11-20"))
    article.refresh_from_db()
    article.status = Article.Status.DRAFT
    services.article_save(article=article)
    article.refresh_from_db()
    assert article.review_by == date(2026, 11, 20)


def test_mark_reviewed_makes_cached_pages_stale():
    from faq.models import ContentVersion

    article = make_article()
    before = ContentVersion.objects.get().value
    services.article_review_mark(article=article, user=make_staff())
    assert ContentVersion.objects.get().value == before + 1


def test_due_overdue_and_ok_querysets_and_the_index_counts():
    today = date(2026, 11, 25)
    overdue = make_article(updated_at=at("2025-11-24"))  # due 2026-11-24
    today_due = make_article(updated_at=at("2025-11-25"))
    soon = make_article(updated_at=at("2025-12-25"))  # due in 30 days
    ok = make_article(updated_at=at("2025-12-26"))
    draft = make_article(updated_at=at("2024-01-01"), status=Article.Status.DRAFT)
    ids = lambda qs: set(qs.values_list("pk", flat=True))  # noqa: E731
    articles = Article.objects.all()
    assert ids(articles.review_overdue(today)) == {overdue.pk, draft.pk}
    assert ids(articles.review_due_soon(today)) == {today_due.pk, soon.pk}
    assert ids(articles.review_due(today)) == {overdue.pk, today_due.pk, soon.pk, draft.pk}
    assert ids(articles.review_ok(today)) == {ok.pk}
    counts = selectors.review_counts(today=today)
    # Drafts are nobody's reading: not counted.
    assert (counts.overdue, counts.due_soon, counts.due) == (1, 2, 3)


def test_review_counts_is_one_query(django_assert_num_queries):
    make_article(updated_at=at("2024-01-01"))
    with django_assert_num_queries(1):
        selectors.review_counts(today=date(2026, 11, 25))


def test_the_reader_note_is_due_only_well_past_the_date():
    article = make_article(updated_at=at("2025-01-10"))  # due 2026-01-10
    assert not article.review_note_due(date(2026, 1, 10) + timedelta(days=90))
    assert article.review_note_due(date(2026, 1, 10) + timedelta(days=91))

"""Services for votes, views and visitors."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, transaction

from faq import services
from faq.models import Article, ArticleView, InboxItem, Visitor, Vote
from tests.factories import make_article, make_visitor

pytestmark = pytest.mark.django_db


def counts(article):
    article.refresh_from_db()
    return article.yes_count, article.no_count


def test_first_vote_counts():
    article = make_article()
    services.vote_cast(article=article, visitor=make_visitor().ref, helpful=True, language="en")
    services.vote_cast(article=article, visitor=make_visitor().ref, helpful=False, language="en")
    assert counts(article) == (1, 1)


def test_same_vote_twice_changes_nothing():
    article, visitor = make_article(), make_visitor()
    first = services.vote_cast(article=article, visitor=visitor.ref, helpful=True, language="en")
    second = services.vote_cast(article=article, visitor=visitor.ref, helpful=True, language="en")
    assert first.pk == second.pk
    assert counts(article) == (1, 0)
    assert Vote.objects.count() == 1


def test_changing_the_answer_moves_the_vote():
    article, visitor = make_article(), make_visitor()
    services.vote_cast(article=article, visitor=visitor.ref, helpful=True, language="en")
    services.vote_cast(article=article, visitor=visitor.ref, helpful=False, language="en")
    assert counts(article) == (0, 1)
    services.vote_cast(article=article, visitor=visitor.ref, helpful=True, language="en")
    assert counts(article) == (1, 0)


def test_reason_casts_no_and_is_cleared_by_a_later_yes():
    article, visitor = make_article(), make_visitor()
    vote = services.vote_explain(
        article=article,
        visitor=visitor.ref,
        reason="out_of_date",
        comment="  Menu moved.  ",
        language="en",
    )
    assert (vote.helpful, vote.reason, vote.comment) == (False, "out_of_date", "Menu moved.")
    assert counts(article) == (0, 1)
    services.vote_cast(article=article, visitor=visitor.ref, helpful=True, language="en")
    vote.refresh_from_db()
    assert (vote.helpful, vote.reason, vote.comment) == (True, "", "")


def test_a_vote_carries_the_language_of_its_latest_cast():
    article, visitor = make_article(), make_visitor()
    vote = services.vote_cast(article=article, visitor=visitor.ref, helpful=True, language="sv")
    assert Vote.objects.get(pk=vote.pk).language == "sv"
    # The same answer again changes nothing, its language included.
    services.vote_cast(article=article, visitor=visitor.ref, helpful=True, language="en")
    assert Vote.objects.get(pk=vote.pk).language == "sv"
    services.vote_cast(article=article, visitor=visitor.ref, helpful=False, language="de")
    assert Vote.objects.get(pk=vote.pk).language == "de"
    assert InboxItem.objects.get(vote=vote).language == "de"
    # Its reason is said in a language too: the vote and its inbox item take it.
    services.vote_explain(
        article=article, visitor=visitor.ref, reason="other", comment="Hej", language="sv"
    )
    assert Vote.objects.get(pk=vote.pk).language == "sv"
    assert InboxItem.objects.get(vote=vote).language == "sv"


def test_database_refuses_a_language_that_is_not_configured():
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            article=make_article(), visitor=make_visitor(), helpful=True, language="xx"
        )


def test_database_allows_one_vote_per_visitor_and_article():
    article, visitor = make_article(), make_visitor()
    Vote.objects.create(article=article, visitor=visitor, helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(article=article, visitor=visitor, helpful=False)


def test_database_refuses_a_reason_on_yes():
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            article=make_article(), visitor=make_visitor(), helpful=True, reason="other"
        )


def test_view_counts_once_a_day_per_visitor():
    article = make_article()
    assert services.article_view_record(article=article, visitor_key="a:1", language="en") is True
    assert services.article_view_record(article=article, visitor_key="a:1", language="en") is False
    assert services.article_view_record(article=article, visitor_key="a:2", language="en") is True
    tomorrow = date.today() + timedelta(days=1)
    assert services.article_view_record(
        article=article, visitor_key="a:1", day=tomorrow, language="en"
    )
    article.refresh_from_db()
    assert article.view_count == 3 == ArticleView.objects.count()


def test_a_view_keeps_the_language_of_the_days_first_read():
    article = make_article()
    services.article_view_record(article=article, visitor_key="a:1", language="de")
    services.article_view_record(article=article, visitor_key="a:1", language="en")
    services.article_view_record(article=article, visitor_key="a:2", language="sv")
    assert dict(ArticleView.objects.values_list("visitor_key", "language")) == {
        "a:1": "de",
        "a:2": "sv",
    }


def test_a_read_the_database_holds_already_queues_nothing():
    article = make_article()
    services.article_view_record(article=article, visitor_key="a:1", language="en")
    assert not services.article_view_queue(
        article_id=article.pk, visitor_key="a:1", written=True, language="en"
    )
    assert services.article_views_flush() == 0


def test_view_already_in_the_database_is_not_counted_again_when_the_cache_forgets():
    article = make_article()
    services.article_view_record(article=article, visitor_key="a:1", language="en")
    cache.clear()
    assert services.article_view_record(article=article, visitor_key="a:1", language="en") is False
    article.refresh_from_db()
    assert article.view_count == 1


def test_visitor_get_or_create_is_idempotent(django_user_model):
    key = uuid.uuid4()
    assert services.visitor_get_or_create(key=key) == services.visitor_get_or_create(key=key)
    user = django_user_model.objects.create_user("reader")
    assert services.visitor_get_or_create(user_id=user.pk).user == user
    with pytest.raises(ValueError, match="exactly one"):
        services.visitor_get_or_create()


def test_database_refuses_a_visitor_with_no_identity():
    with pytest.raises(IntegrityError), transaction.atomic():
        Visitor.objects.create(key=None, user=None)


def test_merge_gives_anonymous_history_to_a_new_account(django_user_model):
    article, anonymous = make_article(), make_visitor()
    services.vote_cast(article=article, visitor=anonymous.ref, helpful=True, language="en")
    user = django_user_model.objects.create_user("reader")
    services.visitor_merge(key=anonymous.key, user_id=user.pk)
    anonymous.refresh_from_db()
    assert anonymous.user == user
    assert anonymous.key is None
    assert counts(article) == (1, 0)


def test_merge_newer_vote_wins_and_counters_follow(django_user_model):
    user = django_user_model.objects.create_user("reader")
    mine = services.visitor_get_or_create(user_id=user.pk)
    anonymous = make_visitor()
    older, newer, only_anon = make_article(), make_article(), make_article()
    services.vote_cast(article=older, visitor=anonymous.ref, helpful=False, language="en")
    services.vote_cast(
        article=older, visitor=mine.ref, helpful=True, language="en"
    )  # account's is newer
    services.vote_cast(article=newer, visitor=mine.ref, helpful=True, language="en")
    services.vote_cast(
        article=newer, visitor=anonymous.ref, helpful=False, language="en"
    )  # anonymous newer
    services.vote_cast(article=only_anon, visitor=anonymous.ref, helpful=True, language="en")
    services.visitor_merge(key=anonymous.key, user_id=user.pk)
    assert not Visitor.objects.filter(pk=anonymous.pk).exists()
    votes = {v.article_id: v.helpful for v in Vote.objects.filter(visitor=mine)}
    assert votes == {older.pk: True, newer.pk: False, only_anon.pk: True}
    assert counts(older) == (1, 0)
    assert counts(newer) == (0, 1)
    assert counts(only_anon) == (1, 0)
    assert services.counters_recount() == []


def test_merge_without_anonymous_history_does_nothing(django_user_model):
    user = django_user_model.objects.create_user("reader")
    assert services.visitor_merge(key=uuid.uuid4(), user_id=user.pk) is None


def test_recount_reports_and_fixes_drift(capsys):
    article = make_article()
    services.vote_cast(article=article, visitor=make_visitor().ref, helpful=True, language="en")
    services.article_view_record(article=article, visitor_key="a:1", language="en")
    assert services.counters_recount() == []
    Article.objects.filter(pk=article.pk).update(yes_count=7, view_count=0)
    with pytest.raises(SystemExit):
        call_command("recount_counters")
    assert "yes_count is 7, rows say 1" in capsys.readouterr().out
    call_command("recount_counters", "--fix")
    article.refresh_from_db()
    assert (article.yes_count, article.view_count) == (1, 1)
    call_command("recount_counters")

"""Starting "Was this helpful?" afresh after a rewrite: counters from that day, old votes kept."""

import pytest
from django.test import Client
from django.urls import reverse

from faq import services
from faq.models import Article, Vote
from tests.factories import make_article, make_visitor
from tests.test_admin import step_form

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0"}


def counts(article) -> tuple[int, int]:
    article.refresh_from_db()
    return article.yes_count, article.no_count


def test_a_fresh_start_zeroes_the_counters_and_keeps_the_old_votes():
    article = make_article("Q?")
    old_yes, old_no = make_visitor(), make_visitor()
    services.vote_cast(article=article, visitor=old_yes.ref, helpful=True, language="en")
    services.vote_explain(
        article=article, visitor=old_no.ref, reason="out_of_date", comment="Old", language="en"
    )
    services.helpfulness_restart(article=article)

    assert counts(article) == (0, 0)
    assert article.helpful_since is not None
    assert list(Vote.objects.filter(article=article).values_list("era", "helpful")) == [
        (0, True),
        (0, False),
    ]
    # A reader of the old version may judge the new one, once.
    services.vote_cast(article=article, visitor=old_no.ref, helpful=True, language="en")
    services.vote_cast(article=article, visitor=old_no.ref, helpful=True, language="en")
    assert counts(article) == (1, 0)
    assert Vote.objects.filter(article=article, visitor=old_no).count() == 2
    assert services.counters_recount() == []


def test_changing_a_vote_of_the_new_era_leaves_the_old_one_alone():
    article = make_article("Q?")
    visitor = make_visitor()
    services.vote_cast(article=article, visitor=visitor.ref, helpful=False, language="en")
    services.helpfulness_restart(article=article)
    services.vote_cast(article=article, visitor=visitor.ref, helpful=True, language="en")
    services.vote_cast(article=article, visitor=visitor.ref, helpful=False, language="en")
    assert counts(article) == (0, 1)
    assert sorted(Vote.objects.values_list("era", "helpful")) == [(0, False), (1, False)]


def test_a_merge_keeps_one_vote_per_era(django_user_model):
    article = make_article("Q?")
    user = django_user_model.objects.create_user(username="reader", password="x")
    account, anonymous = make_visitor(user), make_visitor()
    services.vote_cast(article=article, visitor=account.ref, helpful=False, language="en")
    services.helpfulness_restart(article=article)
    services.vote_cast(article=article, visitor=anonymous.ref, helpful=True, language="en")
    services.vote_cast(article=article, visitor=account.ref, helpful=False, language="en")
    services.visitor_merge(key=anonymous.key, user_id=user.pk)
    # In the new era the newer vote (the account's) wins; the old era's stays.
    assert sorted(Vote.objects.values_list("era", "helpful")) == [(0, False), (1, False)]
    assert counts(article) == (0, 1)
    assert services.counters_recount() == []


def test_the_page_says_since_when_on_the_very_next_view():
    article = make_article("Q?")
    reader = Client(**BROWSER)
    services.vote_cast(article=article, visitor=make_visitor().ref, helpful=True, language="en")
    page = reader.get(article.get_absolute_url()).content.decode()
    assert "counted since" not in page
    services.helpfulness_restart(article=article)
    page = reader.get(article.get_absolute_url()).content.decode()
    assert "Yes and No counted since" in page
    assert 'aria-label="0 people said yes"' in page


def test_a_reader_who_voted_before_sees_no_vote_of_theirs_after_a_fresh_start():
    article = make_article("Q?")
    reader = Client(**BROWSER)
    reader.get(article.get_absolute_url())
    reader.post(reverse("faq:vote", args=[article.pk, article.slug]), {"helpful": "yes"})
    assert 'aria-pressed="true"' in reader.get(article.get_absolute_url()).content.decode()
    services.helpfulness_restart(article=article)
    page = reader.get(article.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' not in page
    reader.post(
        reverse("faq:vote", args=[article.pk, article.slug]),
        {"helpful": "no"},
        HTTP_HX_REQUEST="true",
    )
    assert counts(article) == (0, 1)


def test_the_editor_ticks_start_afresh_when_saving_a_rewrite(admin_client):
    article = make_article("Q?")
    services.vote_cast(article=article, visitor=make_visitor().ref, helpful=False, language="en")
    data = step_form(article, [])
    data.update(answer_intro="Rewritten.", helpful_afresh="on", version_note="Rewrite.")
    admin_client.post(reverse("admin:faq_article_change", args=[article.pk]), data)
    assert counts(article) == (0, 0)
    assert Article.objects.get(pk=article.pk).vote_era == 1
    data.pop("helpful_afresh")
    admin_client.post(reverse("admin:faq_article_change", args=[article.pk]), data)
    assert Article.objects.get(pk=article.pk).vote_era == 1

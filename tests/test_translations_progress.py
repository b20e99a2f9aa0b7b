"""One set of steps under every language: ticks, stuck reports, votes and the funnel join
whatever language each reader used (on PostgreSQL, through the tick's function)."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from faq import selectors
from faq.models import Check, InboxItem, StuckReport, Vote
from faq.selectors.statistics import Period
from tests.factories import article_url_in, get_in, make_article, make_translation, post_in

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def article():
    made = make_article("How do I sync my Endnote library?", steps=13)
    make_translation(made, "sv", question="Hur synkar jag?", slug="synka")
    make_translation(made, "de", question="Wie synchronisiere ich?", slug="synchronisieren")
    return made


def tick(client, language, article, position, **headers):
    step = article.steps.get(position=position)
    url = f"{article_url_in(article, language)}steps/{step.pk}/"
    response = post_in(client, language, url, {"done": "1"}, **headers)
    assert response.status_code in (200, 303)
    return response


def page(client, language, article) -> str:
    response = get_in(client, language, article_url_in(article, language))
    assert response.status_code == 200
    return response.content.decode()


def this_week() -> Period:
    today = timezone.localdate()
    return Period(today - timedelta(days=6), today)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["form", "htmx"])
def test_ticks_in_swedish_show_in_english(article, headers):
    reader = Client()
    for position in (1, 2, 3):
        tick(reader, "sv", article, position, **headers)
    assert "3 av 13 steg klara" in page(reader, "sv", article)
    english = page(reader, "en", article)
    assert "3 of 13 steps done" in english
    assert "Resume at step 4" in english
    # German too, and a tick there counts on the same run.
    tick(reader, "de", article, 4, **headers)
    assert "4 of 13 steps done" in page(reader, "en", article)
    assert Check.objects.filter(run__article=article).count() == 4


def test_a_stuck_report_made_in_german_shows_in_the_funnel_with_the_english_steps(article):
    reader = Client()
    tick(reader, "de", article, 1)
    step = article.steps.get(position=2)
    url = f"{article_url_in(article, 'de')}steps/{step.pk}/stuck/"
    assert post_in(reader, "de", url, {"message": "Es geht nicht."}).status_code == 303
    report = StuckReport.objects.get()
    assert report.step == step
    assert InboxItem.objects.filter(stuck_report=report).exists()
    stats = selectors.article_statistics(article=article, period=this_week())
    second = stats.steps[1]
    assert (second.step_id, second.position, second.stuck) == (step.pk, 2, 1)
    assert second.text == "Do thing number 2."
    assert [m.message for m in second.messages] == ["Es geht nicht."]
    # The reader sees the report on the English page as theirs.
    assert "The team knows you are stuck on step 2" in page(reader, "en", article)


def test_the_funnel_counts_ticks_from_every_language_on_one_step(article):
    for language in ("en", "sv", "de", "sv"):
        reader = Client()
        tick(reader, language, article, 1)
        tick(reader, language, article, 2)
    stats = selectors.article_statistics(article=article, period=this_week())
    assert [row.reached for row in stats.steps[:3]] == [4, 4, 0]
    assert stats.summary.started == 4


def test_votes_are_one_count_across_languages(article):
    swedish, german = Client(), Client()
    for client, language, helpful in ((swedish, "sv", "yes"), (german, "de", "no")):
        url = f"{article_url_in(article, language)}vote/"
        assert post_in(client, language, url, {"helpful": helpful}).status_code == 303
    assert Vote.objects.filter(article=article).count() == 2
    english = page(Client(), "en", article)
    assert 'aria-label="1 people said yes"' in english
    assert 'aria-label="1 people said no"' in english
    # A Swedish reader's vote is theirs on the English page too.
    pressed = re.compile(r'id="vote-yes"[^>]*aria-pressed="true"')
    assert pressed.search(page(swedish, "en", article))
    assert not pressed.search(english)

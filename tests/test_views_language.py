"""Every counted reader action keeps the language the page was read in: ticks, runs, stuck
reports, outcomes, votes, views and searches, through the reader's views, with and
without htmx."""

import pytest
from django.test import Client
from django.urls import translate_url
from django.utils import translation

from faq import services
from faq.http import reader_language
from faq.models import ArticleView, Check, InboxItem, Run, SearchDay, StuckReport, Vote
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0 Safari/537.36"}


def in_language(client, language: str, method: str, url: str, data=None, **extra):
    """A request as a reader in `language` makes it: to the address in that language where
    the site has one (/sv/...), with the language active where it has none yet."""
    # Worked out while English is active: an English address resolves only then.
    address = translate_url(url, language)
    with translation.override(language):
        return getattr(client, method)(address, data or {}, **extra)


@pytest.fixture
def article():
    return make_article("How do I sync EndNote?", steps=3)


def step_url(article, position):
    return f"{article.get_absolute_url()}steps/{article.steps.get(position=position).pk}/"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_run_starts_in_the_readers_language_and_each_tick_keeps_its_own(client, article, headers):
    response = in_language(client, "sv", "post", step_url(article, 1), {"done": "1"}, **headers)
    assert response.status_code == (200 if headers else 303)
    in_language(client, "en", "post", step_url(article, 2), {"done": "1"}, **headers)
    # Ticked again in German: still one check, in Swedish.
    in_language(client, "de", "post", step_url(article, 1), {"done": "1"}, **headers)
    assert Run.objects.get().language == "sv"
    checks = dict(Check.objects.values_list("step__position", "language"))
    assert checks == {1: "sv", 2: "en"}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_stuck_reports_and_outcomes_carry_the_language_they_were_said_in(client, article, headers):
    stuck = f"{step_url(article, 2)}stuck/"
    response = in_language(client, "sv", "post", stuck, {"message": "Knappen saknas"}, **headers)
    assert response.status_code == (200 if headers else 303)
    report = StuckReport.objects.get()
    assert (report.language, report.run.language, report.inbox_item.language) == ("sv",) * 3
    for position in (1, 2, 3):
        in_language(client, "en", "post", step_url(article, position), {"done": "1"})
    outcome = f"{article.get_absolute_url()}progress/outcome/"
    response = in_language(client, "de", "post", outcome, {"worked": "no"}, **headers)
    assert response.status_code == (200 if headers else 303)
    assert InboxItem.objects.get(kind="failed").language == "de"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_votes_carry_the_language_of_the_latest_answer(client, article, headers):
    url = article.get_absolute_url()
    response = in_language(client, "sv", "post", f"{url}vote/", {"helpful": "yes"}, **headers)
    assert response.status_code == (200 if headers else 303)
    assert Vote.objects.get().language == "sv"
    in_language(client, "de", "post", f"{url}vote/reason/", {"reason": "other"}, **headers)
    vote = Vote.objects.get()
    assert (vote.helpful, vote.language, vote.inbox_item.language) == (False, "de", "de")


def test_views_written_through_the_buffer_keep_the_readers_language(article):
    other = make_article("How do I install NVivo?")
    for language, page in [("sv", article), ("de", article), ("en", other)]:
        reader = Client()
        response = in_language(reader, language, "get", page.get_absolute_url(), **BROWSER)
        assert response.status_code == 200, language
        # The same reader again, in another language: their day's read is counted once.
        in_language(reader, "en", "get", page.get_absolute_url(), **BROWSER)
    assert services.article_views_flush() == 3
    languages = sorted(ArticleView.objects.values_list("article_id", "language"))
    assert languages == sorted([(article.pk, "sv"), (article.pk, "de"), (other.pk, "en")])


def test_searches_and_opened_results_keep_the_readers_language(client, article):
    services.search_index_update(article_id=article.pk)
    in_language(client, "sv", "get", "/search/", {"q": "EndNote sync"})
    in_language(client, "en", "get", "/search/", {"q": "EndNote sync"})
    opened = in_language(client, "de", "get", f"/search/open/{article.pk}/", {"q": "endnote sync"})
    assert opened.status_code == 302
    services.searches_flush()
    rows = {
        row.language: (row.searches, row.opened)
        for row in SearchDay.objects.filter(query="endnote sync")
    }
    assert rows == {"sv": (1, 0), "en": (1, 0), "de": (0, 1)}


@pytest.mark.parametrize(
    ("active", "recorded"),
    [("sv", "sv"), ("de-at", "de"), ("en-gb", "en"), ("xx", "en"), ("", "en"), (None, "en")],
)
def test_the_language_recorded_is_always_a_configured_one(active, recorded):
    with translation.override(active):
        assert reader_language() == recorded

"""Who may read an answer, on the site's own pages: an anonymous reader, a signed-in reader
and a member of staff each see the answers and topics meant for them, and no others (the
read API, feeds and sitemap: test_audiences_public.py)."""

import gzip
import re
from itertools import count

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from faq import services
from faq.models import Article, Audience, Check, Run, Vote
from tests.factories import make_article, make_staff, make_topic

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PUBLIC_Q = "How do I renew my Zephyr licence?"
MEMBERS_Q = "How do I borrow a Zephyr loan laptop?"
INTERNAL_Q = "How do we revoke a Zephyr licence key?"


class Desk:
    """A help desk with an answer for each audience, and a topic for each."""

    def __init__(self):
        self.licences = make_topic("Licences")
        self.members_topic = make_topic("Members area", audience=Audience.SIGNED_IN)
        self.desk_topic = make_topic("Desk procedures", audience=Audience.STAFF)
        self.public = make_article(
            PUBLIC_Q, steps=["Open the Zephyr portal."], topics=[self.licences], view_count=9
        )
        self.members = make_article(
            MEMBERS_Q,
            steps=["Book a Zephyr laptop."],
            topics=[self.licences, self.members_topic],
            audience=Audience.SIGNED_IN,
        )
        self.internal = make_article(
            INTERNAL_Q,
            steps=["Click Revoke in the Zephyr desk."],
            topics=[self.licences, self.desk_topic],
            audience=Audience.STAFF,
        )


@pytest.fixture
def desk() -> Desk:
    return Desk()


def anonymous() -> Client:
    return Client()


_readers = count(1)


def reader() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_user(f"reader{next(_readers)}"))
    return client


def staff() -> Client:
    client = Client()
    client.force_login(make_staff())
    return client


READERS = {"anonymous": anonymous, "signed-in reader": reader, "staff": staff}
# Which of the desk's answers each reader may read.
SEES = {
    "anonymous": {PUBLIC_Q},
    "signed-in reader": {PUBLIC_Q, MEMBERS_Q},
    "staff": {PUBLIC_Q, MEMBERS_Q, INTERNAL_Q},
}


def questions_in(html: str) -> set[str]:
    return {q for q in (PUBLIC_Q, MEMBERS_Q, INTERNAL_Q) if q in html}


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("who", READERS)
def test_the_article_page_is_there_only_for_its_readers(desk, who, headers):
    client = READERS[who]()
    for article in (desk.public, desk.members, desk.internal):
        response = client.get(article.get_absolute_url(), **headers)
        if article.question in SEES[who]:
            assert response.status_code == 200
            assert article.question in text(response)
        elif article == desk.members:
            # An anonymous reader is asked to sign in, and told nothing of the answer.
            assert response.status_code == 403
            html = text(response)
            assert "Sign in to read this answer" in html
            assert f'href="/accounts/login/?next=/faq/{article.pk}/"' in html
            assert not questions_in(html)
            assert "Zephyr" not in html
            assert article.slug not in html
        else:
            assert response.status_code == 404
            assert not questions_in(text(response))


@pytest.mark.parametrize("who", READERS)
def test_the_short_address_redirects_only_readers_who_may_read_it(desk, who):
    client = READERS[who]()
    for article in (desk.public, desk.members, desk.internal):
        response = client.get(f"/faq/{article.pk}/")
        if article.question in SEES[who]:
            assert response.status_code == 301
            assert response["Location"] == article.get_absolute_url()
        else:
            # No redirect: its slug would say what the answer is about.
            assert response.status_code == (403 if article == desk.members else 404)
            assert article.slug not in text(response)


def test_staff_see_which_answers_are_closed(desk):
    client = staff()
    internal = text(client.get(desk.internal.get_absolute_url()))
    assert "audience-badge--staff" in internal
    assert ">Internal</span>" in internal
    # Search engines read as anyone: a closed answer is not for them.
    assert '<meta name="robots" content="noindex">' in internal
    assert "application/ld+json" not in internal
    members = text(client.get(desk.members.get_absolute_url()))
    assert ">Signed-in users</span>" in members
    public = text(client.get(desk.public.get_absolute_url()))
    header = re.search(r'<header class="article__header">.*?</header>', public, re.S).group(0)
    assert "audience-badge" not in header
    assert "application/ld+json" in public


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("who", READERS)
def test_topic_pages_list_what_the_reader_may_read(desk, who, headers):
    client = READERS[who]()
    licences = text(client.get("/topics/licences/", **headers))
    assert questions_in(licences) == SEES[who]
    members = client.get("/topics/members-area/", **headers)
    closed_desk = client.get("/topics/desk-procedures/", **headers)
    if who == "anonymous":
        assert members.status_code == 403
        assert "Sign in to see this topic" in text(members)
        assert 'href="/accounts/login/?next=/topics/members-area/"' in text(members)
        assert not questions_in(text(members))
    else:
        assert members.status_code == 200
        assert questions_in(text(members)) == {MEMBERS_Q}
    if who == "staff":
        assert questions_in(text(closed_desk)) == {INTERNAL_Q}
    else:
        assert closed_desk.status_code == 404
        assert "Desk procedures" not in text(closed_desk)


@pytest.mark.parametrize("who", READERS)
def test_home_lists_and_counts_only_what_the_reader_may_read(desk, who):
    html = text(READERS[who]().get("/"))
    assert questions_in(html) == SEES[who]
    counts = dict(
        re.findall(r'href="/topics/([a-z-]+)/".*?topic-card__count">(\d+) article', html, re.S)
    )
    expected = {
        "anonymous": {"licences": "1"},
        "signed-in reader": {"licences": "2", "members-area": "1"},
        "staff": {"licences": "3", "members-area": "1", "desk-procedures": "1"},
    }
    assert counts == expected[who]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("who", READERS)
def test_search_finds_counts_and_suggests_only_what_the_reader_may_read(desk, who, headers):
    client = READERS[who]()
    html = text(client.get("/search/", {"q": "zephyr"}, **headers))
    assert questions_in(re.sub(r"</?mark>", "", html)) == SEES[who]
    total = len(SEES[who])
    assert re.search(rf"{total} results? for “zephyr”", html)
    suggestions = text(client.get("/search/suggest/", {"q": "zephyr"}, **headers))
    assert questions_in(re.sub(r"</?mark>", "", suggestions)) == SEES[who]
    # The topics a search can be narrowed to: only those the reader may see.
    assert ("Desk procedures" in html) == (who == "staff")
    assert ("Members area" in html) == (who != "anonymous")


def test_staff_find_internal_answers_marked_in_search(desk):
    html = text(staff().get("/search/", {"q": "zephyr licence"}))
    internal = re.search(r'<li class="result">.*?revoke.*?</li>', html, re.S | re.I).group(0)
    assert ">Internal</span>" in internal
    members = text(staff().get("/search/", {"q": "loan laptop"}))
    assert ">Signed-in users</span>" in members
    assert "audience-badge" not in text(anonymous().get("/search/", {"q": "zephyr"}))


def test_a_closed_topic_does_not_narrow_an_outsiders_search(desk):
    html = text(anonymous().get("/search/", {"q": "zephyr", "topic": "desk-procedures"}))
    assert "Desk procedures" not in html
    assert questions_in(html.replace("<mark>", "").replace("</mark>", "")) == {PUBLIC_Q}


def test_opening_a_result_or_an_offered_answer_needs_the_right_to_read_it(desk):
    for path in (f"/search/open/{desk.internal.pk}/", f"/ask/open/{desk.internal.pk}/"):
        assert anonymous().get(path).status_code == 404
        assert reader().get(path).status_code == 404
        assert staff().get(path).status_code == 302
    assert reader().get(f"/search/open/{desk.members.pk}/").status_code == 302


@pytest.mark.parametrize("who", READERS)
def test_ask_the_team_offers_only_answers_the_reader_may_read(desk, who):
    client = READERS[who]()
    answers = text(client.get("/ask/answers/", {"question": "zephyr licence"}, **HTMX))
    page = text(client.get("/ask/", {"question": "zephyr licence"}))
    for html in (answers, page):
        shown = questions_in(re.sub(r"</?mark>", "", html))
        assert shown <= SEES[who]
        assert PUBLIC_Q in shown


def test_asking_from_an_answer_one_may_not_read_is_refused(desk):
    assert anonymous().get("/ask/", {"article": desk.internal.pk}).status_code == 404
    assert reader().get("/ask/", {"article": desk.members.pk}).status_code == 200


def test_related_articles_are_only_those_the_reader_may_read(desk):
    page = desk.public.get_absolute_url()
    # The related list shares the topic "Licences" with both closed answers.
    assert questions_in(text(anonymous().get(page))) == {PUBLIC_Q}
    assert questions_in(text(reader().get(page))) == {PUBLIC_Q, MEMBERS_Q}
    assert questions_in(text(staff().get(page))) == SEES["staff"]


def test_a_staff_members_cached_page_never_reaches_an_anonymous_reader(desk):
    member = staff()
    step = desk.public.steps.get()
    # A tick builds and keeps the page its reader shares with their audience: staff's
    # lists the internal answer among the related ones.
    ticked = member.post(f"{desk.public.get_absolute_url()}steps/{step.pk}/", {"done": "1"}, **HTMX)
    assert ticked.status_code == 200
    for client in (anonymous(), Client(HTTP_ACCEPT_ENCODING="gzip")):
        response = client.get(desk.public.get_absolute_url())
        body = response.content
        if response.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        assert questions_in(body.decode()) == {PUBLIC_Q}
    # And an anonymous reader's ticks answer from the page for everyone.
    visitor = anonymous()
    visitor.get(desk.public.get_absolute_url())
    ticked = visitor.post(
        f"{desk.public.get_absolute_url()}steps/{step.pk}/", {"done": "1"}, **HTMX
    )
    assert not questions_in(text(ticked)) - {PUBLIC_Q}


@pytest.mark.parametrize("who", ["anonymous", "signed-in reader"])
def test_nobody_can_vote_tick_or_report_on_an_answer_they_may_not_read(desk, who):
    client = READERS[who]()
    article = desk.internal
    step = article.steps.get()
    base = article.get_absolute_url()
    posts = [
        (f"{base}vote/", {"helpful": "yes"}),
        (f"{base}vote/reason/", {"reason": "hard_to_follow"}),
        (f"{base}steps/{step.pk}/", {"done": "1"}),
        (f"{base}steps/{step.pk}/stuck/", {"message": "Help"}),
        (f"{base}progress/reset/", {}),
        (f"{base}progress/outcome/", {"worked": "yes"}),
    ]
    for path, data in posts:
        for headers in ({}, HTMX):
            assert client.post(path, data, **headers).status_code == 404, path
    assert not Vote.objects.exists()
    assert not Run.objects.exists()
    assert not Check.objects.exists()


def test_a_signed_in_reader_ticks_and_votes_on_an_answer_for_signed_in_users(desk):
    client = reader()
    article = desk.members
    step = article.steps.get()
    ticked = client.post(f"{article.get_absolute_url()}steps/{step.pk}/", {"done": "1"}, **HTMX)
    assert ticked.status_code == 200
    assert "1 of 1 step done" in text(ticked)
    voted = client.post(f"{article.get_absolute_url()}vote/", {"helpful": "yes"}, **HTMX)
    assert voted.status_code == 200
    assert Article.objects.get(pk=article.pk).yes_count == 1
    # Signed out, the same tick is refused and nothing is written.
    assert (
        anonymous().post(f"{article.get_absolute_url()}steps/{step.pk}/", {"done": "1"}).status_code
        == 404
    )
    assert Check.objects.count() == 1


def test_the_staff_statistics_still_count_closed_answers(desk):
    for article in (desk.members, desk.internal):
        services.article_views_seed(article=article, count=3, last_day=timezone.localdate())
    admin = Client()
    admin.force_login(
        get_user_model().objects.create_user("lead", is_staff=True, is_superuser=True)
    )
    overview = text(admin.get("/admin/statistics/", {"period": "90"}))
    assert INTERNAL_Q in overview
    assert MEMBERS_Q in overview
    funnel = admin.get(f"/admin/statistics/articles/{desk.internal.pk}/")
    assert funnel.status_code == 200
    assert INTERNAL_Q in text(funnel)

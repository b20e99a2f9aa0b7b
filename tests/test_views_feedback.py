"""The vote and reason endpoints, as plain form posts and as htmx requests."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from faq import services
from faq.models import Article, ArticleView, Visitor, Vote
from faq.visitors import COOKIE_NAME
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0 Safari/537.36"}


@pytest.fixture
def article():
    return make_article("How do I sync?", steps=3)


def vote_url(article):
    return f"{article.get_absolute_url()}vote/"


def reason_url(article):
    return f"{article.get_absolute_url()}vote/reason/"


def counts(article):
    article.refresh_from_db()
    return article.yes_count, article.no_count


def test_vote_without_javascript_redirects_back_with_thanks(client, article):
    response = client.post(vote_url(article), {"helpful": "yes"})
    assert response.status_code == 303
    assert response["Location"] == article.get_absolute_url() + "#vote-panel"
    assert counts(article) == (1, 0)
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60
    page = client.get(response["Location"]).content.decode()
    assert "Thanks! Glad it helped." in page
    assert re.search(r'value="yes" id="vote-yes"[^>]*\s+aria-pressed="true"', page)


def test_vote_with_htmx_returns_only_the_panel(client, article):
    response = client.post(vote_url(article), {"helpful": "yes"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section class="vote-panel')
    assert re.search(r'aria-label="1 people said yes">1<', html)
    assert 'hx-swap-oob="innerHTML">Thanks! Glad it helped.<' in html


def test_double_submit_leaves_the_same_state(client, article):
    for _ in range(2):
        client.post(vote_url(article), {"helpful": "no"})
    assert counts(article) == (0, 1)
    assert Vote.objects.count() == 1
    assert Visitor.objects.count() == 1


def test_changing_the_answer_moves_the_count(client, article):
    client.post(vote_url(article), {"helpful": "yes"})
    client.post(vote_url(article), {"helpful": "no"}, **HTMX)
    assert counts(article) == (0, 1)


def test_no_then_a_reason_and_comment(client, article):
    html = client.post(vote_url(article), {"helpful": "no"}, **HTMX).content.decode()
    assert "What was wrong?" in html
    assert 'value="steps_failed"' in html
    response = client.post(
        reason_url(article),
        {"reason": "steps_failed", "comment": "<script>alert(1)</script> Step 7 fails"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "you said “The steps did not work”" in response.content.decode()
    vote = Vote.objects.get()
    assert (vote.helpful, vote.reason) == (False, "steps_failed")
    assert vote.comment == "<script>alert(1)</script> Step 7 fails"


def test_reason_without_javascript_redirects(client, article):
    response = client.post(reason_url(article), {"reason": "out_of_date"})
    assert response.status_code == 303
    assert counts(article) == (0, 1)


def test_reason_missing_with_htmx_shows_the_form_again(client, article):
    client.post(vote_url(article), {"helpful": "no"})
    response = client.post(reason_url(article), {"comment": "hmm"}, **HTMX)
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert Vote.objects.get().reason == ""


def test_staff_read_comments_escaped(admin_client, client, article):
    client.post(reason_url(article), {"reason": "other", "comment": "<b>bold</b> words"})
    html = admin_client.get("/admin/faq/vote/").content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; words" in html


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"helpful": "maybe"}, 400),
        ({"helpful": ""}, 400),
        ({}, 400),
        ({"helpful": "yes\x00"}, 400),
    ],
)
def test_junk_votes_are_refused(client, article, data, status):
    assert client.post(vote_url(article), data).status_code == status
    assert counts(article) == (0, 0)
    assert Visitor.objects.count() == 0


def test_huge_comment_is_refused(client, article):
    response = client.post(reason_url(article), {"reason": "other", "comment": "x" * 100_000})
    assert response.status_code == 400
    assert Vote.objects.count() == 0


def test_huge_body_is_refused(client, article):
    response = client.post(vote_url(article), {"helpful": "yes", "pad": "x" * 700_000})
    assert response.status_code == 400
    assert Vote.objects.count() == 0


def test_unknown_and_draft_articles_are_404(client, article):
    draft = make_article(status=Article.Status.DRAFT)
    assert client.post("/faq/999999/x/vote/", {"helpful": "yes"}).status_code == 404
    assert client.post(vote_url(draft), {"helpful": "yes"}).status_code == 404
    assert client.post(reason_url(draft), {"reason": "other"}).status_code == 404
    assert Vote.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_wrong_method_is_405(client, article, method):
    response = getattr(client, method)(vote_url(article))
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_missing_or_forged_csrf_is_403_and_changes_nothing(article):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(vote_url(article), {"helpful": "yes"}).status_code == 403
    strict.get(article.get_absolute_url())
    forged = {"helpful": "yes", "csrfmiddlewaretoken": "x" * 64}
    assert strict.post(vote_url(article), forged).status_code == 403
    assert (
        strict.post(vote_url(article), {"helpful": "yes"}, HTTP_X_CSRFTOKEN="bad").status_code
        == 403
    )
    assert counts(article) == (0, 0)


def test_htmx_vote_with_the_token_in_the_header_works(article):
    strict = Client(enforce_csrf_checks=True, **BROWSER)
    page = strict.get(article.get_absolute_url()).content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    response = strict.post(vote_url(article), {"helpful": "yes"}, HTTP_X_CSRFTOKEN=token, **HTMX)
    assert response.status_code == 200
    assert counts(article) == (1, 0)


def test_one_visitor_is_limited_tightly(client, article, settings):
    settings.RATE_LIMIT_VISITOR = "3/d"
    # The first post comes before the reader has a cookie; three more are allowed.
    for _ in range(4):
        assert client.post(vote_url(article), {"helpful": "yes"}).status_code == 303
    limited = client.post(vote_url(article), {"helpful": "no"})
    assert limited.status_code == 429
    assert b"Please slow down" in limited.content
    assert counts(article) == (1, 0)
    htmx = client.post(vote_url(article), {"helpful": "no"}, **HTMX)
    assert htmx.status_code == 429
    assert b"Please wait a minute" in htmx.content
    assert counts(article) == (1, 0)


def test_many_readers_behind_one_address_get_through(article):
    for _ in range(120):
        assert Client().post(vote_url(article), {"helpful": "yes"}).status_code == 303
    assert counts(article) == (120, 0)


def test_one_address_is_limited_loosely(article, settings):
    settings.RATE_LIMIT_IP = "5/d"
    codes = [Client().post(vote_url(article), {"helpful": "yes"}).status_code for _ in range(7)]
    assert codes == [303] * 5 + [429] * 2


def test_trusted_proxy_header_decides_the_address(article, settings):
    settings.RATE_LIMIT_IP = "2/d"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for i in range(4):
        response = Client().post(
            vote_url(article), {"helpful": "yes"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}"
        )
        assert response.status_code == 303


def test_signing_in_moves_anonymous_votes_to_the_account(client, article, django_user_model):
    user = django_user_model.objects.create_user("reader", password="a-long-password-1")
    client.post(vote_url(article), {"helpful": "no"})
    response = client.post(
        "/accounts/login/", {"username": "reader", "password": "a-long-password-1"}
    )
    assert response.status_code == 302
    assert response.cookies[COOKIE_NAME].value == ""
    assert Vote.objects.get().visitor.user == user
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'value="no" id="vote-no"[^>]*\s+aria-pressed="true"', html)


def test_reading_writes_no_visitor_row_but_remembers_the_reader(client, article):
    response = client.get(article.get_absolute_url(), **BROWSER)
    assert response.cookies[COOKIE_NAME]["httponly"] is True
    assert Visitor.objects.count() == 0
    services.article_views_flush()
    assert ArticleView.objects.count() == 1
    again = client.get(article.get_absolute_url(), **BROWSER)
    assert COOKIE_NAME not in again.cookies
    services.article_views_flush()
    assert ArticleView.objects.count() == 1


def test_a_new_readers_double_submit_counts_once(client, article):
    client.get(article.get_absolute_url())
    for _ in range(2):
        client.post(vote_url(article), {"helpful": "yes"})
    assert counts(article) == (1, 0)
    assert Visitor.objects.count() == 1


def test_a_forged_visitor_cookie_is_ignored(client, article):
    client.cookies[COOKIE_NAME] = "00000000-0000-0000-0000-000000000000"
    client.post(vote_url(article), {"helpful": "yes"})
    visitor = Visitor.objects.get()
    assert str(visitor.key) != "00000000-0000-0000-0000-000000000000"


def test_views_count_once_a_day_per_reader(article):
    reader = Client(**BROWSER)
    for _ in range(3):
        reader.get(article.get_absolute_url())
    Client(HTTP_USER_AGENT="Mozilla/5.0 Firefox/140.0").get(article.get_absolute_url())
    services.article_views_flush()
    article.refresh_from_db()
    assert article.view_count == 2 == ArticleView.objects.count()


def test_the_counted_view_shows_on_the_page(client, article):
    html = client.get(article.get_absolute_url(), **BROWSER).content.decode()
    assert re.search(r"<dt>Views</dt><dd>1</dd>", html)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_USER_AGENT": "Googlebot/2.1 (+http://www.google.com/bot.html)"},
        {"HTTP_USER_AGENT": "curl/8.5"},
        {},
        {**BROWSER, "HTTP_SEC_PURPOSE": "prefetch"},
        {**BROWSER, "HTTP_PURPOSE": "prefetch"},
    ],
)
def test_bots_and_prefetches_are_not_counted(client, article, headers):
    client.get(article.get_absolute_url(), **headers)
    services.article_views_flush()
    article.refresh_from_db()
    assert article.view_count == 0


def test_head_and_staff_previews_are_not_counted(client, article, admin_client):
    client.head(article.get_absolute_url(), **BROWSER)
    admin_client.get(article.get_absolute_url(), **BROWSER)
    draft = make_article(status=Article.Status.DRAFT)
    admin_client.get(draft.get_absolute_url(), **BROWSER)
    services.article_views_flush()
    assert ArticleView.objects.count() == 0


def test_article_page_query_count_is_constant_with_votes(client, article):
    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, **BROWSER).status_code == 200
        return len(ctx.captured_queries)

    client.post(vote_url(article), {"helpful": "no"})  # this reader now has a cookie
    other = make_article(steps=8)
    for _ in range(2):  # the first views build the cached pages
        count(other.get_absolute_url())
        count(article.get_absolute_url())
    without_votes = count(other.get_absolute_url())
    for _ in range(30):
        Client().post(vote_url(article), {"helpful": "yes"})
    assert count(article.get_absolute_url()) == without_votes


def test_a_reader_keeps_their_votes_when_https_renames_the_cookie(client, article, settings):
    client.post(vote_url(article), {"helpful": "yes"})
    old_key = Visitor.objects.get().key
    # The deployment turns HTTPS on: the cookie is now "__Host-hd_visitor".
    settings.VISITOR_COOKIE_NAME = "__Host-hd_visitor"
    response = client.post(vote_url(article), {"helpful": "no"}, **HTMX)
    assert response.status_code == 200
    assert Visitor.objects.count() == 1
    assert counts(article) == (0, 1)
    # Written under the new name, the old one deleted.
    assert response.cookies["__Host-hd_visitor"].value
    assert response.cookies[COOKIE_NAME].value == ""
    assert Vote.objects.get().visitor.key == old_key
    client.post(vote_url(article), {"helpful": "yes"}, **HTMX)
    assert Visitor.objects.count() == 1

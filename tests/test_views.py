import gzip
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.loader import demo_load
from faq.models import Article
from tests.factories import make_article, make_staff, make_topic

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def endnote():
    demo_load()
    return Article.objects.get(slug="sync-endnote-library-to-new-library")


def test_endnote_article_shows_everything_from_the_seed(client, endnote):
    response = client.get(endnote.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<h1[^>]*>How do I sync my Endnote library to a new library\?</h1>", html)
    lists = re.findall(r'<ol class="steps".*?</ol>', html, re.S)
    assert len(lists) == 1
    assert lists[0].count('<li class="step"') == 13
    assert "<code>#!resetLocalSync</code>" in html
    assert re.search(
        r'<div aria-label="Heads up!" class="callout callout--warning" role="note">', html
    )
    assert "Heads up!" in html
    assert "Occasionally Endnote software becomes disconnected" in html
    assert "should be automatically synced thereafter" in html
    for text in ["Last Updated", "Jan 09, 2024", "Views", "Answered By", "Kim McBride"]:
        assert text in html
    assert "Support Alfasoft" in html
    assert ">EndNote</a>" in html
    assert "Was this helpful?" in html
    assert "Related articles" in html


def test_article_page_has_faq_actions_and_canonical_link(client, endnote):
    html = client.get(endnote.get_absolute_url()).content.decode()
    url = f"http://testserver{endnote.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert 'data-action="print"' in html
    assert 'data-action="copy-link"' in html
    assert 'data-action="share"' in html
    assert 'href="mailto:?subject=How%20do%20I%20sync' in html


def test_article_json_ld_is_a_howto_with_every_step(client, endnote):
    html = client.get(endnote.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "HowTo"
    assert len(data["step"]) == 13
    assert data["step"][4]["text"].startswith("In EndNote desktop")


def test_plain_answer_json_ld_is_a_faq_page(client):
    article = make_article("Where is the <b>licence</b>?", steps=0)
    html = client.get(article.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<b>" not in raw
    assert json.loads(raw)["@type"] == "FAQPage"


def test_article_page_renders_whole_for_htmx_requests_too(client, endnote):
    response = client.get(endnote.get_absolute_url(), **HTMX)
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_short_url_and_stale_slug_redirect_permanently(client, endnote):
    canonical = endnote.get_absolute_url()
    for url in [f"/faq/{endnote.pk}/", f"/faq/{endnote.pk}/old-slug/"]:
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == canonical


def test_drafts_are_404_to_the_public_and_previewed_by_staff(client):
    draft = make_article("Secret draft?", steps=2, status=Article.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/faq/{draft.pk}/").status_code == 404
    client.force_login(make_staff())
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert b"draft-banner" in response.content
    assert b'name="robots" content="noindex"' in response.content
    # A preview shows the article, not controls that only work once it is published.
    assert b'id="vote-panel"' not in response.content
    assert b'class="step-toggle"' not in response.content


def test_article_page_query_count_is_constant(client, django_assert_num_queries):
    small = make_article(steps=1, topics=[make_topic()])
    topics = [make_topic() for _ in range(4)]
    big = make_article(steps=25, topics=topics)
    for _ in range(8):
        make_article(topics=topics[:2])

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            # A new client each time: a first-time reader, who has no progress to read.
            assert Client().get(url).status_code == 200
        return len(ctx.captured_queries)

    # Building the cached page: the row, the article, steps, topics, the article's
    # translations (its slug in every language, for the switcher and hreflang: the one
    # query languages added; steps, topics and related read theirs in their own join),
    # related.
    assert count(small.get_absolute_url()) == count(big.get_absolute_url()) == 6
    # From the cache: the article's row alone.
    assert count(small.get_absolute_url()) == count(big.get_absolute_url()) == 1


def test_home_lists_topics_with_counts_and_articles(client, endnote):
    html = client.get("/").content.decode()
    assert "How can we help?" in html
    assert re.search(r"EndNote</a>\s*<p[^>]*>[^<]*</p>\s*<p[^>]*>\d+ articles?</p>", html)
    most_viewed = Article.objects.published().order_by("-view_count").first()
    assert most_viewed.get_absolute_url() in html
    assert "Most viewed" in html
    assert "Recently updated" in html


def test_home_renders_for_htmx_requests(client, endnote):
    assert client.get("/", **HTMX).status_code == 200


def test_topic_page_lists_its_published_articles(client):
    topic = make_topic("Printing")
    shown = make_article("How do I print?", topics=[topic], steps=3)
    hidden = make_article("Draft print?", topics=[topic], status=Article.Status.DRAFT)
    response = client.get(reverse("faq:topic", kwargs={"slug": topic.slug}))
    html = response.content.decode()
    assert shown.question in html
    assert "3 steps" in html
    assert hidden.question not in html
    assert client.get(topic.get_absolute_url(), **HTMX).status_code == 200


def test_search_ranks_and_highlights(client, endnote):
    response = client.get("/search/", {"q": "EndNote sync"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>sync</mark>" in html
    assert html.index(endnote.question.split()[0]) > 0
    assert client.get("/search/", {"q": "sync"}, **HTMX).status_code == 200


def test_search_without_results_says_so(client, endnote):
    html = client.get("/search/", {"q": "qwertyuiop"}).content.decode()
    assert "No answers match" in html


def test_healthz_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_robots_and_sitemap(client, endnote):
    draft = make_article("Draft for sitemap?", status=Article.Status.DRAFT)
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert b"Sitemap: http://testserver/sitemap.xml" in robots.content
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert endnote.get_absolute_url().encode() in sitemap.content
    assert draft.get_absolute_url().encode() not in sitemap.content


def test_login_and_logout(client, django_user_model):
    django_user_model.objects.create_user(username="reader", password="a-long-password-1")
    assert client.get("/accounts/login/").status_code == 200
    response = client.post(
        "/accounts/login/", {"username": "reader", "password": "a-long-password-1"}
    )
    assert response.status_code == 302
    assert b"Sign out" in client.get("/").content
    assert client.post("/accounts/logout/").status_code == 302
    assert b"Sign in" in client.get("/").content


@pytest.mark.parametrize(
    "url",
    [
        "/faq/999999/",
        "/faq/999999/some-slug/",
        "/faq/0/",
        "/faq/99999999999999999999999/",
        "/faq/2147483648/x/",
        "/faq/-1/",
        "/faq/abc/",
        "/faq/1/bad%20slug!/",
        "/topics/no-such-topic/",
        "/topics/%00/",
        "/no-such-page/",
        "/accounts/password_reset/",
    ],
)
def test_unknown_addresses_are_styled_404s(client, endnote, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"We cannot find that page" in response.content


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
@pytest.mark.parametrize(
    "name", ["home", "article", "topic", "search", "healthz", "robots", "sitemap"]
)
def test_wrong_methods_are_styled_405s(client, endnote, method, name):
    urls = {
        "home": "/",
        "article": endnote.get_absolute_url(),
        "topic": "/topics/endnote/",
        "search": "/search/?q=x",
        "healthz": "/healthz",
        "robots": "/robots.txt",
        "sitemap": "/sitemap.xml",
    }
    response = getattr(client, method)(urls[name])
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert b"This page cannot do that" in response.content


def test_post_without_csrf_token_is_a_styled_403(endnote):
    response = Client(enforce_csrf_checks=True).post(endnote.get_absolute_url())
    assert response.status_code == 403
    assert b"This form has expired" in response.content


@pytest.mark.parametrize(
    "query",
    [
        {"q": "a\x00b"},
        {"q": "x" * 5000},
    ],
)
def test_unreadable_searches_are_400s(client, query):
    response = client.get("/search/", query)
    assert response.status_code == 400
    assert b"We could not read that request" in response.content


@pytest.mark.parametrize(
    "query", ["?q=%ff%fe", "?q[]=1&q[]=2", "?page=-1&sort=../../", "?q=%25%5C%27%22%3B--"]
)
def test_junk_query_strings_never_fail(client, endnote, query):
    for url in ["/", endnote.get_absolute_url(), "/search/", "/topics/endnote/"]:
        assert client.get(url + query).status_code in {200, 400}


def test_unknown_host_is_a_400(client):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_server_error_page_is_styled_and_needs_no_database(rf, django_assert_num_queries):
    from faq.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"Helpdesk FAQ" in response.content


def test_pages_send_a_strict_content_security_policy(client, endnote):
    policy = client.get(endnote.get_absolute_url())["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_topic_page_snippets_are_escaped_once(client):
    topic = make_topic("Export")
    make_article("How do I export?", topics=[topic], answer_intro="Choose **File > Export**.")
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Choose File &gt; Export." in html
    assert "&amp;gt;" not in html


def _padding(body: bytes) -> int:
    """How long the random file name is that pads a gzip header against BREACH."""
    assert body[3] & gzip.FNAME, "the header names a file"
    return body.index(b"\x00", 10) - 10


def test_pages_go_compressed_with_random_padding(client):
    article = make_article("How do I sync my EndNote library?", steps=13)
    responses = [
        client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip") for _ in range(20)
    ]
    for response in responses:
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        assert "How do I sync my EndNote library?" in html
    # BREACH: each header draws its padding anew, 0 to 99 bytes, as Django's does. Two
    # draws may match; twenty all alike would be a fixed length.
    assert len({_padding(r.content) for r in responses}) > 1
    assert max(_padding(r.content) for r in responses) < 100
    assert len(responses[0].content) < len(html) / 3


def test_a_readers_page_never_compresses_to_the_same_text_twice():
    reader = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
    article = make_article("How do I sync my EndNote library?", steps=13)
    pages = [
        gzip.decompress(reader.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip").content)
        for _ in range(4)
    ]
    # BREACH: the CSRF token in a reader's page is masked anew on every response.
    assert all(b"csrfmiddlewaretoken" in page for page in pages)
    assert len(set(pages)) == 4

"""The search pages as readers meet them: results, suggestions, opening, recording."""

import re

import pytest

from demo.loader import demo_load
from faq import services
from faq.models import Article, SearchDay
from tests.factories import make_article, make_topic
from tests.test_search import BAD_INPUTS

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def endnote():
    demo_load()
    return Article.objects.get(slug="sync-endnote-library-to-new-library")


def test_results_page_shows_question_topic_snippet_and_share(client, endnote):
    html = client.get("/search/", {"q": "resetLocalSync"}).content.decode()
    # The article with the code first; others about syncing found by meaning after it.
    assert re.search(r"\d+ results?\s+for “resetLocalSync”", html)
    assert "<mark>resetLocalSync</mark>" in html
    links = re.findall(r'href="/search/open/(\d+)/\?q=resetLocalSync"', html)
    assert links[0] == str(endnote.pk)
    assert 'class="result__meta"' in html


def test_results_escape_everything_but_the_marks(client):
    make_article("How do I <script>alert(1)</script> escape?", answer_intro="<b>escape</b> & co")
    html = client.get("/search/", {"q": "<script>escape"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>escape</mark>" in html


def test_a_typo_gets_did_you_mean(client, endnote):
    html = client.get("/search/", {"q": "endnote synk"}).content.decode()
    assert "Did you mean" in html
    assert "endnote sync</a>?" in html
    assert f"/search/open/{endnote.pk}/" in html


def test_no_results_offer_most_read_topics_and_the_team(client, endnote):
    html = client.get("/search/", {"q": "qwertyuiop"}).content.decode()
    assert "No answers match “qwertyuiop”" in html
    assert "Most read answers" in html
    assert "Browse by topic" in html
    assert "/topics/endnote/" in html
    # The team, through the question form, with what they searched for.
    assert 'href="/ask/?question=qwertyuiop"' in html


def test_pages_and_topic_filter_with_and_without_htmx(client):
    topic = make_topic("Posters")
    for n in range(12):
        make_article(f"How do I print poster {n}?", topics=[topic] if n < 2 else [])
    html = client.get("/search/", {"q": "poster"}).content.decode()
    assert re.search(r"12 results\s+for", html)
    assert "page 1 of 2" in html
    assert 'rel="next"' in html
    fragment = client.get(
        "/search/", {"q": "poster", "page": "2"}, HTTP_HX_TARGET="search-results", **HTMX
    )
    body = fragment.content.decode()
    assert "<html" not in body
    assert "page 2 of 2" in body
    assert (
        "2 results" in client.get("/search/", {"q": "poster", "topic": topic.slug}).content.decode()
    )


def test_suggestions_are_a_listbox_fragment(client, endnote):
    response = client.get("/search/suggest/", {"q": "endn"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 1 <= body.count('class="suggestion"') <= 6
    assert 'role="option"' in body
    assert "<mark>" in body
    assert "via=suggest" in body
    assert client.get("/search/suggest/", {"q": "e"}, **HTMX).content.strip() == b""


def test_header_and_home_boxes_are_comboboxes_that_submit_without_js(client, endnote):
    html = client.get("/").content.decode()
    assert html.count('role="combobox"') == 2
    assert 'aria-controls="home-list"' in html
    assert 'hx-get="/search/suggest/"' in html
    assert 'action="/search/"' in html
    assert 'method="get"' in html
    assert "js/search.js" in html


def test_opening_a_result_counts_and_redirects(client, endnote):
    response = client.get(f"/search/open/{endnote.pk}/", {"q": "EndNote  Sync"})
    assert response.status_code == 302
    assert response["Location"] == endnote.get_absolute_url()
    draft = make_article("Draft?", status=Article.Status.DRAFT)
    assert client.get(f"/search/open/{draft.pk}/", {"q": "draft"}).status_code == 404
    services.searches_flush()
    assert SearchDay.objects.get(query="endnote sync").opened == 1


def test_searches_are_recorded_in_batches_not_per_request(client, endnote, settings):
    settings.SEARCH_BUFFER_SIZE = 3
    client.get("/search/", {"q": "EndNote sync"})
    client.get("/search/", {"q": "endnote   SYNC"})
    assert not SearchDay.objects.exists()
    client.get("/search/", {"q": "qwertyuiop"})
    rows = {r.query: (r.searches, r.results) for r in SearchDay.objects.all()}
    assert rows["endnote sync"][0] == 2
    assert rows["endnote sync"][1] > 0
    assert rows["qwertyuiop"] == (1, 0)
    client.get("/search/", {"q": "EndNote sync", "page": "2"})
    services.searches_flush()
    assert SearchDay.objects.get(query="endnote sync").searches == 2


# A lone surrogate cannot travel in a URL; invalid UTF-8 bytes are tested below.
@pytest.mark.parametrize("query", [q for q in BAD_INPUTS if q != "\udcff"])
def test_bad_input_never_fails(client, endnote, query):
    for url in ("/search/", "/search/suggest/"):
        response = client.get(url, {"q": query})
        assert response.status_code in {200, 400}, (url, query)
    expected = 400 if len(query) > 200 or "\x00" in query else 200
    assert client.get("/search/", {"q": query}).status_code == expected


@pytest.mark.parametrize(
    "raw", ["q=%ff%fe", "q=%C0%80", "q[]=1&q[]=2", "page=-1", "page=x&topic=../..", "topic=%00"]
)
def test_junk_query_strings_are_never_500s(client, endnote, raw):
    for url in ("/search/", "/search/suggest/", f"/search/open/{endnote.pk}/"):
        assert client.get(f"{url}?{raw}").status_code in {200, 302, 400}


def test_results_show_the_helpful_share(client):
    article = make_article("How do I calibrate the zebrafish scanner?")
    Article.objects.filter(pk=article.pk).update(yes_count=3, no_count=1)
    html = client.get("/search/", {"q": "zebrafish"}).content.decode()
    assert "75% found this helpful" in html

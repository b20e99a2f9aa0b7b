"""The Atom feeds of new and updated articles, site-wide and per topic, in each language:
what a feed reader gets, what never gets into it, and how cheaply it asks again."""

import re
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from faq import services
from faq.models import Article, ArticleTranslation
from faq.selectors.feeds import FEED_LIMIT
from tests.factories import make_article, make_topic, make_translation

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ORIGIN = "http://testserver"
LANGUAGES = ("en", "sv", "de")
PREFIX = {"en": "", "sv": "/sv", "de": "/de"}
FEED_LINK = re.compile(
    r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">'
)


def get_feed(url: str, **headers) -> ElementTree.Element:
    """The feed at `url` as parsed Atom, asked for as a feed reader would (no cookies)."""
    response = Client().get(url, **headers)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    # Our own server's answer, not untrusted input.
    root = ElementTree.fromstring(response.content)  # noqa: S314
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root: ElementTree.Element) -> list[dict[str, str]]:
    """Each entry's title, link, id, dates, author, summary, content and language."""
    found = []
    for entry in root.findall(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None
        found.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "link": link.get("href"),
                "id": entry.findtext(f"{ATOM}id"),
                "updated": entry.findtext(f"{ATOM}updated"),
                "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
                "summary": entry.findtext(f"{ATOM}summary") or "",
                "content": entry.findtext(f"{ATOM}content") or "",
                "lang": entry.get(XML_LANG) or root.get(XML_LANG),
            }
        )
    return found


def titles(url: str) -> list[str]:
    return [e["title"] for e in entries(get_feed(url))]


def feed_urls(topic_slug: str) -> list[str]:
    """Every feed a draft could leak into: site-wide and the topic's, in every language."""
    return [
        url
        for code in LANGUAGES
        for url in (f"{PREFIX[code]}/feed/", f"{PREFIX[code]}/topics/{topic_slug}/feed/")
    ]


def at(day: int, month: int = 1) -> datetime:
    return datetime(2024, month, day, 9, 0, tzinfo=UTC)


def test_the_site_feed_has_published_articles_newest_first_with_their_steps():
    older = make_article("How do I print?", updated_at=at(1), published_at=at(1))
    newer = make_article(
        "How do I sync my library?",
        steps=["Open `EndNote`.", "Click **Sync**."],
        answer_intro="Syncing keeps *both* libraries alike.",
        updated_at=at(5),
        published_at=at(2),
    )
    root = get_feed("/feed/")
    assert root.findtext(f"{ATOM}title") == "Helpdesk FAQ: new and updated answers"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{ORIGIN}/feed/"
    # The feed is as new as its newest entry.
    assert root.findtext(f"{ATOM}updated") == at(5).isoformat()
    first, second = entries(root)
    assert (first["title"], second["title"]) == (newer.question, older.question)
    assert first["link"] == f"{ORIGIN}/faq/{newer.pk}/{newer.slug}/"
    assert first["id"] == f"{ORIGIN}/faq/{newer.pk}/"
    assert first["updated"] == at(5).isoformat()
    assert first["author"] == "Support Alfasoft"
    assert first["summary"] == "Syncing keeps both libraries alike."
    # The answer's HTML, the steps a numbered list in their order.
    assert first["content"] == (
        "<p>Syncing keeps <em>both</em> libraries alike.</p>"
        "<ol><li><p>Open <code>EndNote</code>.</p></li>"
        "<li><p>Click <strong>Sync</strong>.</p></li></ol>"
    )


def test_a_title_with_markup_is_shown_as_typed_not_as_markup():
    make_article("Where is the <b>licence</b> & key?")
    assert titles("/feed/") == ["Where is the <b>licence</b> & key?"]


def test_an_answer_that_is_all_steps_is_summed_up_by_its_first_step():
    make_article("How do I log in?", answer_intro="", steps=["Open **the app**.", "Sign in."])
    make_article("What is MFA?", answer_intro="")
    summaries = {e["title"]: e["summary"] for e in entries(get_feed("/feed/"))}
    assert summaries == {"How do I log in?": "Open the app.", "What is MFA?": "What is MFA?"}


def test_a_draft_is_in_no_feed_in_any_language():
    topic = make_topic("Printing")
    shown = make_article("How do I print a poster?", topics=[topic])
    draft = make_article(
        "Zanzibarquux draft?",
        steps=["Press zanzibarquux."],
        answer_intro="Zanzibarquux intro.",
        topics=[topic],
        status=Article.Status.DRAFT,
    )
    for code in ("sv", "de"):
        make_translation(draft, code, question=f"Zanzibarquux {code}?", slug=f"zq-{code}")
    for url in feed_urls(topic.slug):
        body = Client().get(url).content.decode()
        assert "zanzibarquux" not in body.lower(), url
        # The feed is not merely empty: the published article is there.
        assert f"/faq/{shown.pk}/" in body, url


def test_an_unpublished_article_leaves_the_feeds():
    topic = make_topic("Printing")
    article = make_article("How do I print in colour?", topics=[topic])
    assert titles("/feed/") == [article.question]
    assert titles(f"/topics/{topic.slug}/feed/") == [article.question]
    article.status = Article.Status.DRAFT
    services.article_save(article=article)
    assert titles("/feed/") == []
    assert titles(f"/topics/{topic.slug}/feed/") == []


def test_a_removed_step_is_not_in_the_feed():
    article = make_article("How do I scan?", steps=["Lift the lid.", "Press quuxremoved."])
    lid, removed = article.steps.order_by("position")
    services.step_list_save(
        article=article,
        steps=[services.StepInput(body="Lift the lid.", position=1, step=lid)],
        deleted=[removed],
    )
    content = entries(get_feed("/feed/"))[0]["content"]
    assert "Lift the lid." in content
    assert "quuxremoved" not in content


def test_a_topic_feed_has_only_that_topics_articles():
    printing, mail = make_topic("Printing"), make_topic("Mail")
    poster = make_article("How do I print a poster?", topics=[printing])
    both = make_article("How do I mail a printout?", topics=[printing, mail])
    inbox = make_article("How do I read my mail?", topics=[mail])
    assert sorted(titles(f"/topics/{printing.slug}/feed/")) == sorted(
        [poster.question, both.question]
    )
    assert sorted(titles(f"/topics/{mail.slug}/feed/")) == sorted([both.question, inbox.question])
    assert len(titles("/feed/")) == 3
    root = get_feed(f"/topics/{printing.slug}/feed/")
    assert root.findtext(f"{ATOM}title") == "Helpdesk FAQ: new and updated answers on Printing"
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == f"{ORIGIN}/topics/printing/"


def test_a_translated_article_is_in_swedish_in_the_swedish_feed_and_in_english_in_the_english():
    translated = make_article("How do I sync?", steps=["Open it."], updated_at=at(1))
    make_translation(translated, "sv", question="Hur synkar jag?", slug="hur-synkar-jag")
    ArticleTranslation.objects.filter(article=translated).update(updated_at=at(1, month=6))
    plain = make_article("How do I print?", updated_at=at(1, month=3))

    english = entries(get_feed("/feed/"))
    assert [e["title"] for e in english] == [plain.question, translated.question]
    assert english[1]["link"] == f"{ORIGIN}/faq/{translated.pk}/{translated.slug}/"
    assert english[1]["content"] == (
        "<p>An introduction to the answer.</p><ol><li><p>Open it.</p></li></ol>"
    )

    swedish = entries(get_feed("/sv/feed/"))
    # Ordered by the date each shows in Swedish: the translation's own, newer than the source.
    assert [e["title"] for e in swedish] == ["Hur synkar jag?", plain.question]
    assert swedish[0]["link"] == f"{ORIGIN}/sv/faq/{translated.pk}/hur-synkar-jag/"
    assert swedish[0]["id"] == f"{ORIGIN}/sv/faq/{translated.pk}/"
    assert swedish[0]["updated"] == at(1, month=6).isoformat()
    assert swedish[0]["lang"] == "sv"
    assert "[sv] Open it." in swedish[0]["content"]
    # Not translated: its English text at its Swedish address, marked as English.
    assert swedish[1]["link"] == f"{ORIGIN}/sv/faq/{plain.pk}/{plain.slug}/"
    assert swedish[1]["lang"] == "en"
    # German has neither translated: both in English, each by its own date.
    assert titles("/de/feed/") == [plain.question, translated.question]


def test_a_feed_has_at_most_its_limit_of_newest_articles():
    made = [
        make_article(f"Question {i}?", updated_at=at(1 + i % 28, 1 + i // 28))
        for i in range(FEED_LIMIT + 2)
    ]
    found = titles("/feed/")
    assert len(found) == FEED_LIMIT
    # The two oldest are the ones left out.
    assert made[0].question not in found
    assert made[1].question not in found
    assert found[0] == made[-1].question


def test_an_empty_feed_is_a_valid_feed():
    topic = make_topic("Nothing yet")
    make_article("A draft?", topics=[topic], status=Article.Status.DRAFT)
    for url in feed_urls(topic.slug):
        assert entries(get_feed(url)) == []


def queries_for(url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200
    return len(queries)


def test_a_feed_costs_the_same_queries_for_many_articles_as_for_few():
    topic = make_topic("Printing")

    def add(count: int) -> None:
        for _ in range(count):
            made = make_article(steps=3, topics=[topic])
            make_translation(made, "sv")

    add(2)
    few = {url: queries_for(url) for url in ("/sv/feed/", f"/sv/topics/{topic.slug}/feed/")}
    add(6)
    assert {url: queries_for(url) for url in few} == few


@pytest.mark.parametrize("code", LANGUAGES)
def test_an_unknown_topic_is_a_404(code):
    make_topic("Printing")
    response = Client().get(f"{PREFIX[code]}/topics/no-such-topic/feed/")
    assert response.status_code == 404
    # No validator: a later request for it can never be answered with a 304.
    assert not response.has_header("ETag")


def test_asking_again_with_the_etag_gets_a_304_until_something_changes():
    topic = make_topic("Printing")
    make_article("How do I print?", topics=[topic])
    for url in ("/feed/", "/sv/feed/", f"/topics/{topic.slug}/feed/"):
        first = Client().get(url)
        assert first.status_code == 200
        assert "max-age=300" in first["Cache-Control"]
        etag = first["ETag"]
        again = Client().get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == etag
    etag = Client().get("/feed/")["ETag"]
    draft = make_article("How do I scan?", status=Article.Status.DRAFT)
    draft.status = Article.Status.PUBLISHED
    services.article_save(article=draft)
    changed = Client().get("/feed/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert draft.question in changed.content.decode()


def test_unpublishing_is_never_answered_with_a_stale_304():
    article = make_article("How do I print?", updated_at=at(1))
    first = Client().get("/feed/")
    # Unpublishing moves no entry's date: a Last-Modified would let a cache keep the old feed.
    assert not first.has_header("Last-Modified")
    article.status = Article.Status.DRAFT
    services.article_save(article=article)
    again = Client().get("/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert article.question not in again.content.decode()


@pytest.mark.parametrize("code", ["en", "sv"])
def test_home_and_topic_pages_link_their_feed_in_the_pages_language(code):
    topic = make_topic("Printing")
    make_article("How do I print?", topics=[topic])
    prefix = PREFIX[code]
    for page, feed in (
        (f"{prefix}/", f"{prefix}/feed/"),
        (f"{prefix}/topics/{topic.slug}/", f"{prefix}/topics/{topic.slug}/feed/"),
    ):
        html = Client().get(page).content.decode()
        head = html.split("</head>", 1)[0]
        links = FEED_LINK.findall(head)
        assert [href for _, href in links] == [feed], page
        # The title a browser offers to subscribe to is the feed's own.
        assert links[0][0] == get_feed(feed).findtext(f"{ATOM}title")
        assert links[0][0].startswith("Helpdesk FAQ")
    topic_title = FEED_LINK.findall(Client().get(f"{prefix}/topics/printing/").content.decode())
    assert topic_title[0][0].endswith("Printing")


@pytest.mark.parametrize(
    "path",
    [
        "/topics/%00/feed/",
        "/sv/topics/%00/feed/",
        "/topics/%C3%A5%00/feed/",
        "/topics/" + "a" * 5000 + "/feed/",
        "/de/topics/" + "x-" * 2000 + "/feed/",
        "/topics/../feed/",
        "/topics//feed/",
        "/feed/%00/",
        "/xx/feed/",
    ],
)
def test_junk_addresses_are_a_404_not_a_500(path):
    make_topic("Printing")
    assert Client().get(path).status_code == 404


def test_junk_in_the_query_and_headers_is_ignored_or_refused_never_a_500():
    make_article("How do I print?")
    client = Client()
    assert client.get("/feed/?page=%00&q=" + "x" * 5000).status_code == 200
    assert client.get("/feed/", HTTP_IF_NONE_MATCH="\x00junk, W/").status_code == 200
    assert client.get("/feed/", HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200
    assert client.head("/feed/").status_code == 200
    assert client.post("/feed/").status_code == 405

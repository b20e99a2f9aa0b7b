"""An answer for staff does not exist for anyone else: on the demo help desk, an anonymous
reader and a signed-in reader go through every public page, feed and API answer and find
no trace of the internal answer; and guessing its id or slug tells them nothing."""

import html as html_module
import json
import re
from itertools import count
from urllib.parse import quote, quote_plus

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from demo.closed import INTERNAL_WORD
from demo.loader import demo_load
from faq.models import Article, Audience, Topic
from tests.factories import article_url_in, make_article, make_topic

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
INTERNAL_Q = "How do we issue a replacement EndNote licence key?"
MEMBERS_SLUG = "borrow-loan-laptop-with-spss-and-nvivo"
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([^"]*)')
# What a reader would search for to find the internal answer: its question, its words,
# its steps' words, the codename, and the codename misspelt.
SEARCHES = [
    INTERNAL_Q,
    "replacement licence key",
    "issue replacement",
    "revoke key lost or compromised",
    "25-character product key",
    "licence desk portal",
    INTERNAL_WORD,
    INTERNAL_WORD.lower(),
    "Quilmarsh",
    "quillmarsh revoke",
]


@pytest.fixture
def internal() -> Article:
    demo_load()
    return Article.objects.get(question=INTERNAL_Q)


_readers = count(1)


def signed_in() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_user(f"reader{next(_readers)}"))
    return client


def traces(article: Article) -> list[str]:
    """What would give the article away: its question, its texts, the codename, its id."""
    steps = [s.body for s in article.steps.all()]
    return [
        article.question,
        article.slug,
        INTERNAL_WORD.lower(),
        "for the licence desk",
        "revoke key",
        "issue replacement",
        "25-character product key",
        *[re.sub(r"\*\*", "", s).split(".")[0].lower() for s in steps],
        f"/faq/{article.pk}/",
        f"/open/{article.pk}/",
    ]


def readable(text: str, echoed: str = "") -> str:
    """The text a reader sees, folded: marks and JSON escapes gone, what they typed taken
    out (a search repeats its words back)."""
    text = html_module.unescape(text).replace("<mark>", "").replace("</mark>", "")
    for form in {echoed, quote(echoed), quote_plus(echoed), json.dumps(echoed)[1:-1]} - {""}:
        text = text.replace(form, " ")
    return text.lower()


def found(client: Client, path: str, params: dict | None = None, **headers) -> str:
    response = client.get(path, params or {}, **headers)
    assert response.status_code in (200, 404), (path, params, response.status_code)
    return response.content.decode()


def surfaces(client: Client) -> list[tuple[str, str, str]]:
    """(where, body, what the reader typed there) for every page, feed and API answer an
    outsider can ask for."""
    got: list[tuple[str, str, str]] = []
    topics = list(Topic.objects.values_list("slug", flat=True))
    pages = ["/", "/sv/", "/de/", "/sitemap.xml", "/feed/", "/sv/feed/", "/search/", "/ask/"]
    pages += [f"/topics/{slug}/" for slug in topics] + [f"/topics/{slug}/feed/" for slug in topics]
    api = ["/api/v1/articles/?limit=100", "/api/v1/articles/?language=sv&limit=100"]
    api += ["/api/v1/topics/", "/api/v1/topics/?language=de"]
    api += [f"/api/v1/articles/?topic={slug}&limit=100" for slug in topics]
    for path in pages + api:
        got.append((path, found(client, path), ""))
        got.append((f"{path} (htmx)", found(client, path, **HTMX), ""))
    for query in SEARCHES:
        for path, key, headers in [
            ("/search/", "q", {}),
            ("/search/", "q", HTMX),
            ("/sv/search/", "q", {}),
            ("/search/suggest/", "q", HTMX),
            ("/ask/", "question", {}),
            ("/ask/answers/", "question", HTMX),
            ("/api/v1/search/", "q", {}),
            ("/api/v1/suggest/", "q", {}),
        ]:
            got.append(
                (f"{path}?{key}={query}", found(client, path, {key: query}, **headers), query)
            )
        for slug in ("endnote", "licences-activation"):
            params = {"q": query, "topic": slug}
            got.append((f"/search/ {params}", found(client, "/search/", params), query))
            got.append(
                (f"/api/v1/search/ {params}", found(client, "/api/v1/search/", params), query)
            )
    # Every answer the reader may read, the internal one's siblings among them: their
    # related lists, their JSON-LD and their print view (the same page, printed).
    listed = json.loads(found(client, "/api/v1/articles/?limit=100"))["items"]
    for item in listed:
        article = Article.objects.get(pk=item["id"])
        for language in ("en", "sv"):
            url = article_url_in(article, language)
            got.append((url, found(client, url), ""))
        got.append((f"api {article.pk}", found(client, f"/api/v1/articles/{article.pk}/"), ""))
    return got


def assert_no_trace(client: Client, article: Article, *extra: str) -> int:
    checked = 0
    for where, body, typed in surfaces(client):
        text = readable(body, typed)
        for trace in [*traces(article), *extra]:
            assert trace.lower() not in text, f"{trace!r} found on {where}"
        checked += 1
    return checked


def test_an_anonymous_reader_finds_no_trace_of_the_internal_answer(internal):
    members = Article.objects.get(slug=MEMBERS_SLUG)
    # Nor of the answer for signed-in users: its question and its id.
    checked = assert_no_trace(Client(), internal, members.question, f"/faq/{members.pk}/")
    assert checked > 200


def test_a_signed_in_reader_finds_no_trace_of_the_internal_answer(internal):
    client = signed_in()
    members = Article.objects.get(slug=MEMBERS_SLUG)
    # They do read the answer for signed-in users, and the surfaces above do reach it.
    assert client.get(members.get_absolute_url()).status_code == 200
    assert members.question.lower() in readable(found(client, "/search/", {"q": "loan laptop"}))
    assert_no_trace(client, internal)


def test_the_internal_answer_is_there_for_staff(internal):
    staff = Client()
    staff.force_login(get_user_model().objects.get(username="pliang"))
    assert INTERNAL_WORD in found(staff, internal.get_absolute_url())
    results = found(staff, "/search/", {"q": INTERNAL_WORD})
    assert f"/search/open/{internal.pk}/" in results
    assert ">Internal</span>" in results


# Guessing ids and slugs.


def without_tokens(content: bytes) -> str:
    return TOKEN.sub(r"\1…", content.decode())


def probe(client: Client, path: str):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    # The statements with their values taken out: the same work, whatever was asked.
    shapes = [re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in ctx.captured_queries]
    return response, shapes


@pytest.mark.parametrize("who", ["anonymous", "signed-in reader"])
def test_a_staff_answers_id_and_slug_answer_as_an_id_that_does_not_exist(who):
    topic = make_topic("Desk", audience=Audience.STAFF)
    secret = make_article(
        "How do we reset the licence server?", topics=[topic], audience=Audience.STAFF
    )
    public = make_article("How do I renew my licence?")
    missing = 10**7 + 3  # a different number of digits from the real ids
    assert not Article.objects.filter(pk=missing).exists()
    pairs = [
        (secret.get_absolute_url(), f"/faq/{missing}/{secret.slug}/"),
        (f"/faq/{secret.pk}/{public.slug}/", f"/faq/{missing}/x/"),
        (f"/faq/{secret.pk}/", f"/faq/{missing}/"),
        ("/topics/desk/", "/topics/no-such-topic-at-all/"),
    ]
    for closed, absent in pairs:
        client = Client() if who == "anonymous" else signed_in()
        first, first_work = probe(client, closed)
        second, second_work = probe(client, absent)
        assert first.status_code == second.status_code == 404, closed
        assert len(first.content) == len(second.content), closed
        assert without_tokens(first.content) == without_tokens(second.content), closed
        assert first_work == second_work, closed
        assert "reset the licence server" not in first.content.decode()
    api_closed = Client().get(f"/api/v1/articles/{secret.pk}/")
    api_absent = Client().get(f"/api/v1/articles/{missing}/")
    assert api_closed.status_code == api_absent.status_code == 404
    assert api_closed.content == api_absent.content


def test_an_answer_for_signed_in_users_prompts_an_anonymous_reader_to_sign_in():
    article = make_article("How do I borrow a laptop?", audience=Audience.SIGNED_IN)
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 403
    html = response.content.decode()
    assert f'href="/accounts/login/?next=/faq/{article.pk}/"' in html
    assert "borrow" not in html.lower()
    assert "laptop" not in html.lower()
    # The prompt says what to do, and offers a way home and to the team.
    assert "Sign in to read this answer" in html
    assert 'href="/ask/"' in html
    assert 'class="button button--quiet" href="/"' in html
    # Signing in brings the reader back to the answer.
    get_user_model().objects.create_user("reader", password="pw-for-tests-only")
    client = Client()
    signed = client.post(
        f"/accounts/login/?next=/faq/{article.pk}/",
        {"username": "reader", "password": "pw-for-tests-only", "next": f"/faq/{article.pk}/"},
    )
    assert signed.status_code == 302
    assert signed["Location"] == f"/faq/{article.pk}/"
    assert client.get(signed["Location"], follow=True).status_code == 200

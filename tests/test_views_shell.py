"""The article page from its cached shell: the same page as rendered whole, and the
reader's own parts filled in (every change showing on the next request:
test_views_shell_changes)."""

import gzip
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from faq import selectors, services
from faq.article_context import tracker_context
from faq.models import Step
from faq.views.shell import forget_local
from faq.visitors import RequestVisitor
from tests.factories import make_article, make_topic

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0"}
HTMX = {"HTTP_HX_REQUEST": "true"}
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([^"]*)')


def endnote_articles():
    """The sync article (13 steps) and one related to it, under the EndNote topic."""
    endnote = make_topic("EndNote")
    make_article("How do I move my EndNote library?", topics=[endnote])
    return make_article("How do I sync my EndNote library?", steps=13, topics=[endnote])


@pytest.fixture
def article():
    return endnote_articles()


def url(article, tail=""):
    return f"{article.get_absolute_url()}{tail}"


def step_id(article, position):
    return article.steps.get(position=position).pk


def returning_reader(article, *, done=5, vote="yes") -> Client:
    """A reader who ticked the first steps and voted, all with htmx (no messages left)."""
    reader = Client(**BROWSER)
    reader.get(url(article))
    for position in range(1, done + 1):
        reader.post(url(article, f"steps/{step_id(article, position)}/"), {"done": "1"}, **HTMX)
    if vote:
        reader.post(url(article, "vote/"), {"helpful": vote}, **HTMX)
    return reader


def page(client, article) -> str:
    response = client.get(url(article))
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(html: str) -> str:
    return TOKEN.sub(r"\1…", html)


def queries(client, article) -> int:
    with CaptureQueriesContext(connection) as ctx:
        page(client, article)
    return len(ctx.captured_queries)


def readers(article) -> dict[str, Client]:
    stuck = returning_reader(article, done=3, vote="")
    stuck.post(url(article, f"steps/{step_id(article, 4)}/stuck/"), {"message": "No"}, **HTMX)
    finished = returning_reader(article, done=13, vote="no")
    finished.post(url(article, "progress/outcome/"), {"worked": "yes"}, **HTMX)
    return {
        "crawler": Client(),
        "first-time reader": Client(**BROWSER),
        "returning reader": returning_reader(article),
        "stuck reader": stuck,
        "finished reader": finished,
    }


def test_the_cached_page_is_the_page_rendered_whole(article, settings):
    settings.VIEW_BUFFER_SIZE = 1  # each counted view written at once, so both pages count it
    for name, reader in readers(article).items():
        settings.ARTICLE_SHELL_SECONDS = 0
        whole = without_tokens(page(reader, article))
        settings.ARTICLE_SHELL_SECONDS = 600
        # Built, then from the cache.
        assert without_tokens(page(reader, article)) == whole, name
        assert without_tokens(page(reader, article)) == whole, name


def test_a_returning_reader_without_javascript_gets_their_progress_and_vote(article):
    reader = returning_reader(article)
    page(Client(), article)  # cached for everyone first
    html = page(reader, article)
    assert "5 of 13 steps done" in html
    assert len(re.findall(r'class="step is-done"', html)) == 5
    assert "Resume at step 6" in html
    assert re.search(r'id="vote-yes"[^>]*\s+aria-pressed="true"', html)
    assert "Thanks for letting us know." in html
    # Someone else gets the blank page from the same cache.
    other = page(Client(**BROWSER), article)
    assert "0 of 13 steps done" in other
    assert "is-done" not in other


def test_query_counts_of_each_kind_of_reader(article):
    page(Client(), article)
    # The article's row with the content version, nothing else: no view write either.
    assert queries(Client(), article) == 1
    assert queries(Client(**BROWSER), article) == 1
    # The same one query for a reader who comes back: the counters with their run,
    # its checks and stuck reports, their vote and whether today's read is written.
    assert queries(returning_reader(article), article) == 1


def test_each_response_has_its_own_csrf_token_and_a_first_time_reader_can_vote(article):
    page(Client(), article)
    reader = Client(enforce_csrf_checks=True, **BROWSER)
    first, second = page(reader, article), page(reader, article)
    tokens = {t for _, t in TOKEN.findall(first)}
    assert len(tokens) == 1
    assert tokens.isdisjoint(t for _, t in TOKEN.findall(second))
    vote = reader.post(
        url(article, "vote/"), {"helpful": "yes", "csrfmiddlewaretoken": tokens.pop()}
    )
    assert vote.status_code == 303


def test_counters_show_on_the_next_request(article):
    assert re.search(r"<dt>Views</dt><dd>1</dd>", page(Client(**BROWSER), article))
    # Each counted reader sees their own view at once; everyone sees it once written.
    assert re.search(r"<dt>Views</dt><dd>1</dd>", page(Client(**BROWSER), article))
    Client(**BROWSER).post(url(article, "vote/"), {"helpful": "no"})
    services.article_views_flush()
    html = page(Client(), article)
    assert re.search(r"<dt>Views</dt><dd>2</dd>", html)
    assert 'aria-label="1 people said no"' in html


def test_signed_in_readers_and_readers_with_a_message_get_the_page_rendered_whole(
    article, django_user_model
):
    page(Client(), article)
    user = django_user_model.objects.create_user("reader", password="a-long-password-1")
    member = Client(**BROWSER)
    member.force_login(user)
    assert "Sign out" in page(member, article)
    # A vote without JavaScript comes back with a message, shown once.
    reader = Client(**BROWSER)
    reader.post(url(article, "vote/"), {"helpful": "yes"})
    html = page(reader, article)
    assert 'class="messages"' in html
    assert 'class="messages"' not in page(reader, article)


def test_content_the_shell_cannot_mark_falls_back_to_rendering_whole(article):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL stores no NUL in text at all.")
    Step.objects.filter(article=article, position=2).update(body_html="<p>a\x00b</p>")
    html = page(Client(), article)
    assert "Do thing number 1." in html
    assert "a\x00b" in html


def _step_update_rendered_whole(reader, article, position) -> str:
    """The tick's named partial rendered from the page's context, as before the shell."""
    request = RequestFactory(HTTP_HOST="testserver").post("/")
    request.COOKIES.update({k: v.value for k, v in reader.cookies.items()})
    request.visitor = RequestVisitor(request)
    request.user = AnonymousUser()
    page = selectors.article_page(pk=article.pk, user=request.user, visitor=request.visitor.ref)
    context = tracker_context(page, row=page.row(step_id(article, position)), oob=True)
    return render_to_string("faq/article_detail.html#step-update", context, request)


@pytest.mark.parametrize(("position", "done"), [(6, "1"), (3, "0"), (13, "1")])
def test_a_ticks_answer_is_its_partial_rendered_whole(article, position, done):
    reader = returning_reader(article, done=12)
    reader.post(url(article, f"steps/{step_id(article, 4)}/stuck/"), {"message": "No"}, **HTMX)
    response = reader.post(
        url(article, f"steps/{step_id(article, position)}/"), {"done": done}, **HTMX
    )
    assert response.status_code == 200
    expected = _step_update_rendered_whole(reader, article, position)
    assert without_tokens(response.content.decode()) == without_tokens(expected)


def test_a_shell_first_built_by_a_tick_links_sign_in_back_to_the_article(article):
    reader = Client(**BROWSER)
    tick = reader.post(url(article, f"steps/{step_id(article, 1)}/"), {"done": "1"}, **HTMX)
    assert tick.status_code == 200
    html = page(Client(), article)
    assert f'href="/accounts/login/?next={url(article)}"' in html.replace("%2F", "/")
    assert "steps/" not in re.search(r'href="/accounts/login/[^"]*"', html).group()


def test_a_crawler_gets_no_cookies_and_no_token_and_a_browser_both(article):
    crawler = Client().get(url(article))
    assert crawler.status_code == 200
    assert not crawler.cookies
    assert {t for _, t in TOKEN.findall(crawler.content.decode())} == {""}
    bot = Client(HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    assert not bot.get(url(article)).cookies
    reader = Client(**BROWSER).get(url(article))
    assert {"hd_visitor", "csrftoken"} <= set(reader.cookies)
    assert "" not in {t for _, t in TOKEN.findall(reader.content.decode())}


@pytest.mark.parametrize("who", ["first-time reader", "returning reader", "stuck reader"])
def test_the_page_compressed_once_is_the_page_sent_plain(article, who, settings):
    settings.VIEW_BUFFER_SIZE = 1
    reader = readers(article)[who]
    plain = page(reader, article)
    responses = [reader.get(url(article), HTTP_ACCEPT_ENCODING="gzip, br") for _ in range(4)]
    for response in responses:
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        assert without_tokens(html) == without_tokens(plain)
    # BREACH: padding and a token masked afresh make every response's bytes its own.
    assert len({r.content for r in responses}) == 4
    # A stuck step's help is the reader's own: their page is deflated part by part.
    assert len(responses[0].content) < len(plain) / (2 if who == "stuck reader" else 4)


def test_an_htmx_tick_is_one_statement_on_postgresql_and_five_on_sqlite(article):
    reader = returning_reader(article, done=4)
    page(reader, article)  # the cached page, built
    tick = url(article, f"steps/{step_id(article, 5)}/")
    with CaptureQueriesContext(connection) as ctx:
        response = reader.post(tick, {"done": "1"}, **HTMX)
    assert "5 of 13 steps done" in response.content.decode()
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    if connection.vendor == "postgresql":
        assert len(statements) == 1
        assert statements[0].startswith("SELECT * FROM faq_step_tick(")
    else:
        # The step and the reader's row, the run, the check, the run's rollup, and the
        # counters with the reader's state read back.
        assert len(statements) == 5, statements


def test_a_readers_second_view_of_the_day_is_not_counted_again_even_when_written(article):
    reader = Client(**BROWSER)
    page(reader, article)
    services.article_views_flush()
    forget_local()  # another server process: it holds nothing of this reader
    cache.clear()
    html = page(reader, article)
    services.article_views_flush()
    assert re.search(r"<dt>Views</dt><dd>1</dd>", html)
    article.refresh_from_db()
    assert article.view_count == 1


READER_ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("tick"), st.integers(1, 4), st.booleans()),
        st.tuples(st.just("stuck"), st.integers(1, 4), st.just(True)),
        st.tuples(st.just("vote"), st.sampled_from(["yes", "no"]), st.just(True)),
        st.tuples(st.just("reset"), st.just(0), st.just(True)),
        st.tuples(st.just("outcome"), st.sampled_from(["yes", "no"]), st.just(True)),
    ),
    max_size=12,
)


@examples(max_examples=30, deadline=None, derandomize=True, database=None)
@given(actions=READER_ACTIONS)
def test_any_readers_page_and_ticks_from_the_cache_are_the_page_rendered_whole(actions):
    """Parts are kept rendered by their state (views/shell/parts.py): whatever a reader did, the
    page and each tick's answer are what rendering them whole gives."""
    forget_local()
    cache.clear()
    article = make_article("How do I sync?", steps=4)
    reader = Client(**BROWSER)
    reader.get(url(article))
    for action, which, flag in actions:
        if action == "tick":
            response = reader.post(
                url(article, f"steps/{step_id(article, which)}/"),
                {"done": "1" if flag else "0"},
                **HTMX,
            )
            expected = _step_update_rendered_whole(reader, article, which)
            assert without_tokens(response.content.decode()) == without_tokens(expected)
        elif action == "stuck":
            reader.post(url(article, f"steps/{step_id(article, which)}/stuck/"), {}, **HTMX)
        elif action == "vote":
            reader.post(url(article, "vote/"), {"helpful": which}, **HTMX)
        elif action == "reset":
            reader.post(url(article, "progress/reset/"), {}, **HTMX)
        else:
            reader.post(url(article, "progress/outcome/"), {"worked": which}, **HTMX)
        with override_settings(ARTICLE_SHELL_SECONDS=0):
            whole = without_tokens(page(reader, article))
        assert without_tokens(page(reader, article)) == whole

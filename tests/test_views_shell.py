"""The article page from its cached shell: the same page as rendered whole, the
reader's own parts filled in, and every change showing on the next request."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from faq import selectors, services
from faq.models import Article, Step, Team, Topic
from faq.views.context import tracker_context
from faq.visitors import RequestVisitor
from tests.factories import make_article, make_topic

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0"}
HTMX = {"HTTP_HX_REQUEST": "true"}
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([^"]+)')


@pytest.fixture
def article():
    endnote = make_topic("EndNote")
    make_article("How do I move my EndNote library?", topics=[endnote])
    return make_article("How do I sync my EndNote library?", steps=13, topics=[endnote])


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
    # And one more for the reader's run, its checks and stuck reports, and their vote.
    assert queries(returning_reader(article), article) == 2


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


def _edit_question(article):
    article.question = "How do I sync EndNote 2025?"
    services.article_save(article=article)
    return re.escape("How do I sync EndNote 2025?")


def _edit_step(article):
    steps = list(article.steps.order_by("position"))
    items = [services.StepInput(body=s.body, position=s.position, step=s) for s in steps]
    items[6] = services.StepInput(body="Open **Sync Preferences**.", position=7, step=steps[6])
    services.step_list_save(article=article, steps=items)
    return re.escape("Open <strong>Sync Preferences</strong>.")


def _reorder_steps(article):
    steps = list(article.steps.order_by("position"))
    items = [services.StepInput(body=s.body, position=14 - s.position, step=s) for s in steps]
    services.step_list_save(article=article, steps=items)
    return (
        r'id="step-1">\s*<span class="step__number" aria-hidden="true">1</span>\s*'
        r'<div class="step__main">\s*<div class="step__body prose"><p>Do thing number 13\.'
    )


def _remove_step(article):
    steps = list(article.steps.order_by("position"))
    items = [services.StepInput(body=s.body, position=s.position, step=s) for s in steps[1:]]
    services.step_list_save(article=article, steps=items, deleted=[steps[0]])
    return re.escape("12 steps")


def _related_question(article):
    other = Article.objects.get(question="How do I move my EndNote library?")
    other.question = "How do I move my library to a new computer?"
    services.article_save(article=other)
    return re.escape("How do I move my library to a new computer?")


def _new_related(article):
    make_article("How do I share an EndNote group?", topics=list(article.topics.all()))
    return re.escape("How do I share an EndNote group?")


@pytest.mark.parametrize(
    "change",
    [_edit_question, _edit_step, _reorder_steps, _remove_step, _related_question, _new_related],
)
def test_a_change_through_the_services_shows_on_the_next_request(article, change):
    reader = returning_reader(article)
    for client in (Client(), reader):
        page(client, article)
    expected = change(article)
    assert re.search(expected, page(Client(), article))
    assert re.search(expected, page(reader, article))


def test_staff_edits_in_the_admin_show_on_the_next_request(article, admin_client):
    page(Client(), article)
    topic, team = Topic.objects.get(name="EndNote"), article.team
    admin_client.post(
        f"/admin/faq/topic/{topic.pk}/change/",
        {"name": "EndNote 21", "slug": topic.slug, "description": ""},
    )
    admin_client.post(
        f"/admin/faq/team/{team.pk}/change/", {"name": "Library IT", "email": team.email}
    )
    html = page(Client(), article)
    assert ">EndNote 21</a>" in html
    assert "<dd>Library IT</dd>" in html


def test_unpublishing_or_deleting_in_the_admin_takes_the_page_down(article, admin_client):
    other = Article.objects.get(question="How do I move my EndNote library?")
    for client in (Client(), returning_reader(article)):
        page(client, article)
        page(client, other)
    assert other.question in page(Client(), article)  # as a related article
    admin_client.post(
        "/admin/faq/article/",
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )
    assert Client().get(url(other)).status_code == 404
    assert other.question not in page(Client(), article)
    article.status = Article.Status.DRAFT
    services.article_save(article=article)
    assert Client().get(url(article)).status_code == 404
    assert returning_reader(article).get(url(article)).status_code == 404


def test_deleting_a_team_or_topic_in_the_admin_shows_too(article, admin_client):
    page(Client(), article)
    topic = Topic.objects.get(name="EndNote")
    admin_client.post(f"/admin/faq/topic/{topic.pk}/delete/", {"post": "yes"})
    assert not Topic.objects.exists()
    assert ">EndNote</a>" not in page(Client(), article)
    spare = Team.objects.create(name="Spare team")
    admin_client.post(f"/admin/faq/team/{spare.pk}/delete/", {"post": "yes"})
    assert not Team.objects.filter(pk=spare.pk).exists()


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
    page = selectors.article_page(pk=article.pk, user=request.user, visitor=request.visitor)
    context = tracker_context(request, page, row=page.row(step_id(article, position)), oob=True)
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

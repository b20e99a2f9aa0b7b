"""The step tracker's endpoints, as plain form posts and as htmx requests."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from faq.models import Article, Check, Run, StuckReport
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def article():
    return make_article("How do I sync?", steps=3)


def step(article, position):
    return article.steps.get(position=position)


def step_url(article, position):
    return f"{article.get_absolute_url()}steps/{step(article, position).pk}/"


def stuck_url(article, position):
    return step_url(article, position) + "stuck/"


def test_tick_without_javascript_goes_back_to_the_step(client, article):
    response = client.post(step_url(article, 1), {"done": "1"})
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#step-1"
    html = client.get(response["Location"]).content.decode()
    assert re.search(r'id="step-toggle-\d+" aria-pressed="true" aria-label="Step 1 done"', html)
    assert re.search(r'<li class="step is-done" id="step-1">', html)
    assert "1 of 3 steps done" in html
    assert re.search(r'href="#step-2">Resume at step 2</a>', html)


def test_tick_with_htmx_returns_the_step_and_the_progress(client, article):
    response = client.post(step_url(article, 2), {"done": "1"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<li class="step is-done" id="step-2">')
    assert html.count('<li class="step') == 1
    assert re.search(r'id="progress-bar" hx-swap-oob="true"', html)
    assert re.search(
        r'id="progress-card" aria-labelledby="progress-title" hx-swap-oob="true"', html
    )
    assert 'id="run-done" class="run-done-slot" hx-swap-oob="true"' in html
    assert "Step 2 done. 1 of 3 steps done." in html


def test_untick(client, article):
    client.post(step_url(article, 1), {"done": "1"})
    response = client.post(step_url(article, 1), {"done": "0"}, **HTMX)
    assert "Step 1 not done. 0 of 3 steps done." in response.content.decode()
    assert Check.objects.count() == 0


def test_double_submit_leaves_one_check(client, article):
    for _ in range(2):
        client.post(step_url(article, 1), {"done": "1"})
    assert Check.objects.count() == 1


def test_last_tick_asks_did_it_work_and_records_the_answer(client, article):
    for position in (1, 2):
        client.post(step_url(article, position), {"done": "1"})
    html = client.post(step_url(article, 3), {"done": "1"}, **HTMX).content.decode()
    assert "All done. Did it work?" in html
    outcome = f"{article.get_absolute_url()}progress/outcome/"
    response = client.post(outcome, {"worked": "yes"}, **HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="run-done"')
    assert "Great, thanks for telling us." in response.content.decode()
    assert Run.objects.get().outcome == "worked"
    assert client.post(outcome, {"worked": "no"}).status_code == 303
    assert Run.objects.get().outcome == "failed"


def test_outcome_before_the_last_step_is_refused(client, article):
    client.post(step_url(article, 1), {"done": "1"})
    response = client.post(f"{article.get_absolute_url()}progress/outcome/", {"worked": "yes"})
    assert response.status_code == 400
    assert Run.objects.get().outcome == ""


def test_reset_without_and_with_javascript(client, article):
    reset = f"{article.get_absolute_url()}progress/reset/"
    client.post(step_url(article, 1), {"done": "1"})
    response = client.post(reset)
    assert response.status_code == 303
    assert "0 of 3 steps done" in client.get(article.get_absolute_url()).content.decode()
    client.post(step_url(article, 2), {"done": "1"})
    html = client.post(reset, **HTMX).content.decode()
    assert html.lstrip().startswith('<div id="tracker">')
    assert "is-done" not in html
    assert Run.objects.count() == 2
    assert Run.objects.filter(reset_at__isnull=True).count() == 0


def test_stuck_without_javascript_offers_the_team_and_related(client, article):
    client.post(step_url(article, 1), {"done": "1"})
    response = client.post(stuck_url(article, 2), {"message": "No Sync menu here."})
    assert response.status_code == 303
    assert response["Location"].endswith("#step-2")
    html = client.get(response["Location"]).content.decode()
    assert "The team now knows where you got stuck." in html
    assert "The team knows you are stuck on step 2." in html
    step = article.steps.get(position=2)
    assert f'href="/ask/?article={article.pk}&amp;step={step.pk}&amp;came_from=stuck"' in html
    report = StuckReport.objects.get()
    assert (report.step_position, report.done_positions) == (2, [1])


def test_stuck_with_htmx_swaps_the_step(client, article):
    response = client.post(stuck_url(article, 3), {"message": ""}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<li class="step is-stuck" id="step-3">')
    assert '<details class="stuck" open>' in html


def test_staff_read_and_resolve_stuck_reports_in_the_inbox(admin_client, client, article):
    client.post(stuck_url(article, 2), {"message": "<b>help</b>"})
    report = StuckReport.objects.get()
    listing = admin_client.get("/admin/faq/inboxitem/", {"kind__exact": "stuck"}).content.decode()
    assert "&lt;b&gt;help&lt;/b&gt;" in listing
    assert "Stuck on step 2" in listing
    response = admin_client.post(
        "/admin/faq/inboxitem/",
        {"action": "mark_resolved", "_selected_action": [report.inbox_item.pk]},
    )
    assert response.status_code == 302
    report.inbox_item.refresh_from_db()
    assert report.inbox_item.status == "resolved"
    html = client.get(article.get_absolute_url()).content.decode()
    assert "The team knows you are stuck" not in html


@pytest.mark.parametrize(
    ("data", "status"), [({"done": "maybe"}, 400), ({}, 400), ({"done": "1\x00"}, 400)]
)
def test_junk_ticks_are_refused(client, article, data, status):
    assert client.post(step_url(article, 1), data).status_code == status
    assert Check.objects.count() == 0


def test_huge_stuck_message_is_refused(client, article):
    response = client.post(stuck_url(article, 1), {"message": "x" * 100_000})
    assert response.status_code == 400
    assert StuckReport.objects.count() == 0


def test_steps_of_other_articles_unknown_steps_and_drafts_are_404(client, article):
    other = make_article(steps=2)
    draft = make_article(steps=1, status=Article.Status.DRAFT)
    foreign = f"{article.get_absolute_url()}steps/{other.steps.first().pk}/"
    assert client.post(foreign, {"done": "1"}).status_code == 404
    assert client.post(foreign + "stuck/", {"message": ""}).status_code == 404
    assert (
        client.post(f"{article.get_absolute_url()}steps/99999/", {"done": "1"}).status_code == 404
    )
    assert client.post(step_url(draft, 1), {"done": "1"}).status_code == 404
    assert client.post(f"{draft.get_absolute_url()}progress/reset/").status_code == 404
    assert Check.objects.count() == 0
    assert Run.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_wrong_method_is_405(client, article, method):
    for url in [
        step_url(article, 1),
        stuck_url(article, 1),
        f"{article.get_absolute_url()}progress/reset/",
    ]:
        assert getattr(client, method)(url).status_code == 405


def test_missing_or_forged_csrf_is_403(article):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(step_url(article, 1), {"done": "1"}).status_code == 403
    forged = {"done": "1", "csrfmiddlewaretoken": "y" * 64}
    assert strict.post(step_url(article, 1), forged).status_code == 403
    assert Check.objects.count() == 0


def test_ticks_are_rate_limited_per_reader(client, article, settings):
    settings.RATE_LIMIT_STEPS = "4/d"
    codes = [client.post(step_url(article, 1), {"done": str(i % 2)}).status_code for i in range(7)]
    assert codes[:5] == [303] * 5
    assert codes[5:] == [429, 429]


def test_article_page_query_count_is_constant_with_a_run(client):
    small, big = make_article(steps=4), make_article(steps=12)
    for position in (1, 2):
        client.post(step_url(small, position), {"done": "1"})
    for position in range(1, 11):
        client.post(step_url(big, position), {"done": "1"})
    client.post(stuck_url(big, 11), {"message": ""})

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    # The first views show the ticks' messages and then build the cached pages.
    for _ in range(2):
        count(small.get_absolute_url())
        count(big.get_absolute_url())
    # One: the article's row with the run, its checks and stuck reports, and the vote.
    assert count(small.get_absolute_url()) == count(big.get_absolute_url()) == 1


def test_progress_follows_a_signed_in_reader_to_another_browser(article, django_user_model):
    django_user_model.objects.create_user("reader", password="a-long-password-1")
    login = {"username": "reader", "password": "a-long-password-1"}
    laptop, phone = Client(), Client()
    laptop.post(step_url(article, 1), {"done": "1"})  # before signing in
    laptop.post("/accounts/login/", login)
    laptop.post(step_url(article, 2), {"done": "1"})
    phone.post("/accounts/login/", login)
    html = phone.get(article.get_absolute_url()).content.decode()
    assert "2 of 3 steps done" in html
    assert "Saved to your account, on every device." in html


def test_changed_article_says_so(client, article):
    from faq import services

    client.post(step_url(article, 1), {"done": "1"})
    steps = list(article.steps.order_by("position"))
    services.step_list_save(
        article=article,
        steps=[services.StepInput(body=s.body, position=s.position, step=s) for s in steps[:2]],
        deleted=[steps[2]],
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "This article changed since you started." in html
    assert "1 of 2 steps done" in html


def _statements(ctx) -> list[str]:
    # Savepoints come from the test's own transaction; a server runs BEGIN/COMMIT.
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]


def test_an_htmx_tick_reads_the_step_and_the_progress_only(client):
    article = make_article("How do I sync?", steps=13)
    steps = list(article.steps.order_by("position"))
    for s in steps[:4]:
        client.post(f"{article.get_absolute_url()}steps/{s.pk}/", {"done": "1"}, **HTMX)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            f"{article.get_absolute_url()}steps/{steps[4].pk}/", {"done": "1"}, **HTMX
        )
    assert response.status_code == 200
    assert "5 of 13 steps done" in response.content.decode()
    assert len(_statements(ctx)) <= 6, _statements(ctx)
    with CaptureQueriesContext(connection) as ctx:
        client.post(f"{article.get_absolute_url()}steps/{steps[4].pk}/", {"done": "0"}, **HTMX)
    assert len(_statements(ctx)) <= 6, _statements(ctx)


def test_the_last_tick_finishes_the_run_once(client):
    article = make_article("How do I sync?", steps=2)
    first, last = article.steps.order_by("position")
    url = article.get_absolute_url()
    client.post(f"{url}steps/{first.pk}/", {"done": "1"}, **HTMX)
    assert Run.objects.get().finished_at is None
    html = client.post(f"{url}steps/{last.pk}/", {"done": "1"}, **HTMX).content.decode()
    assert "All done. Did it work?" in html
    finished = Run.objects.get().finished_at
    assert finished is not None
    client.post(f"{url}steps/{last.pk}/", {"done": "0"}, **HTMX)
    client.post(f"{url}steps/{last.pk}/", {"done": "1"}, **HTMX)
    assert Run.objects.get().finished_at == finished

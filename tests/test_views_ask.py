"""/ask/: the form as a page and with htmx, where it opens from, the question it files,
the confirmation only its reader sees, and every bad input refused with nothing stored."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from faq import services
from faq.models import Article, AskDeflection, InboxItem, Mail, Question
from tests.factories import make_article, make_team

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
ASK = "/ask/"


@pytest.fixture
def article():
    return make_article(
        "How do I sync my library?",
        steps=["Open EndNote.", "Open Preferences.", "Click Sync.", "Sign in."],
        team=make_team(),
    )


def send(client, about=None, at=None, **fields):
    data = {
        "question": "Sync stops with error 42",
        "details": "It worked yesterday.",
        "email": "reader@example.edu",
        "name": "Ana Reader",
        "website": "",
        **fields,
    }
    if about is not None:
        data.setdefault("article", about.pk)
    if at is not None:
        data.setdefault("step", at.pk)
    return client.post(ASK, data)


def nothing_stored():
    return (
        not Question.objects.exists()
        and not Mail.objects.exists()
        and not DBTaskResult.objects.exists()
        and not InboxItem.objects.exists()
    )


def test_the_header_links_to_the_form_and_it_works_without_javascript(client, article):
    home = client.get("/").content.decode()
    assert f'href="{ASK}"' in home
    page = client.get(ASK).content.decode()
    assert '<form method="post" action="/ask/"' in page
    for name in ("question", "details", "email", "name"):
        assert f'name="{name}"' in page


def test_opened_from_a_stuck_step_it_says_where_the_reader_is(client, article):
    steps = list(article.steps.order_by("position"))
    for step in steps[:2]:
        client.post(f"{article.get_absolute_url()}steps/{step.pk}/", {"done": "1"})
    url = f"{ASK}?article={article.pk}&step={steps[2].pk}&came_from=stuck"
    html = client.get(url).content.decode()
    assert "How do I sync my library?" in html
    assert "You are on step 3." in html
    assert "You have done 2 steps (1, 2)." in html
    assert f'name="step" value="{steps[2].pk}"' in html


def test_the_article_page_sends_stuck_no_and_failed_readers_here(client, article):
    step = article.steps.get(position=2)
    client.post(f"{article.get_absolute_url()}steps/{step.pk}/stuck/", {"message": ""})
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"/ask/?article={article.pk}&amp;step={step.pk}&amp;came_from=stuck" in html
    client.post(f"{article.get_absolute_url()}vote/", {"helpful": "no"})
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"/ask/?article={article.pk}&amp;came_from=no" in html
    for each in article.steps.all():
        client.post(f"{article.get_absolute_url()}steps/{each.pk}/", {"done": "1"})
    client.post(f"{article.get_absolute_url()}progress/outcome/", {"worked": "no"})
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"/ask/?article={article.pk}&amp;came_from=failed" in html


def test_a_question_is_filed_with_its_context_and_its_mail_queued(client, article):
    steps = list(article.steps.order_by("position"))
    client.post(f"{article.get_absolute_url()}steps/{steps[0].pk}/", {"done": "1"})
    response = send(client, article, steps[1], came_from="stuck")
    assert response.status_code == 303
    question = Question.objects.get()
    assert response["Location"] == reverse("faq:ask-sent", args=[question.reference])
    assert re.fullmatch(r"Q-[A-Z2-9]{6}", question.reference)
    assert question.article == article
    assert (question.step_position, question.done_positions) == (2, [1])
    assert question.came_from == "stuck"
    assert question.article_version is not None
    assert question.status == Question.Status.NEW
    item = InboxItem.objects.get()
    assert (item.kind, item.question, item.article) == ("question", question, article)
    mails = {mail.kind: mail for mail in Mail.objects.all()}
    assert mails["confirmation"].to == "reader@example.edu"
    assert mails["notification"].to == article.team.email
    assert question.reference in mails["confirmation"].subject
    assert "Steps done: 1" in mails["notification"].body
    assert DBTaskResult.objects.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert question.reference in page
    assert "reader@example.edu" in page


def test_from_the_header_it_goes_to_a_team_and_says_so(client, article):
    response = send(client)
    assert response.status_code == 303
    question = Question.objects.get()
    assert question.article is None
    assert question.team == article.team
    assert InboxItem.objects.get().article is None


def test_the_confirmation_is_only_for_the_reader_who_asked(client, article):
    reference = send(client, article)["Location"].rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/ask/sent/{reference}/").status_code == 200
    assert Client().get(f"/ask/sent/{reference}/").status_code == 404
    assert client.get("/ask/sent/Q-AAAAAA/").status_code == 404
    assert client.get("/ask/sent/nonsense/").status_code == 404


def test_answers_are_offered_as_the_reader_types_and_count_when_opened(client, article):
    html = client.get("/ask/answers/", {"question": "sync library"}, **HTMX).content.decode()
    assert "<html" not in html
    assert f'href="/ask/open/{article.pk}/"' in html
    # Without JavaScript: the question in the address shows them on the page.
    page = client.get(ASK, {"question": "sync library"}).content.decode()
    assert f'href="/ask/open/{article.pk}/"' in page
    opened = client.get(f"/ask/open/{article.pk}/")
    assert opened.status_code == 302
    assert opened["Location"] == article.get_absolute_url()
    assert AskDeflection.objects.filter(asked=False).count() == 1
    send(client, article)
    assert AskDeflection.objects.get().asked is True


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Ana\r\nBcc: everyone@example.com"),
        ("name", "Ana Bcc: everyone@example.com"),
        ("email", "reader@example.edu\nBcc: everyone@example.com"),
        ("question", "Help\r\nBcc: everyone@example.com"),
        ("question", "cc: boss@example.com about sync"),
        ("email", "not an address"),
        ("email", ""),
        ("question", ""),
        ("question", "x" * 301),
        ("details", "x" * 5001),
        ("name", "x" * 101),
    ],
)
def test_a_bad_field_is_a_form_error_and_nothing_is_sent(client, article, field, value):
    response = send(client, article, **{field: value})
    assert response.status_code == 422
    assert "field__error" in response.content.decode()
    assert nothing_stored()


def test_the_form_with_errors_comes_back_as_a_fragment_for_htmx(client, article):
    response = client.post(ASK, {"question": "", "email": "x"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in html
    assert html.lstrip().startswith('<form method="post" action="/ask/"')
    assert nothing_stored()


@pytest.mark.parametrize(
    "extra",
    [
        {"website": "http://spam.example"},
        {"article": "abc"},
        {"article": "99999"},
        {"step": "99999"},
        {"came_from": "elsewhere"},
    ],
)
def test_bots_and_forged_context_are_refused(client, article, extra):
    response = send(client, article, **extra)
    assert response.status_code == 400
    assert nothing_stored()
    htmx = client.post(ASK, {"question": "Hi", "email": "a@example.edu", **extra}, **HTMX)
    assert htmx.status_code == 400
    assert "<html" not in htmx.content.decode()


def test_a_step_of_another_article_is_refused(client, article):
    other = make_article("Another?", steps=1)
    assert send(client, article, other.steps.get()).status_code == 400
    assert client.get(f"{ASK}?article={article.pk}&step={other.steps.get().pk}").status_code == 404
    assert nothing_stored()


def test_links_to_the_form_with_junk_or_unknown_ids(client, article):
    assert client.get(f"{ASK}?article=abc").status_code == 400
    assert client.get(f"{ASK}?article=99999").status_code == 404
    draft = make_article("Draft?", status=Article.Status.DRAFT)
    assert client.get(f"{ASK}?article={draft.pk}").status_code == 404


def test_wrong_methods_and_a_missing_csrf_token_change_nothing(article):
    checked = Client(enforce_csrf_checks=True)
    assert send(checked, article).status_code == 403
    assert Client().put(ASK).status_code == 405
    assert Client().post("/ask/answers/").status_code == 405
    assert nothing_stored()


def test_too_many_questions_get_a_429(client, article, settings):
    settings.RATE_LIMIT_ASK_VISITOR = "2/d"
    client.get(f"/ask/open/{article.pk}/")  # a visitor cookie: the per-reader limit applies
    assert send(client, article).status_code == 303
    assert send(client, article).status_code == 303
    limited = send(client, article)
    assert limited.status_code == 429
    htmx = client.post(ASK, {"question": "Hi"}, **HTMX)
    assert htmx.status_code == 429
    assert "<html" not in htmx.content.decode()
    assert Question.objects.count() == 2


def test_a_question_with_no_team_to_ask_is_refused(client):
    assert send(client).status_code == 409
    assert nothing_stored()


def test_staff_reply_marks_it_answered_and_queues_the_mail(staff_client, article):
    send(Client(), article)
    question = Question.objects.get()
    page = staff_client.get(f"/admin/faq/question/{question.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sync stops with error 42" in html
    assert f"/admin/faq/question/{question.pk}/reply/" in html
    # The inbox lists it and opens the question's own page.
    inbox = staff_client.get("/admin/faq/inboxitem/").content.decode()
    assert f"Question {question.reference}" in inbox
    item = InboxItem.objects.get()
    opened = staff_client.get(f"/admin/faq/inboxitem/{item.pk}/change/")
    assert opened["Location"] == f"/admin/faq/question/{question.pk}/change/"
    reply_url = f"/admin/faq/question/{question.pk}/reply/"
    assert staff_client.get(reply_url).status_code == 405
    assert staff_client.post(reply_url, {"body": "  "}).status_code == 400
    assert staff_client.post(reply_url, {"body": "Sign out and in again."}).status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    reply_mail = Mail.objects.get(kind="reply")
    assert reply_mail.subject == f"Re: [{question.reference}] Sync stops with error 42"
    assert reply_mail.in_reply_to == f"<{question.reference.lower()}.confirmation@localhost>"
    assert InboxItem.objects.get().status == InboxItem.Status.RESOLVED
    closed = staff_client.post(f"/admin/faq/question/{question.pk}/status/", {"status": "closed"})
    assert closed.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.CLOSED


def test_service_refuses_a_step_of_another_article(article):
    other = make_article("Another?", steps=1)
    with pytest.raises(ValueError, match="another article"):
        services.question_ask(
            asked=services.questions.Asked(
                question="Q", details="", email="a@example.edu", name=""
            ),
            language="en",
            visitor=services.visitors.VisitorRef(),
            user=None,
            article=article,
            step=other.steps.get(),
        )


def test_make_this_an_answer_drafts_an_article_once(staff_client, article):
    send(Client(), article)
    question = Question.objects.get()
    staff_client.post(f"/admin/faq/question/{question.pk}/reply/", {"body": "Sign in again."})
    url = f"/admin/faq/question/{question.pk}/answer/"
    assert staff_client.get(url).status_code == 405
    response = staff_client.post(url)
    draft = Article.objects.get(status=Article.Status.DRAFT)
    assert response["Location"] == f"/admin/faq/article/{draft.pk}/change/"
    assert draft.question == "Sync stops with error 42"
    assert draft.answer_intro == "Sign in again."
    assert draft.team == article.team
    # Asked again (a double click): the same draft, not a second one.
    assert staff_client.post(url)["Location"] == response["Location"]
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    page = staff_client.get(f"/admin/faq/question/{question.pk}/change/").content.decode()
    assert "Open the article made from it" in page
    # Readers do not see the draft.
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_the_statistics_count_questions_and_readers_helped_without_asking(staff_client, article):
    step = article.steps.get(position=2)
    helped = Client()
    assert helped.get(f"/ask/open/{article.pk}/").status_code == 302
    opened_then_asked = Client()
    opened_then_asked.get(f"/ask/open/{article.pk}/")
    send(opened_then_asked, article, step)
    send(Client(), article, step)
    overview = staff_client.get("/admin/statistics/").content.decode()
    assert "2 questions asked" in overview
    assert "1 reader helped without asking: 33% deflected" in overview
    funnel = staff_client.get(f"/admin/statistics/articles/{article.pk}/").content.decode()
    row = re.search(r'<span class="helpdesk-step-number">2</span>.*?</tr>', funnel, re.S).group(0)
    link = f"/admin/faq/inboxitem/?article={article.pk}&amp;kind__exact=question"
    assert f'{link}">2</a>' in row
    inbox = staff_client.get(link.replace("&amp;", "&"))
    assert inbox.status_code == 200
    assert inbox.content.decode().count("Question Q-") == 2


def test_a_signed_in_reader_finds_their_address_filled_in(client, django_user_model, article):
    user = django_user_model.objects.create_user(
        "ana", email="ana@example.edu", password="pw-for-tests-only"
    )
    client.force_login(user)
    html = client.get(ASK).content.decode()
    assert 'value="ana@example.edu"' in html
    send(client, article, email="ana@example.edu")
    assert Question.objects.get().user == user

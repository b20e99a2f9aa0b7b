"""What `make run` adds for a newcomer: a staff account printed once, and some reader activity."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import CommandError, call_command
from django.test import Client

from demo import content
from demo.loader import demo_load
from demo.staff import USERNAME
from faq.models import Article, ArticleView, Check, InboxItem, Run, StuckReport, Visitor, Vote
from tests.factories import make_visitor

pytestmark = pytest.mark.django_db

ENDNOTE = "sync-endnote-library-to-new-library"


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def printed_password(output: str) -> str:
    match = re.search(r"^\s*password\s+(\S+)\s*$", output, re.MULTILINE)
    assert match, output
    return match.group(1)


def activity() -> tuple[int, ...]:
    tables = (Visitor, ArticleView, Vote, Run, Check, StuckReport, InboxItem)
    return tuple(model.objects.count() for model in tables)


def test_an_empty_demo_gets_a_superuser_whose_printed_password_signs_in():
    demo_load()
    output = run("demo_staff", "--port", "8123")
    password = printed_password(output)
    assert "http://127.0.0.1:8123/admin/" in output
    assert re.search(rf"^\s*username\s+{USERNAME}\s*$", output, re.MULTILINE)
    assert output.count(password) == 1
    user = get_user_model().objects.get(username=USERNAME)
    assert user.is_staff
    assert user.is_superuser
    assert password not in user.password
    assert user.check_password(password)
    assert len(password) >= 16

    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": USERNAME, "password": password}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    article = Article.objects.get(slug=ENDNOTE)
    for url in (
        "/admin/",
        "/admin/statistics/",
        f"/admin/statistics/articles/{article.pk}/",
        "/admin/faq/inboxitem/",
        f"/admin/faq/article/{article.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url


def test_a_database_with_no_user_at_all_gets_one_too():
    output = run("demo_staff")
    password = printed_password(output)
    assert "http://127.0.0.1:8000/admin/" in output
    assert get_user_model().objects.get(username=USERNAME).check_password(password)


def test_a_second_run_prints_nothing_and_changes_nothing():
    demo_load()
    run("demo_staff")
    before = list(get_user_model().objects.values_list("username", "password", "is_superuser"))
    assert run("demo_staff") == ""
    after = list(get_user_model().objects.values_list("username", "password", "is_superuser"))
    assert after == before


def test_each_database_gets_its_own_password():
    first = printed_password(run("demo_staff"))
    get_user_model().objects.filter(username=USERNAME).delete()
    assert printed_password(run("demo_staff")) != first


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda users: users.create_user("reader", password="pw"), id="a reader"),
        pytest.param(lambda users: users.create_superuser("admin", password="pw"), id="an admin"),
        pytest.param(lambda users: users.create_user("no-password"), id="one without password"),
        # A demo author someone gave a password can sign in: a real account.
        pytest.param(
            lambda users: users.filter(username=content.STAFF[0]["username"]).update(
                password=make_password("pw")
            ),
            id="a demo author with a password",
        ),
    ],
)
def test_a_database_with_any_other_user_gets_none(make_user):
    demo_load()
    users = get_user_model().objects
    make_user(users)
    before = users.count()
    assert run("demo_staff") == ""
    assert users.count() == before
    assert not users.filter(username=USERNAME).exists()


def test_a_bad_port_is_refused_before_anything_is_made():
    with pytest.raises(CommandError, match="port number"):
        call_command("demo_staff", "--port", "99999")
    assert not get_user_model().objects.exists()


def test_reader_activity_is_added_once(monkeypatch, admin_client):
    monkeypatch.delenv("DEMO_ACTIVITY", raising=False)
    output = run("demo_activity")
    assert output.startswith("Reader activity: ")
    assert "runs" in output
    made = activity()
    assert all(made), made
    # The EndNote funnel has enough runs to name the step that loses most readers.
    article = Article.objects.get(slug=ENDNOTE)
    page = admin_client.get(f"/admin/statistics/articles/{article.pk}/")
    assert "of the readers who reach it" in page.content.decode()

    assert (
        run("demo_activity") == "Reader activity: none added, the database already has readers.\n"
    )
    assert activity() == made


def test_no_activity_is_added_beside_real_readers(monkeypatch):
    monkeypatch.delenv("DEMO_ACTIVITY", raising=False)
    demo_load()
    make_visitor()
    before = activity()
    assert "already has readers" in run("demo_activity")
    assert activity() == before


@pytest.mark.parametrize("value", ["0", "off", " No "])
def test_demo_activity_0_adds_none(monkeypatch, value):
    monkeypatch.setenv("DEMO_ACTIVITY", value)
    assert run("demo_activity") == "Reader activity: none added (DEMO_ACTIVITY=0).\n"
    assert not any(activity())
    # Switched on again later, a database with no readers still gets its activity.
    monkeypatch.setenv("DEMO_ACTIVITY", "1")
    run("demo_activity")
    assert Run.objects.exists()


def test_a_junk_demo_activity_is_refused(monkeypatch):
    monkeypatch.setenv("DEMO_ACTIVITY", "maybe")
    with pytest.raises(CommandError, match=r"DEMO_ACTIVITY is 1 .* or 0 .*'maybe'"):
        call_command("demo_activity")
    assert not any(activity())

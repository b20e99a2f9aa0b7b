"""Staff search statistics: what readers searched, what found nothing, and the CSV."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from faq import services
from faq.services.search import PendingSearch, search_buffer
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def _record(day: date, query: str, results: int, opened: bool = False) -> None:
    search_buffer.add(PendingSearch(day=day, query=query, results=results))
    if opened:
        search_buffer.add(PendingSearch(day=day, query=query, results=None, opened=True))
    services.searches_flush()


def test_staff_see_frequent_empty_and_unopened_searches_and_csv(client):
    today = timezone.localdate()
    for _ in range(3):
        _record(today, "endnote sync", 4, opened=True)
    _record(today, "zotero crash", 0)
    _record(today - timedelta(days=1), "licence code", 7)
    _record(today - timedelta(days=200), "ancient", 2)
    staff = make_staff()
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    html = client.get("/admin/statistics/searches/").content.decode()
    frequent, empty, unopened = html.split('class="helpdesk-search-report"')[1:]
    assert frequent.index("endnote sync") < frequent.index("licence code")
    assert "zotero crash" in empty
    assert "endnote sync" not in empty
    assert "licence code" in unopened
    assert "endnote sync" not in unopened
    assert "ancient" not in html
    response = client.get("/admin/statistics/searches/export.csv", {"report": "none"})
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[1].startswith("zotero crash,1,0,0")
    assert client.get("/admin/statistics/searches/export.csv", {"report": "x"}).status_code == 400
    assert "/admin/statistics/searches/" in client.get("/admin/statistics/").content.decode()


def test_search_statistics_are_staff_only(client, django_user_model):
    for url in ("/admin/statistics/searches/", "/admin/statistics/searches/export.csv"):
        assert client.get(url).status_code == 302
        assert "/login/" in client.get(url)["Location"]
    reader = django_user_model.objects.create_user(username="reader", password="x")
    signed_in = Client()
    signed_in.force_login(reader)
    for url in ("/admin/statistics/searches/", "/admin/statistics/searches/export.csv"):
        assert signed_in.get(url).status_code == 403
    staff = Client()
    staff.force_login(make_staff())
    assert staff.get("/admin/statistics/searches/").status_code == 403

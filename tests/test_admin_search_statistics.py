"""Staff search statistics: what readers searched, what found nothing, and the CSV."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from faq import services
from faq.services.search import PendingSearch, search_buffer
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def _record(
    day: date, query: str, results: int, opened: bool = False, language: str = "en"
) -> None:
    search_buffer.add(PendingSearch(day=day, query=query, results=results, language=language))
    if opened:
        search_buffer.add(
            PendingSearch(day=day, query=query, results=None, opened=True, language=language)
        )
    services.searches_flush()


def _lead(client):
    staff = make_staff()
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


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


def _reports(client, **query) -> dict[str, dict[str, tuple[str, ...]]]:
    """Each report's rows on the page, as the cells a lead reads: search, searches, results."""
    html = client.get("/admin/statistics/searches/", query).content.decode()
    found = {}
    parts = html.split('id="report-')[1:]
    for key, part in zip(("frequent", "none", "unopened"), parts, strict=True):
        rows = re.findall(
            r'<th scope="row"><a [^>]*>([^<]*)</a></th><td class="num">(\d+)</td>'
            r'<td class="num">(\d+)</td>',
            part,
        )
        found[key] = {query: (searches, results) for query, searches, results in rows}
    return found


def test_search_statistics_by_language_keep_each_languages_searches(client):
    today = timezone.localdate()
    for _ in range(3):
        _record(today, "endnote sync", 4)
    _record(today, "endnote sync", 0, language="sv")
    for _ in range(2):
        _record(today, "synkronisera bibliotek", 1, opened=True, language="sv")
    _record(today, "zotero absturz", 0, language="de")
    _lead(client)
    every = _reports(client)
    # One day, two languages: 4 searches, averaging 4 and 0 results; found in English.
    assert every["frequent"]["endnote sync"] == ("4", "2")
    assert "endnote sync" not in every["none"]
    assert set(every["none"]) == {"zotero absturz"}
    swedish = _reports(client, language="sv")
    assert swedish["frequent"] == {"synkronisera bibliotek": ("2", "1"), "endnote sync": ("1", "0")}
    # In Swedish it found nothing.
    assert set(swedish["none"]) == {"endnote sync"}
    assert _reports(client, language="en")["frequent"] == {"endnote sync": ("3", "4")}
    html = client.get("/admin/statistics/searches/", {"language": "sv"}).content.decode()
    assert "in Svenska" in html
    assert '<option value="sv" selected>Svenska</option>' in html


def test_search_csv_has_a_language_column(client):
    today = timezone.localdate()
    _record(today, "endnote sync", 4)
    _record(today, "synkronisera", 1, language="sv")
    _lead(client)
    every = client.get("/admin/statistics/searches/export.csv")
    rows = list(csv.reader(io.StringIO(every.content.decode())))
    assert rows[0][-1] == "Language"
    assert sorted((r[0], r[-1]) for r in rows[1:]) == [
        ("endnote sync", "all"),
        ("synkronisera", "all"),
    ]
    swedish = client.get("/admin/statistics/searches/export.csv", {"language": "sv"})
    rows = list(csv.reader(io.StringIO(swedish.content.decode())))
    assert [(r[0], r[-1]) for r in rows[1:]] == [("synkronisera", "sv")]
    assert "-sv.csv" in swedish["Content-Disposition"]


@pytest.mark.parametrize("language", ["xx", "SV", "en-gb", "sv" * 40, "<b>"])
def test_an_unknown_language_is_a_clear_400(client, language):
    _lead(client)
    page = client.get("/admin/statistics/searches/", {"language": language})
    assert page.status_code == 400
    assert "Language" in page.content.decode()
    export = client.get("/admin/statistics/searches/export.csv", {"language": language})
    assert export.status_code == 400

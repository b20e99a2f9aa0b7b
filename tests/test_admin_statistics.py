"""The staff statistics pages and the inbox as a browser sees them: access, bad input, CSV."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from faq import selectors, services
from faq.models import InboxItem
from faq.selectors.statistics import SORTS, Period
from tests.factories import make_article, make_run, make_staff, make_topic, make_visitor

pytestmark = pytest.mark.django_db

SECRET = "How do I sync a secret library?"


@pytest.fixture
def article():
    """An article with readers: two runs, a stuck report, a No vote with a comment."""
    article = make_article(SECRET, steps=3)
    now = timezone.now() - timedelta(hours=2)
    make_run(article, start=now, ticks={1: 0, 2: 3}, stuck=(3, "Step 3 <b>fails</b>"))
    make_run(article, start=now, ticks={1: 0, 2: 1, 3: 2}, outcome="failed")
    visitor = make_visitor()
    services.vote_cast(article=article, visitor=visitor.ref, helpful=False, language="en")
    services.vote_explain(
        article=article,
        visitor=visitor.ref,
        reason="hard_to_follow",
        comment="Too <i>vague</i>",
        language="en",
    )
    return article


def statistics_urls(article) -> list[str]:
    return [
        reverse("admin:faq_statistics"),
        reverse("admin:faq_statistics_csv"),
        reverse("admin:faq_statistics_article", args=[article.pk]),
    ]


def inbox_urls(article) -> list[str]:
    item = InboxItem.objects.filter(article=article).first()
    return [
        reverse("admin:faq_inboxitem_changelist"),
        reverse("admin:faq_inboxitem_change", args=[item.pk]),
    ]


def staff_with(*codenames: str):
    user = make_staff()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_anonymous_readers_get_the_sign_in_page_on_every_url(client, article):
    login = reverse("admin:login")
    for url in statistics_urls(article) + inbox_urls(article):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login), url
        assert SECRET not in client.get(url, follow=True).content.decode()


def test_signed_in_readers_who_are_not_staff_get_a_403_on_every_url(
    client, django_user_model, article
):
    reader = django_user_model.objects.create_user(username="reader", password="x")
    client.force_login(reader)
    for url in statistics_urls(article) + inbox_urls(article):
        response = client.get(url)
        assert response.status_code == 403, url
        assert SECRET not in response.content.decode()


def test_staff_need_the_statistics_permission(client, article):
    client.force_login(staff_with("view_inboxitem"))
    for url in statistics_urls(article):
        assert client.get(url).status_code == 403, url
    for url in inbox_urls(article):
        assert client.get(url).status_code == 200, url
    client.force_login(staff_with("view_statistics"))
    for url in statistics_urls(article):
        assert client.get(url).status_code == 200, url
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:faq_statistics") in index


@pytest.mark.parametrize(
    "query",
    [
        {"period": "fortnight"},
        {"period": "custom", "start": "2026-03-10", "end": "2026-03-01"},
        {"period": "custom", "start": "2026-02-31", "end": "2026-03-01"},
        {"period": "custom", "start": "1900-01-01", "end": "2100-01-01"},
        {"period": "custom"},
        {"topic": "abc"},
        {"topic": "99999999999999999999"},
        {"team": "-1"},
        {"o": "password"},
        {"o": "x" * 5000},
        {"page": "0"},
        {"page": "10" * 30},
        {"language": "xx"},
        {"language": "SV"},
        {"language": "en-gb"},
        {"language": "<script>"},
        {"language": "sv" * 100},
    ],
)
def test_junk_queries_get_a_400_with_the_reason(admin_client, article, query):
    overview = admin_client.get(reverse("admin:faq_statistics"), query)
    assert overview.status_code == 400
    assert '<div class="errornote" role="alert">' in overview.content.decode()
    exported = admin_client.get(reverse("admin:faq_statistics_csv"), query)
    assert exported.status_code == 400
    assert exported["Content-Type"].startswith("text/plain")
    assert exported.content.startswith(b"Bad statistics request: ")
    if set(query) <= {"period", "start", "end", "language"}:
        url = reverse("admin:faq_statistics_article", args=[article.pk])
        assert admin_client.get(url, query).status_code == 400


@pytest.mark.parametrize(
    "query", [{"period": "7\x00"}, {"kind__exact": "\x00"}, {"q": "a\x00"}, {"x\x00": "1"}]
)
def test_a_nul_in_any_admin_query_is_a_400(admin_client, article, query):
    urls = [*statistics_urls(article), *inbox_urls(article), reverse("admin:faq_vote_changelist")]
    for url in urls:
        response = admin_client.get(url, query)
        assert response.status_code == 400, url
        assert b"NUL" in response.content


@pytest.mark.parametrize("pk", ["0", "424242", "99999999999999999999", "1x", "-3"])
def test_unknown_articles_are_a_404(admin_client, pk):
    response = admin_client.get(f"/admin/statistics/articles/{pk}/")
    assert response.status_code == 404


def test_statistics_answer_only_get(admin_client, article):
    for url in statistics_urls(article):
        assert admin_client.post(url).status_code == 405, url


def test_every_column_sorts_both_ways(admin_client, article):
    make_article("An unread answer", steps=1)
    for key in SORTS:
        for sort in (key, f"-{key}"):
            response = admin_client.get(reverse("admin:faq_statistics"), {"o": sort})
            assert response.status_code == 200, sort
    by_views = admin_client.get(reverse("admin:faq_statistics"), {"o": "-started"}).content
    reverse_views = admin_client.get(reverse("admin:faq_statistics"), {"o": "started"}).content
    assert by_views.index(SECRET.encode()) < by_views.index(b"An unread answer")
    assert reverse_views.index(SECRET.encode()) > reverse_views.index(b"An unread answer")


def test_the_csv_is_the_table_on_screen(admin_client, article):
    topic = make_topic("Reference managers")
    make_article("=HYPERLINK(evil)", topics=[topic])
    make_article("Not in the topic")
    query = {"period": "30", "topic": topic.pk, "o": "question"}
    page = admin_client.get(reverse("admin:faq_statistics"), query).content.decode()
    exported = admin_client.get(reverse("admin:faq_statistics_csv"), query)
    assert exported["Content-Disposition"].startswith('attachment; filename="helpdesk-statistics-')
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:4] == ["Article", "Views", "Yes", "No"]
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(evil)", "Total"]
    assert "=HYPERLINK(evil)" in page
    assert "Not in the topic" not in page
    everything = admin_client.get(reverse("admin:faq_statistics_csv"), {"o": "-no"})
    questions = [r[0] for r in csv.reader(io.StringIO(everything.content.decode()))]
    assert questions[1] == SECRET
    assert questions[-1] == "Total"


def test_the_article_page_names_the_worst_step_and_escapes_what_readers_wrote(
    admin_client, article
):
    url = reverse("admin:faq_statistics_article", args=[article.pk])
    html = admin_client.get(url).content.decode()
    assert "Step funnel" in html
    assert "Step 3 &lt;b&gt;fails&lt;/b&gt;" in html
    assert "<b>fails</b>" not in html
    assert "<svg" in html
    assert "<title" in html


def test_pages_cost_the_same_queries_with_more_data(
    admin_client, article, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    urls = [*statistics_urls(article), reverse("admin:faq_inboxitem_changelist")]
    before = [count(url) for url in urls]
    now = timezone.now() - timedelta(hours=1)
    for i in range(12):
        make_run(article, start=now, ticks={1: 0}, stuck=(2, f"Message {i}"))
        make_article(steps=2)
    assert [count(url) for url in urls] == before


def test_inbox_filters_search_and_marks(admin_client, article):
    changelist = reverse("admin:faq_inboxitem_changelist")
    listing = admin_client.get(changelist).content.decode()
    assert "Step 3 &lt;b&gt;fails&lt;/b&gt;" in listing
    assert "Too &lt;i&gt;vague&lt;/i&gt;" in listing
    stuck_only = admin_client.get(changelist, {"kind__exact": "stuck"}).content.decode()
    assert "fails" in stuck_only
    assert "vague" not in stuck_only
    by_reason = admin_client.get(changelist, {"vote__reason__exact": "hard_to_follow"})
    by_reason = by_reason.content.decode()
    assert "vague" in by_reason
    assert "fails" not in by_reason
    other = make_article("Another article")
    assert SECRET in admin_client.get(changelist, {"article": article.pk}).content.decode()
    assert "fails" not in admin_client.get(changelist, {"article": other.pk}).content.decode()
    searched = admin_client.get(changelist, {"q": "vague"}).content.decode()
    assert "vague" in searched
    assert "fails" not in searched
    for junk in ({"status__exact": "zzz"}, {"article": "abc"}, {"article": "9" * 30}):
        assert admin_client.get(changelist, junk).status_code < 500

    assert "3 new" in admin_client.get(reverse("admin:index")).content.decode()
    items = list(InboxItem.objects.values_list("pk", flat=True))
    response = admin_client.post(changelist, {"action": "mark_seen", "_selected_action": items[:2]})
    assert response.status_code == 302
    assert InboxItem.objects.filter(status="seen").count() == 2
    assert "1 new" in admin_client.get(reverse("admin:index")).content.decode()
    seen = admin_client.get(changelist, {"status__exact": "seen"}).content.decode()
    assert seen.count('name="_selected_action"') == 2


def test_inbox_viewers_cannot_mark(client, article):
    client.force_login(staff_with("view_inboxitem"))
    changelist = reverse("admin:faq_inboxitem_changelist")
    assert 'value="mark_resolved"' not in client.get(changelist).content.decode()
    items = list(InboxItem.objects.values_list("pk", flat=True))
    client.post(changelist, {"action": "mark_resolved", "_selected_action": items})
    assert not InboxItem.objects.filter(status="resolved").exists()


def test_an_inbox_item_shows_the_steps_the_reader_had_done(admin_client, article):
    item = InboxItem.objects.get(kind="stuck")
    html = admin_client.get(reverse("admin:faq_inboxitem_change", args=[item.pk])).content
    html = html.decode()
    assert SECRET in html
    assert "Step 3 &lt;b&gt;fails&lt;/b&gt;" in html
    assert "Do thing number 1." in html
    assert "Do thing number 2." in html


def test_a_change_of_mind_takes_the_item_out_of_the_inbox(article):
    vote = InboxItem.objects.get(kind="not_helpful").vote
    services.vote_cast(article=article, visitor=vote.visitor.ref, helpful=True, language="en")
    assert not InboxItem.objects.filter(kind="not_helpful").exists()


@pytest.fixture
def swedish():
    """A Swedish reader's run, stuck report and No vote, and a German reader's view."""
    article = make_article("How do I merge two NVivo projects?", steps=3)
    start = timezone.now() - timedelta(hours=2)
    make_run(article, start=start, ticks={1: 0}, stuck=(2, "Knappen saknas"), language="sv")
    services.vote_cast(article=article, visitor=make_visitor().ref, helpful=False, language="sv")
    services.article_view_record(article=article, visitor_key="a:sv", language="sv")
    services.article_view_record(article=article, visitor_key="a:de", language="de")
    return article


def cells(html: str, heading: str) -> list[str]:
    """The cells of the overview's row that starts with `heading`."""
    row = html.split(heading, 1)[1].split("</tr>", 1)[0]
    return re.findall(r'<td class="num">([^<]*)</td>', row)


def test_the_overview_in_swedish_shows_only_swedish_activity(admin_client, article, swedish):
    url = reverse("admin:faq_statistics")
    every = admin_client.get(url).content.decode()
    # Views, Yes, No, Helpful, Score, Runs, Finished, Completion, Worked, Didn't, Stuck.
    assert cells(every, swedish.question)[:3] == ["2", "0", "1"]
    assert cells(every, SECRET)[5] == "2"
    html = admin_client.get(url, {"language": "sv"}).content.decode()
    assert '<option value="sv" selected>Svenska</option>' in html
    assert "readers in Svenska" in html
    row = cells(html, swedish.question)
    assert (row[0], row[2], row[5], row[10]) == ("1", "1", "1", "1")
    assert cells(html, SECRET) == ["0", "0", "0", "—", "0.00", "0", "0", "—", "0", "0", "0"]
    total = cells(html, ">Total")
    assert (total[0], total[2], total[5], total[10]) == ("1", "1", "1", "1")
    # The links to an article's numbers, the searches and the inbox keep the language.
    assert f"/admin/statistics/articles/{swedish.pk}/?language=sv" in html
    assert "/admin/faq/inboxitem/?language=sv" in html
    german = admin_client.get(url, {"language": "de"}).content.decode()
    assert cells(german, ">Total")[:3] == ["1", "0", "0"]


def test_the_csv_has_a_language_column(admin_client, article, swedish):
    url = reverse("admin:faq_statistics_csv")
    every = list(csv.reader(io.StringIO(admin_client.get(url).content.decode())))
    assert every[0][-1] == "Language"
    assert {row[-1] for row in every[1:]} == {"all"}
    exported = admin_client.get(url, {"language": "sv", "o": "question"})
    assert exported["Content-Disposition"].endswith('-sv.csv"')
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert [(r[0], r[1], r[-1]) for r in rows[1:]] == [
        ("How do I merge two NVivo projects?", "1", "sv"),
        (SECRET, "0", "sv"),
        ("Total", "1", "sv"),
    ]


def test_the_funnel_in_swedish_counts_the_runs_started_in_swedish(admin_client, article, swedish):
    # A run started in Swedish and ticked on in English counts in Swedish.
    reader = make_visitor()
    for position, language in ((1, "sv"), (2, "en")):
        services.step_check(
            article=article,
            visitor=reader.ref,
            step=article.steps.get(position=position),
            language=language,
        )
    url = reverse("admin:faq_statistics_article", args=[article.pk])
    html = admin_client.get(url, {"language": "sv"}).content.decode()
    assert "readers in Svenska" in html
    assert "Step 3 &lt;b&gt;fails&lt;/b&gt;" not in html
    assert f"?article={article.pk}&amp;language=sv" in html
    stats = selectors.article_statistics(article=article, period=stats_period(), language="sv")
    assert [(r.position, r.reached) for r in stats.steps] == [(1, 1), (2, 1), (3, 0)]
    english = admin_client.get(url, {"language": "en"}).content.decode()
    assert "Step 3 &lt;b&gt;fails&lt;/b&gt;" in english
    swedish_page = admin_client.get(
        reverse("admin:faq_statistics_article", args=[swedish.pk]), {"language": "sv"}
    ).content.decode()
    assert "Knappen saknas" in swedish_page


def stats_period():
    today = timezone.localdate()
    return Period(today - timedelta(days=29), today)


def test_the_inbox_filtered_by_language_shows_only_what_was_said_in_it(
    admin_client, article, swedish
):
    changelist = reverse("admin:faq_inboxitem_changelist")
    every = admin_client.get(changelist).content.decode()
    assert "All languages" in every
    assert "Knappen saknas" in every
    assert "Too &lt;i&gt;vague&lt;/i&gt;" in every
    html = admin_client.get(changelist, {"language": "sv"}).content.decode()
    assert "Knappen saknas" in html
    assert "Too &lt;i&gt;vague&lt;/i&gt;" not in html
    assert html.count('name="_selected_action"') == 2  # the stuck report and the No
    english = admin_client.get(changelist, {"language": "en"}).content.decode()
    assert "Knappen saknas" not in english
    assert english.count('name="_selected_action"') == 3
    # An unknown code is ignored: every language.
    for junk in ("xx", "SV", "<b>", "sv" * 100):
        response = admin_client.get(changelist, {"language": junk})
        assert response.status_code == 200
        assert response.content.decode().count('name="_selected_action"') == 5


def test_pages_in_one_language_cost_the_queries_of_every_language(admin_client, article, swedish):
    def count(url: str, query: dict) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url, query).status_code == 200
        return len(queries)

    urls = [
        *statistics_urls(article),
        reverse("admin:faq_inboxitem_changelist"),
        reverse("admin:faq_statistics_searches"),
    ]
    assert [count(url, {"language": "sv"}) for url in urls] == [count(url, {}) for url in urls]

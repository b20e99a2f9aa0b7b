"""Staff statistics: the overview of every article, its CSV, and one article's step funnel."""

import csv
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faq import charts, selectors
from faq.converters import id_or_none
from faq.forms import OverviewForm, PeriodForm
from faq.http import allow_methods
from faq.models import Article
from faq.selectors.statistics import DEFAULT_SORT, OverviewRow
from faq.templatetags.faq_tags import percent

OVERVIEW = "admin/faq/statistics/overview.html"
ARTICLE = "admin/faq/statistics/article.html"


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    cell: Callable[[OverviewRow], str]
    help: str | Promise = ""


# The overview's columns, in order: the page and the CSV both come from these.
COLUMNS = [
    Column("question", _("Article"), lambda r: r.question),
    Column("views", _("Views"), lambda r: str(r.views), _("Counted reads, one per reader a day")),
    Column("yes", _("Yes"), lambda r: str(r.yes), _("“Was this helpful?” Yes")),
    Column("no", _("No"), lambda r: str(r.no), _("“Was this helpful?” No")),
    Column("share", _("Helpful"), lambda r: percent(r.share), _("Yes out of all votes")),
    Column("score", _("Score"), lambda r: f"{r.score:.2f}", _("Wilson lower bound, 95%")),
    Column("started", _("Runs"), lambda r: str(r.started), _("Runs started through the steps")),
    Column("finished", _("Finished"), lambda r: str(r.finished), _("Runs with every step ticked")),
    Column(
        "completion",
        _("Completion"),
        lambda r: percent(r.completion),
        _("Finished out of started"),
    ),
    Column("worked", _("Worked"), lambda r: str(r.worked), _("“Did it work?” Yes")),
    Column(
        "failed",
        # The quote as itself: xgettext reads no \N{...} escape.
        _("Didn’t work"),  # noqa: RUF001
        lambda r: str(r.failed),
        _("“Did it work?” No"),
    ),
    Column("stuck", _("Open stuck"), lambda r: str(r.stuck), _("Stuck reports not yet resolved")),
]


def require_statistics(request: HttpRequest) -> None:
    """Only staff given the statistics permission see these pages and exports."""
    if not request.user.has_perm("faq.view_statistics"):
        raise PermissionDenied


def language_shown(code: str | None) -> dict | None:
    """The language the numbers are filtered by, for the page to say so; None for all."""
    return None if code is None else {"code": code, "name": dict(settings.LANGUAGES)[code]}


def _admin_context(request: HttpRequest, title: str | Promise, **extra) -> dict:
    return {**admin.site.each_context(request), "title": title, **extra}


def _headers(request: HttpRequest, sort: str) -> list[dict]:
    """Each column's label, help and the link that sorts by it (again: the other way)."""
    headers = []
    for column in COLUMNS:
        current = sort.removeprefix("-") == column.key
        descending = sort.startswith("-")
        # Numbers start high-to-low, the article's name A-to-Z.
        first = column.key if column.key == "question" else f"-{column.key}"
        flipped = column.key if descending else f"-{column.key}"
        next_sort = flipped if current else first
        query = request.GET.copy()
        query["o"] = next_sort
        query.pop("page", None)
        headers.append(
            {
                "column": column,
                "url": "?" + query.urlencode(),
                "sorted": ("descending" if descending else "ascending") if current else "",
            }
        )
    return headers


def _period_query(request: HttpRequest) -> str:
    """The period part of the query string, to carry to an article's statistics."""
    query = request.GET.copy()
    for name in list(query):
        if name not in PeriodForm.base_fields:
            del query[name]
    return query.urlencode()


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return "?" + query.urlencode()


@allow_methods("GET")
def overview(request: HttpRequest) -> HttpResponse:
    require_statistics(request)
    form = OverviewForm(request.GET)
    if not form.is_valid():
        context = _admin_context(request, gettext("Statistics"), form=form)
        return render(request, OVERVIEW, context, status=400)
    data = form.cleaned_data
    sort = data["o"] or DEFAULT_SORT
    result = selectors.statistics_overview(
        period=data["range"],
        topic_id=data["topic"].pk if data["topic"] else None,
        team_id=data["team"].pk if data["team"] else None,
        language=data["language_code"],
        sort=sort,
        page=data["page"] or 1,
    )
    rows = [(row, [c.cell(row) for c in COLUMNS[1:]]) for row in result.rows]
    asked = selectors.ask_numbers(
        period=data["range"],
        team_id=data["team"].pk if data["team"] else None,
        language=data["language_code"],
    )
    context = _admin_context(
        request,
        gettext("Statistics"),
        form=form.resolved(),
        overview=result,
        asked=asked,
        rows=rows,
        totals=[c.cell(result.totals) for c in COLUMNS[1:]],
        headers=_headers(request, sort),
        language=language_shown(data["language_code"]),
        csv_query=request.GET.urlencode(),
        period_query=_period_query(request),
        previous_url=_page_url(request, result.page - 1) if result.page > 1 else "",
        next_url=_page_url(request, result.page + 1) if result.page < result.pages else "",
    )
    return render(request, OVERVIEW, context)


# The CSV's language column: the filter's code, or this for every language together.
ALL_LANGUAGES = "all"


def csv_language(language: str | None) -> str:
    """The language column of an export: the code its numbers were filtered by, or "all"."""
    return language or ALL_LANGUAGES


def csv_cell(text: str) -> str:
    """A cell for a CSV export: quoted if it starts like a formula, empty for the page's "—"."""
    # A spreadsheet runs a cell that starts like a formula; article titles are text.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return "" if text == "—" else text


@allow_methods("GET")
def overview_csv(request: HttpRequest) -> HttpResponse:
    require_statistics(request)
    form = OverviewForm(request.GET)
    if not form.is_valid():
        errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
        message = gettext("Bad statistics request: %(errors)s") % {"errors": errors}
        return HttpResponse(f"{message}\n", status=400, content_type="text/plain")
    data = form.cleaned_data
    period = data["range"]
    result = selectors.statistics_overview(
        period=period,
        topic_id=data["topic"].pk if data["topic"] else None,
        team_id=data["team"].pk if data["team"] else None,
        language=data["language_code"],
        sort=data["o"] or DEFAULT_SORT,
        page=None,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    language = csv_language(data["language_code"])
    name = f"helpdesk-statistics-{period.first_day}-to-{period.last_day}-{language}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    # The header row stays English in every language: the CSV is data for
    # spreadsheets and scripts, which find the columns by these names. "Language"
    # comes last, so the columns before it keep their places in older spreadsheets.
    with translation.override("en"):
        writer.writerow([*(str(c.label) for c in COLUMNS), "Language"])
    for row in [*result.rows, result.totals]:
        writer.writerow([*(csv_cell(c.cell(row)) for c in COLUMNS), language])
    return response


@allow_methods("GET")
def article_statistics(request: HttpRequest, pk: int) -> HttpResponse:
    require_statistics(request)
    article = get_object_or_404(Article.objects.select_related("team"), pk=pk)
    form = PeriodForm(request.GET)
    title = gettext("Statistics: %(question)s") % {"question": article.question}
    if not form.is_valid():
        context = _admin_context(request, title, form=form, article=article)
        return render(request, ARTICLE, context, status=400)
    stats = selectors.article_statistics(
        article=article,
        period=form.cleaned_data["range"],
        language=form.cleaned_data["language_code"],
    )
    context = _admin_context(
        request,
        title,
        form=form.resolved(),
        article=article,
        stats=stats,
        summary=[(c, c.cell(stats.summary)) for c in COLUMNS[1:]],
        views_chart=charts.daily_chart(
            title=gettext("Views per day"),
            days=stats.days,
            series=[("views", gettext("Views"), "chart__bar--views")],
        ),
        votes_chart=charts.daily_chart(
            title=gettext("Votes per day"),
            days=stats.days,
            series=[
                ("yes", gettext("Yes"), "chart__bar--yes"),
                ("no", gettext("No"), "chart__bar--no"),
            ],
        ),
        funnel_chart=charts.funnel_chart(rows=stats.steps),
        language=language_shown(form.cleaned_data["language_code"]),
        period_query=_period_query(request),
    )
    return render(request, ARTICLE, context)


COMPARE = "admin/faq/statistics/compare.html"
# The summary rows of the comparison, by the overview's column keys.
COMPARED = ["views", "yes", "no", "share", "started", "finished", "completion", "failed", "stuck"]


@allow_methods("GET")
def article_versions_compare(request: HttpRequest, pk: int) -> HttpResponse:
    require_statistics(request)
    article = get_object_or_404(Article.objects.select_related("team"), pk=pk)
    lives = selectors.version_lives(article=article)
    title = gettext("Versions compared: %(question)s") % {"question": article.question}
    context = _admin_context(request, title, article=article, lives=lives)
    if len(lives) < 2:
        return render(request, COMPARE, context)
    a = id_or_none(request.GET.get("a")) if "a" in request.GET else lives[1].version.pk
    b = id_or_none(request.GET.get("b")) if "b" in request.GET else lives[0].version.pk
    comparison = None
    if a is not None and b is not None:
        comparison = selectors.version_comparison(article=article, a=a, b=b)
    if comparison is None:
        context["error"] = gettext("Choose two of this article’s versions.")  # noqa: RUF001
        return render(request, COMPARE, context, status=400)
    columns = {c.key: c for c in COLUMNS}
    before, after = comparison.stats_a.summary, comparison.stats_b.summary
    summary = [(columns[k], columns[k].cell(before), columns[k].cell(after)) for k in COMPARED]
    context.update(comparison=comparison, summary=summary)
    return render(request, COMPARE, context)

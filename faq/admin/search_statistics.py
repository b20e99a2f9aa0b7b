"""Staff: what readers searched, what found nothing, and what nobody opened."""

import csv

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from faq.admin.statistics import csv_cell, csv_language, language_shown, require_statistics
from faq.forms import PeriodForm
from faq.http import allow_methods
from faq.selectors.search import REPORTS, search_report
from faq.templatetags.faq_tags import percent

PAGE = "admin/faq/statistics/searches.html"


def _form(request: HttpRequest) -> PeriodForm:
    form = PeriodForm(request.GET)
    form.is_valid()
    return form


@allow_methods("GET")
def searches(request: HttpRequest) -> HttpResponse:
    require_statistics(request)
    form = _form(request)
    title = gettext("What readers searched")
    context = {**admin.site.each_context(request), "title": title, "form": form}
    if form.errors:
        return render(request, PAGE, context, status=400)
    period = form.cleaned_data["range"]
    language = form.cleaned_data["language_code"]
    reports = [
        {
            "key": key,
            "title": str(report_title),
            "rows": search_report(
                report=key, start=period.first_day, end=period.last_day, language=language
            ),
        }
        for key, report_title in REPORTS.items()
    ]
    context.update(
        period=period,
        reports=reports,
        query=request.GET.urlencode(),
        language=language_shown(language),
    )
    return render(request, PAGE, context)


@allow_methods("GET")
def searches_csv(request: HttpRequest) -> HttpResponse:
    require_statistics(request)
    form = _form(request)
    report = request.GET.get("report", "frequent")
    if form.errors or report not in REPORTS:
        return HttpResponse(
            gettext("Pick a valid period and report."), status=400, content_type="text/plain"
        )
    period = form.cleaned_data["range"]
    filtered = form.cleaned_data["language_code"]
    language = csv_language(filtered)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"searches-{report}-{period.first_day}-{period.last_day}-{language}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    # English in every language: the CSV is data for spreadsheets and scripts.
    writer.writerow(
        ["Search", "Searches", "Results (average)", "Opened", "Opened share", "Days", "Language"]
    )
    rows = search_report(
        report=report, start=period.first_day, end=period.last_day, language=filtered, limit=None
    )
    for row in rows:
        writer.writerow(
            [csv_cell(row.query), row.searches, row.results, row.opened,
             csv_cell(percent(row.opened_share)), row.days, language]
        )  # fmt: skip
    return response

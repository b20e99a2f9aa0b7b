"""The admin site: Django's, plus the statistics pages and the inbox and review counts."""

# Outside the faq.admin package on purpose: importing the site must not import the
# model admins, which register themselves on the site while it is being made. So
# the staff pages of faq.admin are imported when the site's URLs are asked for.

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faq import converters  # noqa: F401 (registers the <id:…> converter)


class HelpdeskAdminSite(admin.AdminSite):
    site_header = _("Helpdesk FAQ administration")
    site_title = _("Helpdesk FAQ")
    index_title = _("Knowledge base")
    index_template = "admin/faq/index.html"
    # Django's sign-in form, with "Sign in with …" below it when single sign-on is on.
    login_template = "admin/faq/login.html"
    # Statistics tables and the inbox need the width more than a second menu;
    # the index lists every model.
    enable_nav_sidebar = False

    def admin_view(self, view, cacheable=False):
        """Readers who are signed in but not staff get a 403, not the admin's sign-in form."""
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            # PostgreSQL refuses NUL in text, so a change list filter with one
            # would fail in the database instead of being refused here.
            if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
                from faq.http import bad_request

                return bad_request(request, gettext("A NUL character is not allowed in the query."))
            return inner(request, *args, **kwargs)

        # As functools.wraps would, without taking the inner view's name and docstring.
        setattr(guarded, "__wrapped__", inner)  # noqa: B010 (a function has no such attribute to mypy)
        for attr in ("csrf_exempt", "login_required"):
            if hasattr(inner, attr):
                setattr(guarded, attr, getattr(inner, attr))
        return guarded

    def get_urls(self):
        from faq.admin import search_statistics, statistics

        wrap = self.admin_view
        return [
            path("statistics/", wrap(statistics.overview), name="faq_statistics"),
            path("statistics/export.csv", wrap(statistics.overview_csv), name="faq_statistics_csv"),
            path(
                "statistics/searches/",
                wrap(search_statistics.searches),
                name="faq_statistics_searches",
            ),
            path(
                "statistics/searches/export.csv",
                wrap(search_statistics.searches_csv),
                name="faq_statistics_searches_csv",
            ),
            path(
                "statistics/articles/<id:pk>/",
                wrap(statistics.article_statistics),
                name="faq_statistics_article",
            ),
            path(
                "statistics/articles/<id:pk>/versions/",
                wrap(statistics.article_versions_compare),
                name="faq_statistics_versions",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        from faq.models.articles import REVIEW_SOON_DAYS
        from faq.selectors import inbox_new_count, review_counts

        extra = {"can_view_statistics": request.user.has_perm("faq.view_statistics")}
        if request.user.has_perm("faq.view_inboxitem"):
            extra["inbox_new"] = inbox_new_count()
        if request.user.has_perm("faq.view_article"):
            extra["reviews"] = review_counts(today=timezone.localdate())
            extra["review_soon_days"] = REVIEW_SOON_DAYS
        return super().index(request, {**extra, **(extra_context or {})})

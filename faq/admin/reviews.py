"""Review dates in the article admin: the filter, the column and "Mark reviewed"."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from faq import services
from faq.converters import MAX_ID
from faq.http import method_not_allowed, see_other
from faq.models import Article
from faq.models.articles import REVIEW_SOON_DAYS


class ReviewFilter(admin.SimpleListFilter):
    """Articles by where their review-by date stands today."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("due", gettext("Due or overdue")),
            ("overdue", gettext("Overdue")),
            ("soon", gettext("Due within %(days)s days") % {"days": REVIEW_SOON_DAYS}),
            ("ok", gettext("Not due yet")),
            ("translation_due", gettext("A translation due or overdue")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        chosen = self.value()
        if chosen is None:
            return queryset
        if chosen == "due":
            return queryset.review_due(today)
        if chosen == "overdue":
            return queryset.review_overdue(today)
        if chosen == "soon":
            return queryset.review_due_soon(today)
        if chosen == "ok":
            return queryset.review_ok(today)
        if chosen == "translation_due":
            return queryset.translation_review_due(today)
        return queryset.none()


class OwnerFilter(admin.RelatedOnlyFieldListFilter):
    """Owners by name, as staff know each other, and only those who own an article."""

    def field_choices(self, field, request, model_admin):
        owner_ids = Article.objects.filter(owner__isnull=False).values("owner_id")
        owners = get_user_model().objects.filter(pk__in=owner_ids).order_by("first_name", "pk")
        return [(user.pk, user.get_full_name() or user.get_username()) for user in owners]


def review_state(article: Article) -> str:
    """The review-by date, and whether it is overdue or due soon."""
    today = timezone.localdate()
    day = date_format(article.review_by)
    late = (today - article.review_by).days
    if late > 0:
        overdue = ngettext("overdue %(days)s day", "overdue %(days)s days", late)
        return format_html(
            '{} <span class="helpdesk-tag helpdesk-tag--overdue">{}</span>',
            day,
            overdue % {"days": late},
        )
    if -late <= REVIEW_SOON_DAYS:
        return format_html('{} <span class="helpdesk-tag">{}</span>', day, gettext("due soon"))
    return day


def last_reviewed(article: Article) -> str:
    """Who vouched for the text last, and when."""
    if not article.pk:
        return gettext("Not yet")
    if article.last_reviewed_at is None:
        return gettext("Never marked reviewed")
    who = article.last_reviewed_by
    name = (
        (who.get_full_name() or who.get_username()) if who else gettext("a former member of staff")
    )
    when = date_format(timezone.localtime(article.last_reviewed_at))
    return gettext("%(when)s by %(name)s") % {"when": when, "name": name}


def mark_reviewed_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    """POST only: mark one article reviewed and go back to its change page."""
    if request.method != "POST":
        return method_not_allowed(request, ["POST"])
    if not (object_id.isdigit() and 0 < int(object_id) <= MAX_ID):
        raise Http404("No such article.")
    article = model_admin.get_object(request, object_id)
    if article is None:
        raise Http404("No such article.")
    # Not the article's own change permission: marking a published answer reviewed leaves
    # what readers see as it is, so it needs no review of its own.
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    article = services.article_review_mark(article=article, user=request.user)
    model_admin.message_user(
        request,
        gettext("Marked reviewed. The next review is due by %(date)s.")
        % {"date": date_format(article.review_by)},
        messages.SUCCESS,
    )
    return see_other(reverse("admin:faq_article_change", args=[article.pk]))

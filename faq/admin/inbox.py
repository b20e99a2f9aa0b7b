"""What readers said: votes, and the inbox of "No" votes, stuck reports, failed runs and
questions (each question's thread is on its own page, faq.admin.questions)."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from faq import selectors, services
from faq.converters import MAX_ID
from faq.models import Article, InboxItem, Vote, language_codes


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    """Readers' feedback, read-only: counters on the article follow these rows."""

    list_display = ["article", "helpful", "reason", "comment_excerpt", "updated_at"]
    list_filter = ["helpful", "reason", "language", "article__topics"]
    search_fields = ["comment", "article__question"]
    list_select_related = ["article"]
    date_hierarchy = "updated_at"

    @admin.display(description=_("comment"))
    def comment_excerpt(self, vote: Vote) -> str:
        return vote.comment[:120]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ArticleFilter(admin.SimpleListFilter):
    """The articles with the most open items, not every article: there may be thousands."""

    title = _("article")
    parameter_name = "article"
    LIMIT = 15

    def lookups(self, request, model_admin):
        busiest = (
            InboxItem.objects.open()
            .filter(article__isnull=False)
            .values("article_id", "article__question")
            .annotate(n=Count("pk"))
            .order_by("-n", "article__question")[: self.LIMIT]
        )
        choices = [(str(row["article_id"]), row["article__question"]) for row in busiest]
        chosen = self.value()
        known = {pk for pk, _ in choices}
        if chosen and chosen.isdigit() and int(chosen) <= MAX_ID and chosen not in known:
            article = Article.objects.filter(pk=int(chosen)).only("question").first()
            if article is not None:
                choices.append((chosen, article.question))
        return choices

    def queryset(self, request, queryset):
        chosen = self.value()
        if chosen is None:
            return queryset
        if not chosen.isdigit() or int(chosen) > MAX_ID:
            return queryset.none()
        return queryset.filter(article_id=int(chosen))


class LanguageFilter(admin.SimpleListFilter):
    """The language a reader said it in; every language unless one is chosen."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def choices(self, changelist):
        choices = super().choices(changelist)
        # Django's "All" first, said as the statistics pages say it.
        yield {**next(choices), "display": "All languages"}
        yield from choices

    def queryset(self, request, queryset):
        chosen = self.value()
        # An unknown code is ignored, as a stale bookmark should be: every language.
        if chosen not in language_codes():
            return queryset
        return queryset.filter(language=chosen)


class InboxStatusForm(forms.ModelForm):
    class Meta:
        model = InboxItem
        fields = ["status"]
        widgets = {"status": forms.RadioSelect}


@admin.register(InboxItem)
class InboxItemAdmin(admin.ModelAdmin):
    """One list of what readers told the team, each with a status staff keep."""

    list_display = ["said_on", "kind_label", "said", "language", "article", "status_label"]
    list_display_links = ["said_on", "kind_label"]
    list_filter = [
        "status",
        "kind",
        ("vote__reason", admin.ChoicesFieldListFilter),
        "article__topics",
        ArticleFilter,
        LanguageFilter,
    ]
    search_fields = [
        "vote__comment",
        "stuck_report__message",
        "question__question",
        "question__reference",
        "article__question",
    ]
    list_select_related = ["article", "step", "vote", "stuck_report", "question"]
    list_per_page = 50
    date_hierarchy = "created_at"
    actions = ["mark_seen", "mark_resolved", "mark_new"]
    form = InboxStatusForm
    fields = ["status"]
    change_form_template = "admin/faq/inboxitem/change_form.html"

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("said"), ordering="created_at")
    def said_on(self, item: InboxItem) -> str:
        return date_format(localtime(item.created_at), "j M Y, H:i")

    @admin.display(description=_("what"), ordering="kind")
    def kind_label(self, item: InboxItem) -> str:
        if item.kind == InboxItem.Kind.STUCK and item.stuck_report is not None:
            number = {"number": item.stuck_report.step_position}
            if item.step and item.step.removed_at:
                return gettext("Stuck on step %(number)s (removed)") % number
            return gettext("Stuck on step %(number)s") % number
        if item.kind == InboxItem.Kind.QUESTION and item.question is not None:
            return gettext("Question %(reference)s") % {"reference": item.question.reference}
        return item.get_kind_display()

    @admin.display(description=_("what they said"))
    def said(self, item: InboxItem) -> str:
        if item.vote is not None:
            words = [item.vote.get_reason_display() if item.vote.reason else "", item.vote.comment]
            text = ": ".join(w for w in words if w)
        elif item.stuck_report is not None:
            text = item.stuck_report.message
        elif item.question is not None:
            text = item.question.question
        else:
            text = ""
        return Truncator(text).chars(140) or "—"

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, item: InboxItem) -> str:
        return item.get_status_display()

    def _mark(self, request: HttpRequest, queryset: QuerySet, status: str) -> None:
        count = services.inbox_items_mark(
            item_ids=list(queryset.values_list("pk", flat=True)), status=status, user=request.user
        )
        messages = {
            InboxItem.Status.NEW: ngettext(
                "%(count)d item marked new.", "%(count)d items marked new.", count
            ),
            InboxItem.Status.SEEN: ngettext(
                "%(count)d item marked seen.", "%(count)d items marked seen.", count
            ),
            InboxItem.Status.RESOLVED: ngettext(
                "%(count)d item marked resolved.", "%(count)d items marked resolved.", count
            ),
        }
        self.message_user(request, messages[InboxItem.Status(status)] % {"count": count})

    @admin.action(description=_("Mark selected items seen"), permissions=["change"])
    def mark_seen(self, request, queryset) -> None:
        self._mark(request, queryset, InboxItem.Status.SEEN)

    @admin.action(description=_("Mark selected items resolved"), permissions=["change"])
    def mark_resolved(self, request, queryset) -> None:
        self._mark(request, queryset, InboxItem.Status.RESOLVED)

    @admin.action(description=_("Mark selected items new"), permissions=["change"])
    def mark_new(self, request, queryset) -> None:
        self._mark(request, queryset, InboxItem.Status.NEW)

    def get_queryset(self, request):
        # The change list adds list_select_related only when nothing is selected yet.
        return super().get_queryset(request).select_related(*self.list_select_related)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = (
            self.get_queryset(request)
            .select_related("run", "stuck_report__run", "vote", "status_changed_by")
            .filter(pk=object_id)
            .first()
            if str(object_id).isdigit()
            else None
        )
        if item is not None and item.question_id is not None:
            # A question is answered on its own page, with its thread.
            return redirect("admin:faq_question_change", item.question_id)
        extra = (
            {"inbox": selectors.inbox_item_context(item=item), "title": gettext("Inbox item")}
            if item
            else {}
        )
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def save_model(self, request, obj, form, change) -> None:
        services.inbox_items_mark(item_ids=[obj.pk], status=obj.status, user=request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

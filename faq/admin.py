"""Staff editing: articles with their steps inline, topics and teams."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html

from faq import services
from faq.models import Article, Step, StuckReport, Team, Topic, Vote


class StepInlineForm(forms.ModelForm):
    position = forms.IntegerField(min_value=1, max_value=999)

    class Meta:
        model = Step
        fields = ["position", "body"]

    def validate_unique(self) -> None:
        # services.step_list_save renumbers all steps at once, so swapping two
        # numbers is a valid edit although each clashes with a stored row.
        # Duplicates within the submitted form set are still refused.
        exclude = self._get_validation_exclusions() | {"position"}
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)


class StepInline(admin.TabularInline):
    model = Step
    form = StepInlineForm
    fields = ["position", "body"]
    extra = 1
    ordering = ["position"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["question", "status", "team", "updated_at", "view_count", "step_count"]
    list_filter = ["status", "topics", "team"]
    search_fields = ["question", "answer_intro", "answer_outro", "steps__body"]
    prepopulated_fields = {"slug": ["question"]}
    filter_horizontal = ["topics"]
    date_hierarchy = "updated_at"
    # Dates are kept by services.article_save: published on first publish,
    # updated whenever the question or answer text changes.
    readonly_fields = [
        "preview_link",
        "published_at",
        "updated_at",
        "view_count",
        "yes_count",
        "no_count",
        "created_at",
    ]
    inlines = [StepInline]
    fieldsets = [
        (None, {"fields": ["question", "slug", "status", "preview_link"]}),
        ("Answer", {"fields": ["answer_intro", "answer_outro"]}),
        (
            "About",
            {"fields": ["team", "answered_by", "topics", "published_at", "updated_at"]},
        ),
        ("Reader numbers", {"fields": ["view_count", "yes_count", "no_count", "created_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("team").annotate(step_total=Count("steps"))
        )

    @admin.display(description="steps", ordering="step_total")
    def step_count(self, article: Article) -> int:
        return article.step_total

    @admin.display(description="Preview")
    def preview_link(self, article: Article) -> str:
        if not article.pk:
            return "Save the article to preview it."
        label = "Preview draft" if not article.is_published else "View on site"
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), label)

    def save_model(self, request, obj, form, change):
        services.article_save(article=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Step:
            return super().save_formset(request, form, formset, change)
        deleted = {f.instance.pk for f in formset.deleted_forms if f.instance.pk}
        kept = [
            services.StepInput(
                body=f.cleaned_data["body"], position=f.cleaned_data["position"], step=f.instance
            )
            for f in formset.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and (f.instance.pk or f.has_changed())
        ]
        services.step_list_save(
            article=form.instance,
            steps=kept,
            deleted=[f.instance for f in formset.deleted_forms if f.instance.pk in deleted],
        )
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, topic: Topic) -> int:
        return topic.article_total


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "email"]
    search_fields = ["name"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    """Readers' feedback, read-only: counters on the article follow these rows."""

    list_display = ["article", "helpful", "reason", "comment_excerpt", "updated_at"]
    list_filter = ["helpful", "reason", "article__topics"]
    search_fields = ["comment", "article__question"]
    list_select_related = ["article"]
    date_hierarchy = "updated_at"

    @admin.display(description="comment")
    def comment_excerpt(self, vote: Vote) -> str:
        return vote.comment[:120]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StuckReport)
class StuckReportAdmin(admin.ModelAdmin):
    """Where readers got stuck, by article and step; staff mark them resolved."""

    list_display = [
        "article",
        "step_position",
        "message_excerpt",
        "done_steps",
        "created_at",
        "is_resolved",
    ]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "article"]
    search_fields = ["message", "article__question"]
    list_select_related = ["article"]
    ordering = ["article", "step_position", "-created_at"]
    readonly_fields = [
        "article",
        "step_position",
        "step_text",
        "done_steps",
        "message",
        "created_at",
        "resolved_at",
        "resolved_by",
    ]
    fields = readonly_fields
    actions = ["mark_resolved"]

    @admin.display(description="message")
    def message_excerpt(self, report: StuckReport) -> str:
        return report.message[:120]

    @admin.display(description="steps done before")
    def done_steps(self, report: StuckReport) -> str:
        return ", ".join(str(p) for p in report.done_positions) or "none"

    @admin.display(description="resolved", boolean=True)
    def is_resolved(self, report: StuckReport) -> bool:
        return report.is_resolved

    @admin.action(description="Mark selected reports resolved")
    def mark_resolved(self, request, queryset) -> None:
        count = services.stuck_report_resolve(
            report_ids=list(queryset.values_list("pk", flat=True)), user=request.user
        )
        self.message_user(request, f"{count} report(s) marked resolved.")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

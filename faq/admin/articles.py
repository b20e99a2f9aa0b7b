"""Staff editing: articles with their steps inline, topics and teams."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import path
from django.utils.html import format_html

from faq import services
from faq.admin import reviews
from faq.models import Article, Step, Team, Topic


class StepInlineForm(forms.ModelForm):
    position = forms.IntegerField(min_value=1, max_value=999)

    class Meta:
        model = Step
        fields = ["position", "body"]

    def validate_unique(self) -> None:
        # services.step_list_save renumbers all steps at once, so swapping two
        # numbers is a valid edit although each clashes with a stored row.
        # StepFormSet refuses duplicates within the submitted form set.
        exclude = self._get_validation_exclusions() | {"position"}
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)


class StepFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """Refuse two steps with one number: the order the editor meant is unclear."""
        super().clean()
        numbers = [
            form.cleaned_data["position"]
            for form in self.forms
            if form.cleaned_data.get("position")
            and not form.cleaned_data.get("DELETE")
            and (form.instance.pk or form.has_changed())
        ]
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        if repeated:
            raise forms.ValidationError(
                "Please correct the duplicate step numbers: "
                + ", ".join(str(n) for n in repeated)
                + ". Give each step its own number."
            )


class StepInline(admin.TabularInline):
    model = Step
    form = StepInlineForm
    formset = StepFormSet
    fields = ["position", "body"]
    extra = 1
    ordering = ["position"]


class PublicContentAdmin(admin.ModelAdmin):
    """Admin for what the public pages show: a save or a delete makes their cached copies stale."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.content_version_bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.content_version_bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.content_version_bump()

    def has_delete_permission(self, request, obj=None) -> bool:
        # Editors write and publish; deleting what readers may have bookmarked is
        # for superusers, whatever permissions a group was given.
        return request.user.is_superuser


@admin.register(Article)
class ArticleAdmin(PublicContentAdmin):
    list_display = [
        "question",
        "status",
        "review_column",
        "team",
        "updated_at",
        "view_count",
        "step_count",
    ]
    list_filter = [
        "status",
        reviews.ReviewFilter,
        "topics",
        "team",
        ("owner", reviews.OwnerFilter),
    ]
    actions = ["mark_reviewed"]
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
        "last_reviewed",
    ]
    inlines = [StepInline]
    fieldsets = [
        (None, {"fields": ["question", "slug", "status", "preview_link"]}),
        ("Answer", {"fields": ["answer_intro", "answer_outro"]}),
        (
            "About",
            {"fields": ["team", "answered_by", "topics", "published_at", "updated_at"]},
        ),
        ("Review", {"fields": ["owner", "review_by", "last_reviewed"]}),
        ("Reader numbers", {"fields": ["view_count", "yes_count", "no_count", "created_at"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

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

    @admin.display(description="review by", ordering="review_by")
    def review_column(self, article: Article) -> str:
        return reviews.review_state(article)

    @admin.display(description="last reviewed")
    def last_reviewed(self, article: Article) -> str:
        return reviews.last_reviewed(article)

    @admin.action(description="Mark selected articles reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset) -> None:
        count = services.articles_review_mark(
            article_ids=list(queryset.values_list("pk", flat=True)), user=request.user
        )
        self.message_user(request, f"{count} article(s) marked reviewed.")

    def get_urls(self):
        review = self.admin_site.admin_view(self.mark_reviewed_view)
        return [
            path("<str:object_id>/review/", review, name="faq_article_review"),
            *super().get_urls(),
        ]

    def mark_reviewed_view(self, request, object_id):
        return reviews.mark_reviewed_view(self, request, object_id)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "review_by":
            # Empty means "work it out": services.article_save fills it in.
            field.required = False
        return field

    def save_model(self, request, obj, form, change):
        chosen = "review_by" in form.changed_data
        services.article_save(
            article=obj,
            review_by=form.cleaned_data.get("review_by") if chosen else None,
            review_by_default_again=chosen and not form.cleaned_data.get("review_by"),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The topics are saved only now, and they may set a shorter review period.
        services.article_review_due_set(article_ids=[form.instance.pk])

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
class TopicAdmin(PublicContentAdmin):
    list_display = ["name", "slug", "review_months", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, topic: Topic) -> int:
        return topic.article_total

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "review_months" in form.changed_data:
            services.article_review_due_set(article_ids=obj.articles.values_list("pk", flat=True))

    def delete_queryset(self, request, queryset):
        # Their articles may lose their shortest review period with them.
        article_ids = list(
            Article.topics.through.objects.filter(topic__in=queryset).values_list(
                "article_id", flat=True
            )
        )
        super().delete_queryset(request, queryset)
        services.article_review_due_set(article_ids=article_ids)

    def delete_model(self, request, obj):
        article_ids = list(obj.articles.values_list("pk", flat=True))
        super().delete_model(request, obj)
        services.article_review_due_set(article_ids=article_ids)


@admin.register(Team)
class TeamAdmin(PublicContentAdmin):
    list_display = ["name", "email"]
    search_fields = ["name"]

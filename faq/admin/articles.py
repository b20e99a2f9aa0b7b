"""Staff editing: articles with their steps inline, topics and teams."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import path
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from faq import selectors, services
from faq.admin import history, preview, reviews, translation_editor, translations
from faq.admin.steps import StepInline, step_uploads_store
from faq.converters import id_or_none
from faq.models import Article, Step, Team, Topic, TopicTranslation


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


class ArticleForm(forms.ModelForm):
    """The article, with what a save says about itself: a note for its version, a minor edit."""

    version_note = forms.CharField(
        label=_("Note for this version"),
        required=False,
        max_length=services.NOTE_MAX_LENGTH,
        help_text=_("What you changed and why, shown in the article's versions."),
    )
    minor_edit = forms.BooleanField(
        label=_("Minor edit"),
        required=False,
        help_text=_("A typo or a link: Last Updated stays as it is."),
    )

    helpful_afresh = forms.BooleanField(
        label=_("Start helpfulness afresh"),
        required=False,
        help_text=_(
            "For a rewrite: “Was this helpful?” counts from today. The old votes are kept "
            "with the version they judged, in the statistics."
        ),
    )

    class Meta:
        model = Article
        fields = [
            "question",
            "slug",
            "language",
            "status",
            "answer_intro",
            "answer_outro",
            "team",
            "answered_by",
            "topics",
            "owner",
            "review_by",
        ]

    def clean_language(self) -> str:
        language = self.cleaned_data["language"]
        # The instance still has the language it was saved with.
        changed = self.instance.pk and language != self.instance.language
        if changed and language in selectors.article_translation_languages(self.instance.pk):
            raise forms.ValidationError(
                "The article has a translation into this language: delete it first."
            )
        return language


@admin.register(Article)
class ArticleAdmin(PublicContentAdmin):
    form = ArticleForm
    list_display = [
        "question",
        "status",
        "review_column",
        "team",
        "updated_at",
        "view_count",
        "step_count",
        "languages",
    ]
    list_filter = [
        "status",
        reviews.ReviewFilter,
        translations.TranslationStaleFilter,
        "topics",
        "team",
        ("owner", reviews.OwnerFilter),
    ]
    actions = ["publish", "unpublish", "mark_reviewed"]
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
        (None, {"fields": ["question", "slug", "language", "status", "preview_link"]}),
        (_("Answer"), {"fields": ["answer_intro", "answer_outro"]}),
        (
            _("About"),
            {"fields": ["team", "answered_by", "topics", "published_at", "updated_at"]},
        ),
        (_("Review"), {"fields": ["owner", "review_by", "last_reviewed"]}),
        (_("Reader numbers"), {"fields": ["view_count", "yes_count", "no_count", "created_at"]}),
        (_("This save"), {"fields": ["version_note", "minor_edit", "helpful_afresh"]}),
    ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Django runs the whole POST in one transaction (article, steps, version).
        # Screenshots are checked, resized and stored before it opens, so the
        # database's write lock is not held while Pillow works and files are
        # written; the step forms then use what was stored. Files of a save
        # that fails after all are named by their content and shown by no row:
        # harmless, and found again when the editor sends the same file.
        if request.method == "POST" and (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            request.step_images = step_uploads_store(request.FILES)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, StepInline):
            kwargs["form_kwargs"] = {"images": getattr(request, "step_images", {})}
        return kwargs

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<str:object_id>/review/", wrap(self.mark_reviewed_view), name="faq_article_review"
            ),
            path("preview/", wrap(preview.article_preview), name="faq_article_preview_new"),
            path("<id:pk>/preview/", wrap(preview.article_preview), name="faq_article_preview"),
            path("<id:pk>/versions/", wrap(history.article_versions), name="faq_article_versions"),
            path(
                "<id:pk>/versions/<str:version_id>/",
                wrap(history.article_version_diff),
                name="faq_article_version",
            ),
            path(
                "<id:pk>/versions/<str:version_id>/restore/",
                wrap(history.article_version_restore),
                name="faq_article_version_restore",
            ),
            path(
                "<id:pk>/translations/<str:language>/",
                wrap(translation_editor.translation_edit),
                name="faq_article_translation",
            ),
            path(
                "<id:pk>/translations/<str:language>/preview/",
                wrap(translation_editor.translation_preview),
                name="faq_article_translation_preview",
            ),
            path(
                "<id:pk>/translations/<str:language>/delete/",
                wrap(translation_editor.translation_delete),
                name="faq_article_translation_delete",
            ),
            path(
                "<id:pk>/translations/<str:language>/review/",
                wrap(translation_editor.translation_review),
                name="faq_article_translation_review",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The Translations box: each language's state, with a link to its editor.
        pk = id_or_none(object_id)
        if pk is not None and Article.objects.filter(pk=pk).exists():
            states = selectors.translation_states(article_id=pk)
            extra_context = {**(extra_context or {}), "translation_states": states}
        return super().change_view(request, object_id, form_url, extra_context)

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("team").annotate(step_total=Count("steps"))
        )

    def get_changelist(self, request, **kwargs):
        return translations.TranslatedChangeList

    @admin.display(description=_("steps"), ordering="step_total")
    def step_count(self, article: Article) -> int:
        # Made by annotate() in get_queryset, which django-stubs cannot see.
        return article.step_total  # type: ignore[attr-defined]

    @admin.display(description=_("languages"))
    def languages(self, article: Article) -> str:
        return translations.translations_column(article)

    @admin.display(description=_("Preview"))
    def preview_link(self, article: Article) -> str:
        if not article.pk:
            return gettext("Save the article to preview it.")
        label = gettext("Preview draft") if not article.is_published else gettext("View on site")
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), label)

    @admin.display(description=_("review by"), ordering="review_by")
    def review_column(self, article: Article) -> str:
        return reviews.review_state(article)

    @admin.display(description=_("last reviewed"))
    def last_reviewed(self, article: Article) -> str:
        return reviews.last_reviewed(article)

    @admin.action(description=_("Mark selected articles reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset) -> None:
        count = services.articles_review_mark(
            article_ids=list(queryset.values_list("pk", flat=True)), user=request.user
        )
        message = ngettext(
            "%(count)d article marked reviewed.", "%(count)d articles marked reviewed.", count
        )
        self.message_user(request, message % {"count": count})

    def mark_reviewed_view(self, request, object_id):
        return reviews.mark_reviewed_view(self, request, object_id)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "review_by":
            if field is None:
                raise TypeError("review_by has no form field.")
            # Empty means "work it out": services.article_save fills it in.
            field.required = False
        return field

    def save_model(self, request, obj, form, change):
        chosen = "review_by" in form.changed_data
        services.article_save(
            article=obj,
            minor=form.cleaned_data.get("minor_edit", False),
            review_by=form.cleaned_data.get("review_by") if chosen else None,
            review_by_default_again=chosen and not form.cleaned_data.get("review_by"),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The topics are saved only now, and they may set a shorter review period.
        services.article_review_due_set(article_ids=[form.instance.pk])
        note = form.cleaned_data.get("version_note", "")
        if change and form.cleaned_data.get("helpful_afresh"):
            services.helpfulness_restart(article=form.instance)
            note = f"{note} (Helpfulness started afresh.)".strip()
        # Kept after the steps and topics are saved, so the version holds them.
        services.article_version_record(article=form.instance, user=request.user, note=note)

    def _status_set(self, request, queryset, status: str) -> None:
        changed = sum(
            services.article_status_set(article=article, status=status, user=request.user)
            for article in queryset
        )
        if status == Article.Status.PUBLISHED:
            done = ngettext(
                "%(count)d article published.", "%(count)d articles published.", changed
            )
        else:
            done = ngettext(
                "%(count)d article unpublished.", "%(count)d articles unpublished.", changed
            )
        self.message_user(request, done % {"count": changed})

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        self._status_set(request, queryset, Article.Status.PUBLISHED)

    @admin.action(description=_("Unpublish the selected articles"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._status_set(request, queryset, Article.Status.DRAFT)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Step:
            return super().save_formset(request, form, formset, change)
        deleted = {f.instance.pk for f in formset.deleted_forms if f.instance.pk}
        kept = [
            services.StepInput(
                body=f.cleaned_data["body"],
                position=f.cleaned_data["position"],
                step=f.instance,
                image=f.cleaned_data.get("image_stored"),
                image_alt=f.cleaned_data.get("image_alt"),
                image_clear=bool(f.cleaned_data.get("image_remove")),
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

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, topic: Topic) -> int:
        # Made by annotate() in get_queryset, which django-stubs cannot see.
        return topic.article_total  # type: ignore[attr-defined]

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


admin.site.register(TopicTranslation, translations.TopicTranslationAdmin)


class TeamForm(forms.ModelForm):
    webhook_url = forms.URLField(
        label=capfirst(Team._meta.get_field("webhook_url").verbose_name),
        help_text=Team._meta.get_field("webhook_url").help_text,
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    class Meta:
        model = Team
        fields = ["name", "email", "webhook_url", "webhook_secret"]
        # Shown as dots, kept when the form is saved again.
        widgets = {"webhook_secret": forms.PasswordInput(render_value=True)}


@admin.register(Team)
class TeamAdmin(PublicContentAdmin):
    list_display = ["name", "email", "webhook_url"]
    search_fields = ["name"]
    form = TeamForm

"""Staff editing: articles with their steps inline (topics and teams: faq.admin.topics)."""

from django.contrib import admin
from django.db.models import Count
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from faq import selectors, services
from faq.admin import history, preview, reviews, translation_editor, translations, workflow
from faq.admin.article_form import ArticleForm
from faq.admin.content import PublicContentAdmin
from faq.admin.steps import StepInline, step_uploads_store
from faq.converters import id_or_none
from faq.models import Article, Step


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
        "audience",
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
            {
                "fields": [
                    "team",
                    "answered_by",
                    "topics",
                    "audience",
                    "published_at",
                    "updated_at",
                ]
            },
        ),
        (_("Review"), {"fields": ["owner", "review_by", "last_reviewed"]}),
        (
            _("Publishing on a date"),
            {
                "fields": ["publish_at", "unpublish_at"],
                "description": workflow.TIME_ZONE_NOTE,
            },
        ),
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
            path("review-queue/", wrap(workflow.review_queue), name="faq_article_review_queue"),
            path("<id:pk>/approval/", wrap(workflow.approval), name="faq_article_approval"),
            path("<id:pk>/rewrite/", wrap(workflow.rewrite_start), name="faq_article_rewrite"),
            path(
                "<id:pk>/rewrite/discard/",
                wrap(workflow.rewrite_discard),
                name="faq_article_rewrite_discard",
            ),
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
        article = Article.objects.filter(pk=pk).first() if pk is not None else None
        if article is not None:
            extra_context = {**(extra_context or {}), **workflow.change_context(request, article)}
            if not article.is_rewrite:
                states = selectors.translation_states(article_id=article.pk)
                extra_context["translation_states"] = states
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_submit_review": True}
        return super().add_view(request, form_url, extra_context)

    def has_change_permission(self, request, obj=None) -> bool:
        # What readers see, or a publisher is weighing, changes only through review.
        locked = obj is not None and obj.status != Article.Status.DRAFT
        if locked and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("status")
        return fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("publish", None)
        if not services.can_publish(request.user):
            actions.pop("unpublish", None)
        return actions

    def response_add(self, request, obj, post_url_continue=None):
        if "_submit" in request.POST:
            return workflow.submitted(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_submit" in request.POST:
            return workflow.submitted(request, obj)
        return super().response_change(request, obj)

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
        later = obj.publish_at is not None and obj.publish_at > timezone.now()
        if obj.status == Article.Status.PUBLISHED and later and not obj.is_rewrite:
            # A superuser publishing on a date approves it themselves: the worker publishes.
            obj.status = Article.Status.APPROVED
            obj.approved_by, obj.approved_at = request.user, timezone.now()
        chosen = "review_by" in form.changed_data
        # Its audience is checked with the topics the form saves next, not the old ones.
        topics = form.cleaned_data.get("topics")
        services.article_save(
            article=obj,
            minor=form.cleaned_data.get("minor_edit", False),
            review_by=form.cleaned_data.get("review_by") if chosen else None,
            review_by_default_again=chosen and not form.cleaned_data.get("review_by"),
            topic_ids=None if topics is None else [t.pk for t in topics],
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The topics are saved only now, and they may set a shorter review period.
        services.article_review_due_set(article_ids=[form.instance.pk])
        note = form.cleaned_data.get("version_note", "")
        if form.instance.status in (Article.Status.PUBLISHED, Article.Status.APPROVED):
            # Only a superuser gets here (has_change_permission): they skipped review.
            note = f"{note} (Saved by {request.user.get_username()} without review.)".strip()
        if change and form.cleaned_data.get("helpful_afresh"):
            services.helpfulness_restart(article=form.instance)
            note = f"{note} (Helpfulness started afresh.)".strip()
        # Kept after the steps and topics are saved, so the version holds them.
        services.article_version_record(article=form.instance, user=request.user, note=note)

    def _status_set(self, request, queryset, status: str) -> None:
        # Rewrites are never published as themselves: they are approved onto their article.
        changed = sum(
            services.article_status_set(
                article=article,
                status=status,
                user=request.user,
                # Only superusers have the publish action: they skip review.
                note="Published without review." if status == Article.Status.PUBLISHED else "",
            )
            for article in queryset.originals()
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

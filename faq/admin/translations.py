"""Translations in the admin, for now: each article's and topic's translations inline,
saved through the services, and the articles whose translations may be out of date.

Steps' translations are written by the services and the demo loader; the editor that
translates an article one language at a time, steps included, comes later."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faq import lang, services
from faq.models import ArticleTranslation, TopicTranslation, stale_translation_exists


class TranslationStaleFilter(admin.SimpleListFilter):
    """Articles with a translation older than the last change to their source text."""

    title = _("translations")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [("stale", _("Translation may be out of date"))]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.filter(stale_translation_exists())
        return queryset


class TranslatedChangeList(ChangeList):
    """The article list with each article's translations, for its languages column. Only the
    list: the change form's article must not hold them from before its inlines are saved,
    or its version would keep the old ones."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).prefetch_related("translations")


def translations_column(article) -> str:
    """The article's languages, its source first; those that may be out of date marked."""
    names = [lang.name(article.language)]
    for item in article.translations.all():
        stale = item.updated_at < article.source_changed_at
        names.append(f"{lang.name(item.language)}{' (may be out of date)' if stale else ''}")
    return ", ".join(names)


class SourceLanguageFormSet(forms.BaseInlineFormSet):
    """No translation into the language its article or topic is written in."""

    def source_language(self) -> str:
        # Topics are written in the site's own language.
        return getattr(self.instance, "language", None) or settings.LANGUAGE_CODE

    def clean(self):
        super().clean()
        source = self.source_language()
        for form in self.forms:
            if form.cleaned_data.get("DELETE"):
                continue
            if form.cleaned_data.get("language") == source:
                form.add_error(
                    "language",
                    gettext(
                        "%(language)s is the language this is written in: edit it above instead."
                    )
                    % {"language": lang.name(source)},
                )


class ArticleTranslationInline(admin.StackedInline):
    model = ArticleTranslation
    formset = SourceLanguageFormSet
    extra = 0
    fields = ["language", "question", "slug", "answer_intro", "answer_outro", "state"]
    readonly_fields = ["state"]
    prepopulated_fields = {"slug": ["question"]}

    @admin.display(description=_("state"))
    def state(self, item: ArticleTranslation) -> str:
        if item.pk is None:
            return gettext("Not saved yet.")
        when = formats.date_format(timezone.localtime(item.updated_at), "j M Y, H:i")
        if item.is_stale:
            return format_html(
                gettext(
                    "<strong>May be out of date</strong>: saved {}, before the source text last "
                    "changed. Check it against the source and save it."
                ),
                when,
            )
        return gettext("Up to date: saved %(when)s.") % {"when": when}


def article_translations_save(request, article, formset) -> None:
    """The inline's translations through the services; steps keep their translations."""
    # The language each row had: a form's instance already holds what was posted.
    for form in formset.deleted_forms:
        if form.instance.pk:
            services.article_translation_delete(
                article_id=article.pk, language=form.initial["language"]
            )
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not (form.instance.pk or form.has_changed()):
            continue
        if form.instance.pk and form.initial["language"] != data["language"]:
            # The language was changed: the old one's translation is gone.
            services.article_translation_delete(
                article_id=article.pk, language=form.initial["language"]
            )
        try:
            services.article_translation_save(
                article_id=article.pk,
                language=data["language"],
                question=data["question"],
                slug=data["slug"],
                answer_intro=data["answer_intro"],
                answer_outro=data["answer_outro"],
                steps={},
                user=request.user,
            )
        except ValidationError as error:
            # Checked by the form already; only a race gets here.
            messages.error(request, " ".join(error.messages))
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class TopicTranslationForm(forms.ModelForm):
    class Meta:
        model = TopicTranslation
        fields = ["topic", "language", "name", "description"]

    def clean_language(self) -> str:
        language = self.cleaned_data["language"]
        if language == settings.LANGUAGE_CODE:
            raise forms.ValidationError(
                gettext("Topics are written in %(language)s: edit the topic itself.")
                % {"language": lang.name(language)}
            )
        return language


class TopicTranslationAdmin(admin.ModelAdmin):
    """Topics' names and descriptions in other languages, saved through the services."""

    form = TopicTranslationForm
    list_display = ["name", "topic", "language"]
    list_filter = ["language"]
    search_fields = ["name", "topic__name"]

    def save_model(self, request, obj, form, change):
        if change and "language" in form.changed_data:
            services.topic_translation_delete(
                topic_id=obj.topic_id, language=form.initial["language"]
            )
        saved = services.topic_translation_save(
            topic_id=obj.topic_id,
            language=obj.language,
            name=obj.name,
            description=obj.description,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.topic_translation_delete(topic_id=obj.topic_id, language=obj.language)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            self.delete_model(request, item)

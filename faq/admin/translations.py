"""Translations in the admin beside the editor (translation_editor): the article list's
languages column and its filter for translations that may be out of date, and topics'
translations, saved through the services."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faq import lang, services
from faq.models import TopicTranslation, stale_translation_exists


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
    """The article list with each article's translations, for its languages column."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).prefetch_related("translations")


def translations_column(article) -> str:
    """The article's languages, its source first; those that may be out of date marked."""
    names = [lang.name(article.language)]
    for item in article.translations.all():
        stale = item.updated_at < article.source_changed_at
        names.append(f"{lang.name(item.language)}{' (may be out of date)' if stale else ''}")
    return ", ".join(names)


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

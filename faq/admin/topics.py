"""Topics, their translations and teams in the admin."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from faq import services
from faq.admin import translations
from faq.admin.audiences import TopicForm
from faq.admin.content import PublicContentAdmin
from faq.models import Article, Team, Topic, TopicTranslation


@admin.register(Topic)
class TopicAdmin(PublicContentAdmin):
    form = TopicForm
    fields = ["name", "slug", "description", "review_months", "audience"]
    list_display = ["name", "slug", "audience", "review_months", "article_count"]
    list_filter = ["audience"]
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

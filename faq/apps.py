from django.apps import AppConfig


class FaqConfig(AppConfig):
    """The knowledge base: articles, their steps, topics and teams."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "faq"
    verbose_name = "Knowledge base"

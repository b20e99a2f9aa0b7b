from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentitiesConfig(AppConfig):
    """Sign-in identities: a provider's subject, linked to a user."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "faq.identities"
    label = "identities"
    verbose_name = _("Single sign-on")

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    """The knowledge base: articles, their steps, topics and teams."""

    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "faq"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from faq.sql import sqlite_functions_add

        connection_created.connect(sqlite_functions_add, dispatch_uid="faq.sqlite_functions")
        # After auth's own handler has made the permissions the roles are given.
        post_migrate.connect(_roles_sync, sender=self, dispatch_uid="faq.roles_sync")


def _roles_sync(**kwargs) -> None:
    """The Editors and Publishers groups, made or topped up after each migrate."""
    from faq.services.roles import roles_sync

    if kwargs.get("plan") is not None and not kwargs["plan"]:
        return
    roles_sync()


class HelpdeskAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the site that adds the statistics pages."""

    default = False
    default_site = "faq.admin_site.HelpdeskAdminSite"

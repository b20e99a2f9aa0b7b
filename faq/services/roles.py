"""The staff roles as groups: Editors write and submit for review, Publishers also approve."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS = "Editors"
PUBLISHERS = "Publishers"

# (app label, codename): what an editor does day to day. Deleting articles stays with
# superusers (faq.admin.content.PublicContentAdmin).
EDITOR_PERMISSIONS = (
    ("faq", "add_article"),
    ("faq", "change_article"),
    ("faq", "view_article"),
    ("faq", "add_step"),
    ("faq", "change_step"),
    ("faq", "delete_step"),
    ("faq", "view_step"),
    ("faq", "view_topic"),
    ("faq", "view_team"),
    ("faq", "add_articletranslation"),
    ("faq", "change_articletranslation"),
    ("faq", "view_articletranslation"),
    ("faq", "add_steptranslation"),
    ("faq", "change_steptranslation"),
    ("faq", "view_steptranslation"),
    ("faq", "view_statistics"),
    ("faq", "view_inboxitem"),
    ("faq", "change_inboxitem"),
    ("faq", "view_question"),
    ("faq", "change_question"),
)
PUBLISHER_PERMISSIONS = (
    *EDITOR_PERMISSIONS,
    ("faq", "publish_article"),
    ("faq", "add_topic"),
    ("faq", "change_topic"),
    ("faq", "add_topictranslation"),
    ("faq", "change_topictranslation"),
    ("faq", "view_topictranslation"),
)
ROLES = {EDITORS: EDITOR_PERMISSIONS, PUBLISHERS: PUBLISHER_PERMISSIONS}


@transaction.atomic
def roles_sync() -> None:
    """Make the role groups and give them their permissions; what else a site gave them
    stays. Run after every migrate, so a new permission reaches its role."""
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        codenames = {codename for _, codename in wanted}
        permissions = Permission.objects.filter(
            content_type__app_label="faq", codename__in=codenames
        )
        group.permissions.add(*permissions)

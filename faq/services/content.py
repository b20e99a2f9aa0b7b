"""The content version: every write that changes a public page moves it on."""

from django.db import transaction
from django.db.models import F

from faq.models import ContentVersion
from faq.models.content import ROW_ID


@transaction.atomic
def content_version_bump() -> None:
    """Make every cached public page stale; called in the transaction of the change itself."""
    if not ContentVersion.objects.filter(pk=ROW_ID).update(value=F("value") + 1):
        # The row is made by a migration; a flushed test database has lost it.
        ContentVersion.objects.get_or_create(pk=ROW_ID, defaults={"value": 1})

"""Recording an article's versions (django-reversion), after the services have saved it."""

import reversion
from django.db import transaction
from reversion.models import Revision, Version

from faq.models import Article

NOTE_MAX_LENGTH = 500


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def article_version_record(*, article: Article, user=None, note: str = "") -> Revision:
    """Keep the article as it is now, with its live steps, as a new version."""
    with reversion.create_revision(manage_manually=True, atomic=False):
        reversion.add_to_revision(article)
        reversion.set_user(_user(user))
        reversion.set_comment(note.strip()[:NOTE_MAX_LENGTH])
    return Version.objects.get_for_object(article).select_related("revision").first().revision

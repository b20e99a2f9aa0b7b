"""Recording an article's versions (django-reversion), after the services have saved it."""

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from reversion.models import Revision, Version

from faq.models import Article
from faq.models.visitors import AnyUser

NOTE_MAX_LENGTH = 500


def _user(user: AnyUser) -> AbstractBaseUser | None:
    return user if isinstance(user, AbstractBaseUser) and user.is_authenticated else None


@transaction.atomic
def article_version_record(*, article: Article, user: AnyUser = None, note: str = "") -> Revision:
    """Keep the article as it is now, with its live steps, as a new version."""
    with reversion.create_revision(manage_manually=True, atomic=False):
        reversion.add_to_revision(article)
        reversion.set_user(_user(user))
        reversion.set_comment(note.strip()[:NOTE_MAX_LENGTH])
    return Version.objects.get_for_object(article).select_related("revision").first().revision

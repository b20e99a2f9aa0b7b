"""Recording an article's versions (django-reversion), after the services have saved it."""

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from reversion.models import Revision, Version

from faq.models import Article
from faq.models.visitors import AnyUser
from faq.services.events import article_events_queue

NOTE_MAX_LENGTH = 500


def _user(user: AnyUser) -> AbstractBaseUser | None:
    return user if isinstance(user, AbstractBaseUser) and user.is_authenticated else None


@transaction.atomic
def article_version_record(*, article: Article, user: AnyUser = None, note: str = "") -> Revision:
    """Keep the article as it is now, with its live steps, as a new version; first tell
    the webhook endpoints what changed since the last one (article_events_queue)."""
    # The one point every change of an article's status, text or steps ends at, once
    # its steps and topics are saved too: one admin save is one event.
    article_events_queue(article=article)
    with reversion.create_revision(manage_manually=True, atomic=False):
        reversion.add_to_revision(article)
        reversion.set_user(_user(user))
        reversion.set_comment(note.strip()[:NOTE_MAX_LENGTH])
    return Version.objects.get_for_object(article).select_related("revision").first().revision

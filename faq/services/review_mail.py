"""Email to staff about review: publishers told of a submission, authors of the answer.
Sent by the task worker like every mail (faq.services.mail)."""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Permission
from django.db.models import Q
from django.urls import reverse

from faq.models import Article, Mail
from faq.models.visitors import AnyUser
from faq.services.mail import mail_enqueue
from faq.transactions import in_transaction

SUBJECTS = {
    "submitted": "For review: {question}",
    "sent_back": "Sent back for changes: {question}",
    "approved": "Approved: {question}",
}
OPENINGS = {
    "submitted": "{actor} submitted this {what} for review. It waits for a publisher.",
    "sent_back": "{actor} sent your {what} back for changes.",
    "approved": "{actor} approved your {what}.",
}


def person_name(user: AnyUser) -> str:
    """How staff are named in notes and mail: full name, else username."""
    if user is None or not user.is_authenticated:
        return "The schedule"
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or user.get_username())


def publishers() -> list[AbstractBaseUser]:
    """Active staff who may approve, with an email address."""
    permission = Permission.objects.filter(
        content_type__app_label="faq", codename="publish_article"
    ).first()
    who = Q(is_superuser=True)
    if permission is not None:
        who |= Q(groups__permissions=permission) | Q(user_permissions=permission)
    users = get_user_model().objects.filter(who, is_active=True, is_staff=True).exclude(email="")
    return list(users.distinct().order_by("pk"))


def _recipients(article: Article, event: str, actor: AnyUser) -> list[str]:
    if event == "submitted":
        people = publishers()
    else:
        people = [article.submitted_by] if article.submitted_by else []
    actor_pk = getattr(actor, "pk", None)
    emails = {str(getattr(p, "email", "")) for p in people if p.pk != actor_pk}
    return sorted(email for email in emails if email)


@in_transaction
def review_mail_queue(*, article: Article, event: str, actor: AnyUser, comment: str) -> list[Mail]:
    """A mail per person to tell, queued in the review step's transaction."""
    what = "rewrite" if article.is_rewrite else "new article"
    link = settings.SITE_URL + reverse("admin:faq_article_approval", args=[article.pk])
    lines = [
        OPENINGS[event].format(actor=person_name(actor), what=what),
        "",
        f"“{article.question}”",
    ]
    if comment.strip():
        lines += ["", "Comment:", comment.strip()]
    lines += ["", f"Open it: {link}", ""]
    subject = SUBJECTS[event].format(question=" ".join(article.question.split()))[:400]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"
    mails = []
    for to in _recipients(article, event, actor):
        mail = Mail.objects.create(
            kind=Mail.Kind.REVIEW,
            article=article,
            to=to,
            subject=subject,
            body="\n".join(lines),
            message_id=f"<review.{article.pk}.{uuid.uuid4().hex}@{domain}>",
        )
        mail_enqueue(mail=mail)
        mails.append(mail)
    return mails

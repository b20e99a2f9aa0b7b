"""Questions readers ask the team: the ticket, its place in the inbox, the mail about it
(sent by the worker, faq.services.mail) and the staff's replies."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from reversion.models import Version

from faq.models import (
    Article,
    AskDeflection,
    InboxItem,
    Mail,
    Question,
    Reply,
    Step,
    Team,
    VisitorRef,
)
from faq.models.visitors import AnyUser
from faq.selectors.questions import steps_done
from faq.services.articles import article_create
from faq.services.events import question_created_queue
from faq.services.mail import mail_enqueue
from faq.services.visitors import visitor_row_make
from faq.services.webhooks import webhook_queue
from faq.transactions import in_transaction

# Letters and digits nobody misreads over the phone: no 0/O, 1/I/L.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_CHARS = 6


class NoTeamError(Exception):
    """There is no team to ask: the knowledge base has none yet."""


@dataclass(frozen=True)
class Asked:
    """What a reader sends from /ask/, checked by the form."""

    question: str
    details: str
    email: str
    name: str
    came_from: str = ""


def _user_id(user: AnyUser) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


def _reference() -> str:
    return "Q-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_CHARS))


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"


def message_id(question: Question, part: str) -> str:
    """A Message-ID of our own for one mail about the question: the same every time it is
    asked for, so a resent mail keeps its place in the reader's thread."""
    return f"<{question.reference.lower()}.{part}@{_domain()}>"


def _mail_text(template: str, question: Question, language: str, **context: object) -> str:
    context = {
        "question": question,
        "site_url": settings.SITE_URL,
        "admin_url": reverse("admin:faq_question_change", args=[question.pk]),
        **context,
    }
    with translation.override(language):
        return render_to_string(template, context).strip() + "\n"


@in_transaction
def _mail_make(question: Question, kind: str, to: str, *, reply: Reply | None = None) -> Mail:
    """A mail about the question, queued for the worker in this transaction."""
    language = settings.LANGUAGE_CODE if kind == Mail.Kind.NOTIFICATION else question.language
    subject = _mail_text(f"faq/mail/{kind}_subject.txt", question, language)
    body = _mail_text(f"faq/mail/{kind}.txt", question, language, reply=reply)
    first = message_id(question, Mail.Kind.CONFIRMATION)
    replies = question.replies.all()
    if reply is not None:
        replies = replies.filter(pk__lt=reply.pk)
    earlier = [message_id(question, f"reply-{pk}") for pk in replies.values_list("pk", flat=True)]
    mail = Mail.objects.create(
        question=question,
        reply=reply,
        kind=kind,
        to=to,
        subject=" ".join(subject.split())[:400],
        body=body,
        message_id=message_id(question, f"reply-{reply.pk}" if reply else kind),
        in_reply_to=(earlier[-1] if earlier else first) if reply else "",
        references=" ".join([first, *earlier]) if reply else "",
    )
    mail_enqueue(mail=mail)
    return mail


@transaction.atomic
def question_ask(
    *,
    asked: Asked,
    language: str,
    visitor: VisitorRef,
    user: AnyUser,
    article: Article | None = None,
    step: Step | None = None,
) -> Question:
    """File a reader's question: the ticket, its inbox item, a confirmation to the reader
    and a notification to the article's team (or the first team), and the webhook
    deliveries (the team's, and question.created to endpoints), all queued for the worker
    in the same transaction. Raises NoTeamError, or ValueError for a step of another
    article."""
    if step is not None and (article is None or step.article_id != article.pk):
        raise ValueError("The step belongs to another article.")
    team = article.team if article is not None else Team.objects.order_by("pk").first()
    if team is None:
        raise NoTeamError
    version = None
    if article is not None:
        version = Version.objects.get_for_object(article).values_list("pk", flat=True).first()
    row = visitor_row_make(visitor)
    question = Question(
        question=asked.question,
        details=asked.details,
        email=asked.email,
        name=asked.name,
        language=language,
        team=team,
        article=article,
        article_version=version,
        step=step,
        step_position=step.position if step is not None else None,
        done_positions=(
            steps_done(article_id=article.pk, visitor=visitor) if article is not None else []
        ),
        came_from=asked.came_from,
        visitor=row,
        user_id=_user_id(user),
    )
    while True:
        question.reference = _reference()
        try:
            with transaction.atomic():
                question.save()
            break
        except IntegrityError:
            # One in 887 million a pair: draw again.
            if Question.objects.filter(reference=question.reference).exists():
                continue
            raise
    # Answers opened today did not help after all: the reader asked.
    AskDeflection.objects.filter(visitor=row, day=timezone.localdate()).update(asked=True)
    InboxItem.objects.create(
        kind=InboxItem.Kind.QUESTION,
        question=question,
        article=article,
        step=step,
        created_at=question.created_at,
        language=language,
    )
    _mail_make(question, Mail.Kind.CONFIRMATION, question.email)
    if team.email:
        _mail_make(question, Mail.Kind.NOTIFICATION, team.email)
    webhook_queue(question=question)
    question_created_queue(question=question)
    return question


@transaction.atomic
def ask_answer_open(*, visitor: VisitorRef, article: Article, language: str) -> None:
    """A reader opened an answer offered on /ask/: helped without asking, unless they send
    a question later that day (question_ask marks it). Once a reader a day."""
    AskDeflection.objects.get_or_create(
        visitor=visitor_row_make(visitor),
        day=timezone.localdate(),
        defaults={"article": article, "language": language},
    )


@transaction.atomic
def question_reply(*, question: Question, body: str, user: AnyUser) -> Reply:
    """A member of staff answers: the reply, emailed to the reader in their thread; the
    question is answered and its inbox item resolved."""
    now = timezone.now()
    reply = Reply.objects.create(
        question=question,
        body=body.strip(),
        author_id=_user_id(user),
        created_at=now,
    )
    _mail_make(question, Mail.Kind.REPLY, question.email, reply=reply)
    Question.objects.filter(pk=question.pk).update(status=Question.Status.ANSWERED, answered_at=now)
    InboxItem.objects.filter(question=question).exclude(status=InboxItem.Status.RESOLVED).update(
        status=InboxItem.Status.RESOLVED, status_changed_at=now, status_changed_by_id=_user_id(user)
    )
    return reply


@transaction.atomic
def question_status_set(*, question: Question, status: str, user: AnyUser) -> None:
    """Close a question, or open it again; its inbox item follows."""
    if status not in Question.Status.values:
        raise ValueError(f"Unknown question status: {status!r}")
    Question.objects.filter(pk=question.pk).update(status=status)
    item = InboxItem.Status.NEW if status == Question.Status.NEW else InboxItem.Status.RESOLVED
    InboxItem.objects.filter(question=question).exclude(status=item).update(
        status=item,
        status_changed_at=timezone.now(),
        status_changed_by_id=_user_id(user),
    )


@transaction.atomic
def question_to_article(*, question: Question, user: AnyUser) -> Article:
    """ "Make this an answer": a draft article from the question (its title) and the latest
    reply (its answer), in the question's language, for an editor to finish. Asked again,
    the same draft."""
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.made_article_id is not None:
        made = Article.objects.filter(pk=locked.made_article_id).first()
        if made is not None:
            return made
    reply = locked.replies.order_by("-created_at", "-pk").first()
    slug = f"{slugify(locked.question)[:60].strip('-') or 'question'}-{locked.reference.lower()}"
    article = article_create(
        question=locked.question,
        team=locked.team,
        answer_intro=reply.body if reply is not None else locked.details,
        owner=user if isinstance(user, User) else None,
        status=Article.Status.DRAFT,
        slug=slug,
        language=locked.language,
    )
    Question.objects.filter(pk=locked.pk).update(made_article=article)
    return article

"""Staff pages of the review workflow: the queue, one proposal to approve or send back,
and starting or discarding a rewrite of a published article."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faq import selectors, services
from faq.http import allow_methods, see_other
from faq.models import Article

QUEUE = "admin/faq/article/review_queue.html"
APPROVAL = "admin/faq/article/approval.html"
COMMENT_MAX_LENGTH = 2000
TIME_ZONE_NOTE = format_lazy(
    _(
        "Dates and times are in the site's time zone, {zone}. An article in review is "
        "published at this time if a publisher has approved it by then; the worker does it "
        "within a minute."
    ),
    zone=settings.TIME_ZONE,
)


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author gets this by email, and it is kept in the article's versions."),
    )


def _staff(request: HttpRequest, perm: str = "faq.view_article") -> User:
    """The signed-in member of staff, if they have `perm`."""
    user = request.user
    if not isinstance(user, User) or not user.has_perm(perm):
        raise PermissionDenied
    return user


def _change_url(article: Article) -> str:
    return reverse("admin:faq_article_change", args=[article.pk])


@allow_methods("GET")
def review_queue(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    context = {
        **admin.site.each_context(request),
        "title": gettext("Review queue"),
        "opts": Article._meta,
        "rows": selectors.review_queue(),
        "can_publish": services.can_publish(user),
    }
    return render(request, QUEUE, context)


@allow_methods("GET", "POST")
def approval(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the proposal against what readers see; POST action=approve or send_back."""
    user = _staff(request)
    article = get_object_or_404(Article.objects.select_related("submitted_by"), pk=pk)
    send_back = SendBackForm()
    if request.method == "POST":
        send_back = SendBackForm(request.POST)
        done = _decide(request, user, article, send_back)
        if done is not None:
            return done
    own = article.submitted_by_id == user.pk and not user.is_superuser
    context = {
        **admin.site.each_context(request),
        "title": gettext("Review: %(question)s") % {"question": article.question},
        "opts": Article._meta,
        "article": article,
        "original": article.rewrite_of,
        "proposal": selectors.proposal(article_id=article.pk),
        "can_publish": services.can_publish(user),
        "own": own,
        "in_review": article.status == Article.Status.REVIEW,
        "send_back": send_back,
    }
    return render(request, APPROVAL, context, status=400 if send_back.is_bound else 200)


def _decide(
    request: HttpRequest, user: User, article: Article, send_back: SendBackForm
) -> HttpResponse | None:
    """Carry out the publisher's decision; None to show the page again with the form's
    errors."""
    action = request.POST.get("action")
    if action not in ("approve", "send_back"):
        return HttpResponse(gettext("Unknown action."), status=400)
    try:
        if action == "approve":
            done = services.article_approve(article=article, user=user)
            if done.is_published:
                messages.success(request, gettext("Approved and published. Readers see it now."))
            else:
                messages.success(request, gettext("Approved: it publishes on its date."))
        elif send_back.is_valid():
            comment = send_back.cleaned_data["comment"]
            services.article_send_back(article=article, user=user, comment=comment)
            messages.success(request, gettext("Sent back. The author has been told."))
        else:
            return None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return see_other(reverse("admin:faq_article_approval", args=[article.pk]))
    return see_other(reverse("admin:faq_article_review_queue"))


@allow_methods("POST")
def rewrite_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Open (or go back to) the pending rewrite of a published article."""
    user = _staff(request, "faq.change_article")
    article = get_object_or_404(Article, pk=pk)
    try:
        rewrite = services.article_rewrite_start(article=article, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return see_other(_change_url(article))
    return see_other(_change_url(rewrite))


@allow_methods("POST")
def rewrite_discard(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request, "faq.change_article")
    rewrite = get_object_or_404(Article, pk=pk)
    try:
        original = services.article_rewrite_discard(rewrite=rewrite, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return see_other(_change_url(rewrite))
    messages.success(request, gettext("The rewrite was discarded. Readers see what they saw."))
    return see_other(_change_url(original))


def change_context(request: HttpRequest, article: Article) -> dict:
    """What the article's change page shows of the workflow."""
    may_change = request.user.has_perm("faq.change_article")
    return {
        "rewrite_of": article.rewrite_of,
        "rewrite": Article.objects.filter(rewrite_of=article).first(),
        "can_publish": services.can_publish(request.user),
        "can_rewrite": may_change and article.is_published,
        "show_submit_review": may_change and article.status == Article.Status.DRAFT,
    }


def submitted(request: HttpRequest, article: Article) -> HttpResponse:
    """After the change form's "Submit for review": the article goes to the publishers."""
    try:
        services.article_submit(article=article, user=_staff(request, "faq.change_article"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return see_other(_change_url(article))
    messages.success(
        request,
        gettext("Submitted for review. The publishers have been told by email."),
    )
    return see_other(_change_url(article))

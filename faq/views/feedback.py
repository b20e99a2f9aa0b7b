""" "Was this helpful?": each control is a form that works with and without htmx."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django_ratelimit.decorators import ratelimit

from faq import selectors, services, visitors
from faq.forms import VoteForm, VoteReasonForm
from faq.http import HtmxHttpRequest, allow_methods, bad_request, see_other
from faq.models import Article

PANEL = "faq/article_detail.html#vote-panel"


def _visitor_rate(group: str, request: HtmxHttpRequest) -> str | None:
    # A reader with no cookie yet is new: only the per-address limit applies,
    # or every first-time reader behind one campus address would share a limit.
    if visitors.is_new_reader(request):
        return None
    return settings.RATE_LIMIT_VISITOR


def _ip_rate(group: str, request: HtmxHttpRequest) -> str:
    return settings.RATE_LIMIT_IP


def limited(view):
    """Count votes and feedback per visitor (tight) and per address (loose)."""
    view = ratelimit(
        group="votes-visitor", key=visitors.ratelimit_key, rate=_visitor_rate, block=False
    )(view)
    return ratelimit(group="votes-ip", key="ip", rate=_ip_rate, block=False)(view)


def _panel(
    request: HtmxHttpRequest,
    article: Article,
    *,
    message: str = "",
    error: str = "",
    reason_form: VoteReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The vote panel alone for htmx; the article again (303) for a plain form post."""
    if not request.htmx:
        if error:
            body = {"reason": error, "article": article}
            return render(request, "429.html" if status == 429 else "400.html", body, status=status)
        messages.success(request, message)
        return see_other(article.get_absolute_url() + "#vote-panel")
    fresh, my_vote = selectors.vote_panel(
        article_id=article.pk, visitor=visitors.visitor_ref(request)
    )
    context = {
        "article": fresh,
        "my_vote": my_vote,
        "vote_message": message,
        "vote_error": error,
        "vote_oob": True,
        "reason_form": reason_form or VoteReasonForm(),
    }
    return render(request, PANEL, context, status=status)


RATE_LIMITED = (
    "You have sent a lot of feedback in a short time. Please wait a minute and try again."
)


@allow_methods("POST")
@limited
def vote(request: HtmxHttpRequest, pk: int, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published().only("pk", "slug"), pk=pk)
    if getattr(request, "limited", False):
        return _panel(request, article, error=RATE_LIMITED, status=429)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return bad_request(request, "Choose Yes or No.")
    services.vote_cast(
        article=article, visitor=visitors.visitor_ensure(request), helpful=form.is_helpful()
    )
    if form.is_helpful():
        message = "Thanks! Glad it helped."
    else:
        message = "Thanks for telling us. What was wrong?"
    return _panel(request, article, message=message)


@allow_methods("POST")
@limited
def vote_reason(request: HtmxHttpRequest, pk: int, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published().only("pk", "slug"), pk=pk)
    if getattr(request, "limited", False):
        return _panel(request, article, error=RATE_LIMITED, status=429)
    form = VoteReasonForm(request.POST)
    if not form.is_valid():
        if request.htmx and "comment" not in form.errors:
            return _panel(request, article, reason_form=form, status=422)
        return bad_request(request, "Pick a reason, and keep the comment under 1,000 characters.")
    services.vote_explain(
        article=article,
        visitor=visitors.visitor_ensure(request),
        reason=form.cleaned_data["reason"],
        comment=form.cleaned_data["comment"],
    )
    return _panel(request, article, message="Thank you. Your feedback goes to the team.")

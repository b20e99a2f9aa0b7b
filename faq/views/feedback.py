"""Was this helpful? Each control is a form that works with and without htmx."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from faq import lang, selectors, services
from faq.forms import VoteForm, VoteReasonForm
from faq.http import HtmxHttpRequest, allow_methods, bad_request, reader_language, see_other
from faq.models import Article
from faq.views.limits import RATE_LIMITED, is_limited, limited, rate_limited_page

PANEL = "faq/article_detail.html#vote-panel"


def _article(request: HtmxHttpRequest, pk: int) -> Article:
    """The published article, if the reader may read it, its address in the page's
    language for the answer."""
    try:
        return selectors.article_row(pk=pk, language=lang.active(), user=request.user)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None


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
            return rate_limited_page(request, article)
        messages.success(request, message)
        return see_other(article.get_absolute_url() + "#vote-panel")
    fresh, my_vote = selectors.vote_panel(
        article_id=article.pk, visitor=request.visitor.ref, language=lang.active()
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


@allow_methods("POST")
@limited("votes")
def vote(request: HtmxHttpRequest, pk: int, slug: str) -> HttpResponse:
    article = _article(request, pk)
    if is_limited(request):
        return _panel(request, article, error=str(RATE_LIMITED), status=429)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return bad_request(request, gettext("Choose Yes or No."))
    reader = request.visitor.remember()
    services.vote_cast(
        article=article, visitor=reader, helpful=form.is_helpful(), language=reader_language()
    )
    if form.is_helpful():
        message = gettext("Thanks! Glad it helped.")
    else:
        message = gettext("Thanks for telling us. What was wrong?")
    return _panel(request, article, message=message)


@allow_methods("POST")
@limited("votes")
def vote_reason(request: HtmxHttpRequest, pk: int, slug: str) -> HttpResponse:
    article = _article(request, pk)
    if is_limited(request):
        return _panel(request, article, error=str(RATE_LIMITED), status=429)
    form = VoteReasonForm(request.POST)
    if not form.is_valid():
        if request.htmx and "comment" not in form.errors:
            return _panel(request, article, reason_form=form, status=422)
        return bad_request(
            request, gettext("Pick a reason, and keep the comment under 1,000 characters.")
        )
    services.vote_explain(
        article=article,
        visitor=request.visitor.remember(),
        reason=form.cleaned_data["reason"],
        comment=form.cleaned_data["comment"],
        language=reader_language(),
    )
    return _panel(request, article, message=gettext("Thank you. Your feedback goes to the team."))

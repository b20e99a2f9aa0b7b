"""Ask the team: the form (from the header, a stuck step, a "No" vote or "It didn't
work"), the answers offered as the reader types, and the confirmation with its reference."""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from faq import lang, selectors, services
from faq import search as search_engine
from faq.forms import AskContextForm, AskForm, SuggestForm
from faq.http import HtmxHttpRequest, allow_methods, bad_request, reader_language, safe_page
from faq.models import Article, Step, audiences_for
from faq.selectors.questions import AskOrigin, ask_origin, question_sent
from faq.services.questions import Asked, NoTeamError
from faq.views.limits import RATE_LIMITED, is_limited, limited

PAGE = "faq/ask.html"
SENT = "faq/ask_sent.html"
ANSWERS = 5


class _BadOriginError(Exception):
    """The form named an article or step the reader cannot ask about."""


def _origin(request: HtmxHttpRequest, data: dict) -> AskOrigin:
    try:
        return ask_origin(
            article_id=data.get("article"),
            step_id=data.get("step"),
            visitor=request.visitor.ref,
            user=request.user,
            language=reader_language(),
            came_from=data.get("came_from") or "",
        )
    except (Article.DoesNotExist, Step.DoesNotExist):
        raise _BadOriginError from None


def _answers(request: HtmxHttpRequest, query: str) -> list:
    if not query:
        return []
    return search_engine.suggest(
        query, language=reader_language(), limit=ANSWERS, audiences=audiences_for(request.user)
    )


def _page(
    request: HtmxHttpRequest, form: AskForm, origin: AskOrigin, *, query: str, status: int = 200
) -> HttpResponse:
    context = {"form": form, "origin": origin, "answers": _answers(request, query)}
    if request.htmx:
        return render(request, f"{PAGE}#ask-form", context, status=status)
    return render(request, PAGE, context, status=status)


def _refused(request: HtmxHttpRequest, reason: str, status: int = 400) -> HttpResponse:
    if request.htmx:
        return render(request, f"{PAGE}#ask-refused", {"reason": reason}, status=status)
    if status == 429:
        return render(request, "429.html", {"reason": reason}, status=429)
    response = bad_request(request, reason)
    response.status_code = status
    return response


@allow_methods("GET", "POST")
@limited("questions", "RATE_LIMIT_ASK_VISITOR", "RATE_LIMIT_ASK_IP")
def ask(request: HtmxHttpRequest) -> HttpResponse:
    """GET: the form, with where the reader asks from and, for a question already typed,
    the answers that match. POST: the question sent, then its confirmation (303)."""
    if request.method == "GET":
        context = AskContextForm(request.GET)
        if not context.is_valid():
            return _refused(request, gettext("That link to the question form is broken."))
        try:
            origin = _origin(request, context.cleaned_data)
        except _BadOriginError:
            raise Http404("No such article or step.") from None
        form = AskForm(initial=context.cleaned_data, user=request.user)
        return _page(request, form, origin, query=context.cleaned_data["question"])
    if is_limited(request):
        return _refused(request, str(RATE_LIMITED), status=429)
    form = AskForm(request.POST, user=request.user)
    valid = form.is_valid()
    if form.is_bot or any(name in form.errors for name in AskForm.CONTEXT):
        return _refused(request, gettext("That question could not be sent."))
    try:
        origin = _origin(request, form.cleaned_data)
    except _BadOriginError:
        return _refused(request, gettext("The article or step this question is about is gone."))
    if not valid:
        query = form.cleaned_data.get("question", "")
        return _page(request, form, origin, query=query, status=422)
    data = form.cleaned_data
    try:
        question = services.question_ask(
            asked=Asked(
                question=data["question"],
                details=data["details"].strip(),
                email=data["email"],
                name=" ".join(data["name"].split()),
                came_from=origin.came_from,
            ),
            language=reader_language(),
            visitor=request.visitor.remember(),
            user=request.user,
            article=origin.article,
            step=origin.step,
        )
    except NoTeamError:
        return _refused(request, gettext("There is no team to ask yet."), status=409)
    url = reverse("faq:ask-sent", args=[question.reference])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@safe_page
def ask_answers(request: HtmxHttpRequest) -> HttpResponse:
    """The answers matching what the reader has typed so far (htmx), as links that count
    an answer opened."""
    form = SuggestForm({"q": request.GET.get("question", "")})
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(request, f"{PAGE}#answers", {"answers": _answers(request, query)})


@safe_page
def ask_open(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Count an answer opened from /ask/ (helped without asking, unless they ask), then
    go to it."""
    try:
        article = selectors.article_row(pk=pk, language=lang.active(), user=request.user)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    services.ask_answer_open(
        visitor=request.visitor.remember(), article=article, language=reader_language()
    )
    return HttpResponseRedirect(article.get_absolute_url())


@safe_page
def ask_sent(request: HtmxHttpRequest, reference: str) -> HttpResponse:
    """The confirmation: the reference, shown only to the reader who asked."""
    question = question_sent(reference=reference, visitor=request.visitor.ref)
    if question is None:
        raise Http404("No such question.")
    return render(request, SENT, {"question": question})

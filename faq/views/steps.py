"""The step tracker: each control is a form; htmx swaps only what changed."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from faq import lang, selectors, services
from faq.article_context import article_context
from faq.forms import OutcomeForm, StuckForm, tick_done
from faq.http import HtmxHttpRequest, allow_methods, bad_request, reader_language, see_other
from faq.models import Article, Step, audiences_for
from faq.views import shell
from faq.views.limits import is_limited, limited, rate_limited_page

TEMPLATE = "faq/article_detail.html"


def _article(request: HtmxHttpRequest, pk: int) -> Article:
    """The published article, if the reader may read it, its address in the page's
    language for the answer."""
    try:
        return selectors.article_row(pk=pk, language=lang.active(), user=request.user)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None


def _step(article: Article, step_id: int) -> Step:
    # A step of another article is as unknown as a step that does not exist.
    return get_object_or_404(Step, pk=step_id, article=article)


def _respond(
    request: HtmxHttpRequest, article: Article, partial: str, anchor: str, **extra
) -> HttpResponse:
    """Render one part of the article for htmx; send a plain form post back to its anchor."""
    if not request.htmx:
        if extra.get("message"):
            messages.success(request, extra["message"])
        return see_other(f"{article.get_absolute_url()}#{anchor}")
    try:
        page = selectors.article_page(
            pk=article.pk,
            user=request.user,
            visitor=request.visitor.ref,
            language=lang.active(),
        )
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    step_id = extra.pop("step_id", None)
    if step_id is not None:
        extra["row"] = page.row(step_id)
    return render(request, f"{TEMPLATE}#{partial}", article_context(request, page, **extra))


@allow_methods("POST")
@limited("steps", "RATE_LIMIT_STEPS", "RATE_LIMIT_STEPS_IP")
def step_toggle(request: HtmxHttpRequest, pk: int, slug: str, step_id: int) -> HttpResponse:
    audiences = audiences_for(request.user)
    if is_limited(request):
        try:
            counters = selectors.article_counters(
                pk=pk, language=lang.active(), audiences=audiences
            )
            return rate_limited_page(request, counters)
        except Article.DoesNotExist:
            raise Http404("No such article.") from None
    done = tick_done(request.POST)
    if done is None:
        return bad_request(request, gettext("Say whether the step is done."))
    reader = request.visitor.remember()
    # One statement checks the step, ticks it and reads back what the answer shows.
    tick = services.step_tick(
        article_id=pk,
        step_id=step_id,
        visitor=reader,
        done=done,
        language=reader_language(),
        audiences=audiences,
    )
    if tick is None:
        raise Http404("No such step.")
    # The steps come from the cached page: a tick reads no step rows, and its answer
    # is made of parts rendered before.
    page = shell.shared_page(request, tick.article)
    step = next(s for s in page.steps if s.pk == step_id)
    if not request.htmx:
        # The cached page's address is in the page's language; the tick's counters' is not.
        return see_other(f"{page.article.get_absolute_url()}#step-{step.position}")
    # A tick answers with the step and the progress only, not the whole page.
    progress = tick.state.progress(page.steps)
    return HttpResponse(shell.tick_html(request, tick.article, step, progress))


@allow_methods("POST")
@limited("steps", "RATE_LIMIT_STEPS", "RATE_LIMIT_STEPS_IP")
def run_reset(request: HtmxHttpRequest, pk: int, slug: str) -> HttpResponse:
    article = _article(request, pk)
    if is_limited(request):
        return rate_limited_page(request, article)
    services.run_reset(article=article, visitor=request.visitor.remember())
    message = gettext("Starting over.")
    return _respond(request, article, "tracker", "steps-title", oob=True, message=message)


@allow_methods("POST")
@limited("steps", "RATE_LIMIT_STEPS", "RATE_LIMIT_STEPS_IP")
def run_outcome(request: HtmxHttpRequest, pk: int, slug: str) -> HttpResponse:
    article = _article(request, pk)
    if is_limited(request):
        return rate_limited_page(request, article)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return bad_request(request, gettext("Say whether it worked."))
    run = services.run_outcome_set(
        article=article,
        visitor=request.visitor.remember(),
        worked=form.cleaned_data["worked"],
        language=reader_language(),
    )
    if run is None:
        return bad_request(
            request, gettext("Tick every step first, then tell us whether it worked.")
        )
    message = gettext("Thanks for telling us.")
    return _respond(request, article, "run-done", "run-done", message=message)


@allow_methods("POST")
@limited("votes")
def stuck(request: HtmxHttpRequest, pk: int, slug: str, step_id: int) -> HttpResponse:
    article = _article(request, pk)
    step = _step(article, step_id)
    if is_limited(request):
        return rate_limited_page(request, article)
    form = StuckForm(request.POST)
    if not form.is_valid():
        return bad_request(request, gettext("Keep the message under 1,000 characters."))
    services.stuck_report_file(
        article=article,
        visitor=request.visitor.remember(),
        step=step,
        message=form.cleaned_data["message"],
        language=reader_language(),
    )
    return _respond(
        request,
        article,
        "step-update",
        f"step-{step.position}",
        step_id=step.pk,
        oob=True,
        focus_stuck=True,
        message=gettext("Thanks. The team now knows where you got stuck."),
    )

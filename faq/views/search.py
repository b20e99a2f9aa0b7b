"""Search for readers: the results page, suggestions as they type, and opening a result."""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control

from faq import lang, selectors, services
from faq import search as search_engine
from faq.forms import SearchForm, SearchOpenForm, SuggestForm
from faq.http import HtmxHttpRequest, bad_request, reader_language, safe_page
from faq.models import Article, Topic, audiences_for
from faq.selectors.search import search_no_results, search_topics

PAGE = "faq/search.html"


@safe_page
def search(request: HtmxHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return bad_request(request, gettext("That search could not be read: it may be too long."))
    query = form.cleaned_data["q"]
    audiences = audiences_for(request.user)
    topic = (
        Topic.objects.readable(audiences).filter(slug=form.cleaned_data["topic"]).first()
        if form.cleaned_data["topic"]
        else None
    )
    results = search_engine.search(
        query,
        language=reader_language(),
        topic=topic,
        page=form.cleaned_data["page"] or 1,
        audiences=audiences,
    )
    if results.normalised and not form.cleaned_data["page"]:
        # Only a search's first page counts, not its paging or narrowing.
        services.search_queue(query=query, results=results.total, language=reader_language())
    context = {
        "query": query,
        "results": results,
        "topics": search_topics(audiences=audiences) if query else [],
        "no_results": search_no_results(audiences=audiences)
        if query and not results.total
        else None,
    }
    if request.htmx and request.htmx.target == "search-results":
        return render(request, f"{PAGE}#results", context)
    return render(request, PAGE, context)


@safe_page
@cache_control(private=True, max_age=60)
def suggest(request: HtmxHttpRequest) -> HttpResponse:
    form = SuggestForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    suggestions = (
        search_engine.suggest(
            query, language=reader_language(), audiences=audiences_for(request.user)
        )
        if query
        else []
    )
    return render(request, f"{PAGE}#suggestions", {"query": query, "suggestions": suggestions})


@safe_page
def search_open(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Count that a search's result was opened, then go to it."""
    try:
        article = selectors.article_row(pk=pk, language=lang.active(), user=request.user)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    form = SearchOpenForm(request.GET)
    if form.is_valid():
        services.search_open_queue(
            query=form.cleaned_data["q"],
            counts_search=form.cleaned_data["via"] == "suggest",
            language=reader_language(),
        )
    return HttpResponseRedirect(article.get_absolute_url())

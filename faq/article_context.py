"""The article template's context: the reader's page, its htmx parts and the editor's preview."""

# Outside faq/views/ so the admin's preview renders the real article template
# with the same context as readers get, without the admin importing the reader views.

from urllib.parse import quote, urlencode

from django.http import HttpRequest
from django.utils import timezone

from faq import lang
from faq.forms import StuckForm, VoteReasonForm
from faq.selectors import ArticlePage
from faq.structured_data import article_json_ld


def mailto(address: str, subject: str, body: str) -> str:
    return f"mailto:{quote(address, safe='@')}?" + urlencode(
        {"subject": subject, "body": body}, quote_via=quote
    )


def tracker_context(page: ArticlePage, **extra) -> dict:
    """What the step tracker's parts need: steps and progress (the way to ask for help is
    a link to /ask/ with the article and the step)."""
    return {"page": page, "article": page.article, "progress": page.progress, **extra}


def language_links(page: ArticlePage) -> list[dict]:
    """The header's language switcher on an article: the article's address in each language,
    its translated slug where it has one."""
    return [
        {
            "code": code,
            "name": lang.name(code),
            "url": url,
            "current": code == page.language.code,
        }
        for code, url in page.language_urls.items()
    ]


def alternates(request: HttpRequest, page: ArticlePage) -> list[dict]:
    """<link rel="alternate" hreflang> for each language the article really exists in, and
    x-default (its source language's); none for an article in one language only."""
    urls, shown = page.language_urls, page.language
    if len(shown.available) < 2:
        return []
    links = [
        {"hreflang": code, "href": request.build_absolute_uri(urls[code])}
        for code in shown.available
    ]
    return [
        *links,
        {"hreflang": "x-default", "href": request.build_absolute_uri(urls[shown.source])},
    ]


def article_context(request: HttpRequest, page: ArticlePage, **extra) -> dict:
    """The article template's context; htmx views render parts of it."""
    url = request.build_absolute_uri(page.article.get_absolute_url())
    share = f"{page.article.question}\n{url}"
    extra.setdefault("review_note", page.article.review_note_due(timezone.localdate()))
    if page.language_urls:
        # Instead of the context processor's: the article's slug differs by language.
        extra.setdefault("language_links", language_links(page))
        extra.setdefault("alternates", alternates(request, page))
    return tracker_context(
        page,
        canonical_url=url,
        mailto=mailto("", page.article.question, share),
        json_ld=article_json_ld(page=page, url=url),
        my_vote=page.my_vote,
        reason_form=VoteReasonForm(),
        stuck_form=StuckForm(),
        **extra,
    )

"""Atom feeds of new and updated articles, site-wide and per topic, in the address's language
(Django's syndication framework), cheap to poll: an ETag, a 304 and a short max-age."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from faq import lang, selectors
from faq.http import safe_page
from faq.markdown import html_to_text

# How long a reader or proxy may use a feed without asking again; after that a
# conditional GET costs two small queries and a 304 while nothing changed.
FEED_SECONDS = 5 * 60
SUMMARY_WORDS = 50


class AtomWithContent(Atom1Feed):
    """Atom 1.0 with the whole answer as <content type="html"> and the entry's own xml:lang."""

    def item_attributes(self, item: dict) -> dict:
        attributes = super().item_attributes(item)
        if item.get("text_language") and item["text_language"] != self.feed["language"]:
            attributes["xml:lang"] = item["text_language"]
        return attributes

    def add_item_elements(self, handler, item: dict) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass(frozen=True)
class _Feed:
    """What one request's feed shows, with the origin its ids are made absolute with."""

    page: selectors.ArticleFeed
    origin: str


@dataclass(frozen=True)
class _Item:
    """One entry, with the origin its id is made absolute with."""

    entry: selectors.FeedEntry
    origin: str


def _origin(request: HttpRequest) -> str:
    # The host the syndication framework makes links absolute with (RequestSite).
    return f"{request.scheme}://{request.get_host()}"


def _absolute(origin: str, url: str) -> str:
    return origin + url if url.startswith("/") and not url.startswith("//") else url


def _content(item: _Item) -> SafeString:
    """The answer as the page shows it: intro, the steps as a numbered list, outro."""
    # The stored HTML was sanitised when it was saved (faq.markdown), as the page trusts it.
    entry = item.entry
    steps = format_html_join(
        "",
        "<li>{}{}</li>",
        (
            (
                mark_safe(step.body_html),
                format_html(
                    '<p><img src="{}" alt="{}"></p>',
                    _absolute(item.origin, step.image_url),
                    step.image_alt,
                )
                if step.image_url
                else "",
            )
            for step in entry.steps
        ),
    )
    listed = format_html("<ol>{}</ol>", steps) if entry.steps else ""
    return format_html("{}{}{}", mark_safe(entry.intro_html), listed, mark_safe(entry.outro_html))


class ArticlesFeed(Feed):
    """New and updated published articles, newest first; on one topic when a slug is given."""

    feed_type = AtomWithContent

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        # Django sets it from the newest entry's date, which unpublishing an article or
        # removing a step leaves as it was: a client asking If-Modified-Since would keep
        # the old feed. The ETag (the content version) moves with every such change.
        del response["Last-Modified"]
        return response

    def get_object(self, request: HttpRequest, slug: str | None = None) -> _Feed:
        """Raises Topic.DoesNotExist, which the framework answers with a 404."""
        page = selectors.article_feed(language=lang.active(), topic_slug=slug)
        return _Feed(page=page, origin=_origin(request))

    def title(self, obj: _Feed) -> str:
        site = settings.SITE_NAME
        if obj.page.topic is None:
            return gettext("%(site)s: new and updated answers") % {"site": site}
        return gettext("%(site)s: new and updated answers on %(topic)s") % {
            "site": site,
            "topic": obj.page.topic.name,
        }

    def subtitle(self, obj: _Feed) -> str:
        if obj.page.topic is not None and obj.page.topic.description:
            return obj.page.topic.description
        # The same words as the pages' description, so the catalogs have them already.
        return gettext("Answers and step-by-step guides from %(SITE_TEAM)s.") % {
            "SITE_TEAM": settings.SITE_TEAM
        }

    def link(self, obj: _Feed) -> str:
        topic = obj.page.topic
        return reverse("faq:home") if topic is None else topic.get_absolute_url()

    def feed_url(self, obj: _Feed) -> str:
        topic = obj.page.topic
        if topic is None:
            return reverse("faq:feed")
        return reverse("faq:topic-feed", kwargs={"slug": topic.slug})

    def feed_guid(self, obj: _Feed) -> str:
        return obj.origin + self.feed_url(obj)

    def author_name(self) -> str:
        return settings.SITE_TEAM

    def items(self, obj: _Feed) -> list[_Item]:
        return [_Item(entry=e, origin=obj.origin) for e in obj.page.entries]

    def item_title(self, item: _Item) -> str:
        # Atom's <title> is text (no type="html"): no escaping, unlike RSS's.
        return item.entry.title

    def item_description(self, item: _Item) -> str:
        entry = item.entry
        # An answer that is all steps starts with its first one.
        first = entry.steps[0].body_html if entry.steps else ""
        text = html_to_text(entry.intro_html) or html_to_text(first) or entry.title
        # <summary type="html">: plain text, escaped, is HTML too.
        return escape(Truncator(text).words(SUMMARY_WORDS))

    def item_link(self, item: _Item) -> str:
        return item.entry.path

    def item_guid(self, item: _Item) -> str:
        # The short address, in this language: it stays when the slug changes.
        return item.origin + item.entry.short_path

    def item_updateddate(self, item: _Item) -> datetime:
        return item.entry.updated

    def item_pubdate(self, item: _Item) -> datetime | None:
        published = item.entry.published
        # A translation saved before its article was published would read as updated
        # before it was published.
        return published if published is not None and published <= item.entry.updated else None

    def item_author_name(self, item: _Item) -> str:
        return item.entry.team

    def item_extra_kwargs(self, item: _Item) -> dict:
        return {"content": _content(item), "text_language": item.entry.language}


def _etag(request: HttpRequest, slug: str | None = None) -> str | None:
    """The feed's ETag, from the content version; None for a topic that does not exist."""
    version = selectors.feed_version(topic_slug=slug)
    if version is None:
        return None
    # Weak: an empty feed's <updated> is the time it was asked at, though nothing changed.
    # Each language has its own address; the language is here for caches keyed by ETag.
    return f'W/"feed-{version}-{lang.active()}"'


articles_feed = safe_page(
    cache_control(max_age=FEED_SECONDS)(condition(etag_func=_etag)(ArticlesFeed()))
)

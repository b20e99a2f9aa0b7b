"""Sitemap of published articles: one entry for each language an article exists in."""

from django.contrib.sitemaps import Sitemap

from faq import selectors
from faq.selectors import SitemapArticle


class ArticleSitemap(Sitemap):
    """Each article's address in each of its languages, with its translated slug, and
    xhtml:link alternates naming them all plus x-default (the source language's).

    Django's own i18n sitemap builds every language's address by reversing one URL under
    each language, which cannot give each language its own slug, and takes x-default from
    LANGUAGE_CODE rather than the article's source; so the items are (article, language)
    pairs and the alternates are filled in here."""

    changefreq = "monthly"

    def items(self) -> list[tuple[SitemapArticle, str]]:
        return [
            (article, code) for article in selectors.sitemap_articles() for code in article.urls
        ]

    def location(self, item: tuple[SitemapArticle, str]) -> str:
        article, code = item
        return article.urls[code]

    def lastmod(self, item: tuple[SitemapArticle, str]):
        article, code = item
        return article.lastmod[code]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            article, _ = url["item"]
            # One language only: nothing to point to, as the page itself links none.
            if len(article.urls) < 2:
                continue
            url["alternates"] = [
                *({"lang_code": c, "location": origin + u} for c, u in article.urls.items()),
                {"lang_code": "x-default", "location": origin + article.urls[article.source]},
            ]
        return urls

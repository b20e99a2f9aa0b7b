"""Sitemap of published articles."""

from django.contrib.sitemaps import Sitemap

from faq import selectors
from faq.models import Article


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return selectors.sitemap_articles()

    def lastmod(self, article: Article):
        return article.updated_at

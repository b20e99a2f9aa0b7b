"""Rows shown in a reader's language: the translation's text where there is one, the
source's, marked as such, where not; and an article's address in each language."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation

from faq import lang
from faq.models import Article, ArticleTranslation, Step, Topic
from faq.models.articles import TRANSLATED

# What an article's translation replaces on the row, and what a list of articles
# shows of it; a step's and a topic's.
ARTICLE_FIELDS = ("question", "slug", "answer_intro_html", "answer_outro_html")
LISTED_FIELDS = ("question", "slug")
STEP_FIELDS = ("body_html", "image_alt")
TOPIC_FIELDS = ("name", "description")
# Not text a reader reads: never marked as shown in another language.
_UNMARKED = {"slug"}

Row = TypeVar("Row", Article, Step, Topic)


@dataclass(frozen=True)
class PageLanguage:
    """The language an article page was asked in, and how much of the article is in it."""

    # The language asked for: the page's own.
    code: str = settings.LANGUAGE_CODE
    # The language the article is written in.
    source: str = settings.LANGUAGE_CODE
    # Whether the article exists in `code`: it is its source, or it has a translation.
    translated: bool = True
    # The translation is older than the last change to the source.
    stale: bool = False
    # The languages the article exists in, its source first.
    available: tuple[str, ...] = field(default_factory=tuple)

    @property
    def shown(self) -> str:
        """The language most of the page's article is shown in."""
        return self.code if self.translated else self.source

    @property
    def name(self) -> str:
        """The page's language as a sentence in the active language names it."""
        return lang.name_translated(self.code)


def translated(row: Row, *, source: str, texts: Mapping[str, str | None] | None) -> Row:
    """The row with each of `texts` (a field's translation, None or blank where missing) in
    place of its source text; fields left in the source language are marked in
    `row.fallback`. `texts` None: the row is shown in its source language as it is."""
    if texts is None:
        return row
    fallback = {}
    for name, value in texts.items():
        if value:
            setattr(row, name, value)
        elif getattr(row, name) and name not in _UNMARKED:
            fallback[name] = source
    row.fallback = fallback
    return row


def annotated_texts(
    row: models.Model, names: Iterable[str], *, language: str | None, source: str
) -> dict[str, str | None] | None:
    """The translation's fields that with_translation() annotated on `row`; None when the
    row is asked for in its own language (or in none)."""
    if language is None or language == source:
        return None
    return {name: getattr(row, TRANSLATED + name) for name in names}


def articles_translated(
    articles: Iterable[Article], language: str | None, names: Iterable[str] = LISTED_FIELDS
) -> list[Article]:
    """Articles annotated by with_translation(language, *names), in that language."""
    names = tuple(names)
    return [
        translated(
            a,
            source=a.language,
            texts=annotated_texts(a, names, language=language, source=a.language),
        )
        for a in articles
    ]


def topics_translated(topics: Iterable[Topic], language: str | None) -> list[Topic]:
    """Topics annotated by with_translation(language), in that language."""
    source = settings.LANGUAGE_CODE
    return [
        translated(
            t,
            source=source,
            texts=annotated_texts(t, TOPIC_FIELDS, language=language, source=source),
        )
        for t in topics
    ]


def is_stale(*, translated_at: datetime | None, source_changed_at: datetime) -> bool:
    """Whether a translation saved at `translated_at` is older than its source's last change."""
    return translated_at is not None and translated_at < source_changed_at


def language_urls(*, pk: int, source_slug: str, slugs: Mapping[str, str]) -> dict[str, str]:
    """The article's address in every language: its translation's slug there, else its
    source's (the page then shows the source text)."""
    urls = {}
    for code in lang.codes():
        with translation.override(code):
            slug = slugs.get(code, source_slug)
            urls[code] = reverse("faq:article", kwargs={"pk": pk, "slug": slug})
    return urls


def article_language_urls(article_id: int) -> dict[str, str]:
    """The article's address in each language it really exists in: its source language and
    its translations', in the site's order of languages; raises Article.DoesNotExist."""
    rows = list(
        Article.objects.filter(pk=article_id).values_list(
            "slug", "language", "translations__language", "translations__slug"
        )
    )
    if not rows:
        raise Article.DoesNotExist
    source_slug, source = rows[0][0], rows[0][1]
    slugs = {code: slug for _, _, code, slug in rows if code is not None}
    available = {source, *slugs}
    urls = language_urls(pk=article_id, source_slug=source_slug, slugs=slugs)
    return {code: url for code, url in urls.items() if code in available}


def article_translation_languages(article_id: int) -> set[str]:
    """The languages an article has a translation in."""
    return set(
        ArticleTranslation.objects.filter(article_id=article_id).values_list("language", flat=True)
    )

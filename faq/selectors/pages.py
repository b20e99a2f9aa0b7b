"""Reads for the public pages: the article with the reader's progress, home, topics."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery

from faq.models import (
    Article,
    ArticleTranslation,
    RelatedArticle,
    Step,
    Topic,
    VisitorRef,
    Vote,
    audiences_for,
)
from faq.models.audiences import PUBLIC
from faq.models.visitors import AnyUser
from faq.selectors.progress import Progress, StepRow
from faq.selectors.readers import reader_state
from faq.selectors.translations import (
    ARTICLE_FIELDS,
    LISTED_FIELDS,
    STEP_FIELDS,
    PageLanguage,
    annotated_texts,
    articles_translated,
    is_stale,
    language_urls,
    topics_translated,
    translated,
)

RELATED_LIMIT = 5
HOME_LIST_LIMIT = 6


@dataclass(frozen=True)
class ArticlePage:
    """Everything the article page shows, fetched with a fixed number of queries."""

    article: Article
    steps: list[Step]
    topics: list[Topic]
    related: list[Article]
    my_vote: Vote | None
    progress: Progress
    # The language the page was asked in and how much of the article is in it, and
    # the article's address in every language.
    language: PageLanguage = field(default_factory=PageLanguage)
    language_urls: Mapping[str, str] = field(default_factory=dict)

    def row(self, step_id: int) -> StepRow | None:
        return next((r for r in self.progress.rows if r.step.pk == step_id), None)


def visitor_vote(*, article_id: int, visitor: VisitorRef) -> Vote | None:
    """This visitor's vote on the article, found without making a visitor row."""
    if visitor.is_new:
        return None
    votes = Vote.objects.of_visitor(visitor).filter(article_id=article_id)
    return votes.filter(era=F("article__vote_era")).first()


def vote_panel(
    *, article_id: int, visitor: VisitorRef, language: str | None = None
) -> tuple[Article, Vote | None]:
    """Fresh counters and the visitor's vote, for the panel after a vote; the panel's
    addresses in `language`."""
    found = Article.objects.only("pk", "slug", "yes_count", "no_count", "language")
    if language is not None:
        found = found.with_translation(language, "slug")
    article = articles_translated([found.get(pk=article_id)], language, ("slug",))[0]
    return article, visitor_vote(article_id=article_id, visitor=visitor)


def article_row(
    *, pk: int, language: str | None, user: AnyUser = None, drafts: bool = False
) -> Article:
    """A published article `user` may read (with `drafts`, any article, for staff) and its
    team, with its slug in `language`, for a form's answer to point back to it. Raises
    Article.DoesNotExist."""
    articles = Article.objects.visible_to(user) if drafts else Article.objects.readable_by(user)
    found = articles.select_related("team").only("pk", "slug", "language", "status", "team")
    if language is not None:
        found = found.with_translation(language, "slug")
    return articles_translated([found.get(pk=pk)], language, ("slug",))[0]


def article_page(
    *, pk: int, user: AnyUser, visitor: VisitorRef, language: str | None = None
) -> ArticlePage:
    """The article with its steps, topics and related articles, in `language` where it has
    a translation (field by field; the source's text, marked, where not); None: in its
    source language. Only an article `user` may read (drafts too, for staff), and of its
    topics and related articles only those they may see. Raises Article.DoesNotExist."""
    audiences = audiences_for(user)
    steps_query = Step.objects.get_queryset()
    topics_query = Topic.objects.readable(audiences)
    prefetches = []
    if language is not None:
        steps_query = steps_query.with_translation(language)
        topics_query = topics_query.with_translation(language)
        prefetches.append(
            Prefetch(
                "translations",
                queryset=ArticleTranslation.objects.only(
                    "article_id",
                    "language",
                    "updated_at",
                    "review_by",
                    "last_reviewed_at",
                    *ARTICLE_FIELDS,
                ),
            )
        )
    article = (
        Article.objects.visible_to(user)
        .select_related("team", "answered_by")
        .annotate(by_meaning=Exists(RelatedArticle.objects.filter(article=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("steps", queryset=steps_query.order_by("position")),
            Prefetch("topics", queryset=topics_query.order_by("name")),
            *prefetches,
        )
        .get(pk=pk)
    )
    topics = topics_translated(article.topics.all(), language)
    steps = [
        translated(
            s,
            source=article.language,
            texts=annotated_texts(s, STEP_FIELDS, language=language, source=article.language),
        )
        for s in article.steps.all()
    ]
    shown, urls = _article_in(article, language)
    progress, vote = reader_state(article=article, steps=steps, visitor=visitor)
    return ArticlePage(
        article=article,
        steps=steps,
        topics=topics,
        related=related_articles(
            article=article,
            topic_ids=[t.pk for t in topics],
            language=language,
            by_meaning=article.by_meaning,  # type: ignore[attr-defined] # annotated above
            audiences=audiences,
        ),
        my_vote=vote,
        progress=progress,
        language=shown,
        language_urls=urls,
    )


def _article_in(article: Article, language: str | None) -> tuple[PageLanguage, dict[str, str]]:
    """Put the article's translation into `language` (prefetched) in place of its source
    text; how much of it is in that language, and its address in each language."""
    source = article.language
    if language is None:
        return PageLanguage(code=source, source=source, available=(source,)), {}
    found = {t.language: t for t in article.translations.all()}
    urls = language_urls(
        pk=article.pk, source_slug=article.slug, slugs={c: t.slug for c, t in found.items()}
    )
    item = found.get(language)
    if language != source:
        texts = {name: getattr(item, name) if item else None for name in ARTICLE_FIELDS}
        translated(article, source=source, texts=texts)
        if item is not None:
            # Its readers are told when their text was last updated and reviewed.
            article.updated_at = item.updated_at
            article.review_by, article.last_reviewed_at = item.review_by, item.last_reviewed_at
    shown = PageLanguage(
        code=language,
        source=source,
        translated=language == source or item is not None,
        stale=item is not None
        and is_stale(translated_at=item.updated_at, source_changed_at=article.source_changed_at),
        available=tuple(c for c in urls if c == source or c in found),
    )
    return shown, urls


def related_articles(
    *,
    article: Article,
    topic_ids: list[int],
    limit: int = RELATED_LIMIT,
    language: str | None = None,
    by_meaning: bool | None = None,
    audiences: Sequence[str] = PUBLIC,
) -> list[Article]:
    """The published articles closest in meaning to this one (RelatedArticle, kept by
    services.related_update) that a reader of `audiences` may read, closest first; where
    it has none (no embeddings), those sharing the most topics. In `language` where they
    have a translation. `by_meaning`: whether it has any, when the caller read that
    already."""
    if by_meaning is None:
        by_meaning = RelatedArticle.objects.filter(article=article).exists()
    if not by_meaning:
        return related_by_topics(
            article=article,
            topic_ids=topic_ids,
            limit=limit,
            language=language,
            audiences=audiences,
        )
    closeness = RelatedArticle.objects.filter(article=article, related=OuterRef("pk"))
    related = (
        Article.objects.readable(audiences)
        .filter(pk__in=RelatedArticle.objects.filter(article=article).values("related_id"))
        .annotate(closeness=Subquery(closeness.values("similarity")[:1]))
        .order_by("-closeness", "pk")
        .only("pk", "slug", "question", "language", "audience")
    )
    if language is not None:
        related = related.with_translation(language, *LISTED_FIELDS)
    return articles_translated(related[:limit], language)


def related_by_topics(
    *,
    article: Article,
    topic_ids: list[int],
    limit: int = RELATED_LIMIT,
    language: str | None = None,
    audiences: Sequence[str] = PUBLIC,
) -> list[Article]:
    """Published articles a reader of `audiences` may read sharing the most topics with
    this one, most read first; in `language` where they have a translation."""
    if not topic_ids:
        return []
    related = (
        Article.objects.readable(audiences)
        .filter(topics__in=topic_ids)
        .exclude(pk=article.pk)
        .annotate(shared=Count("topics", filter=Q(topics__in=topic_ids)))
        .order_by("-shared", "-view_count", "pk")
        .only("pk", "slug", "question", "language", "audience")
    )
    if language is not None:
        related = related.with_translation(language, *LISTED_FIELDS)
    return articles_translated(related[:limit], language)


@dataclass(frozen=True)
class HomePage:
    topics: list[Topic]
    most_viewed: list[Article]
    recently_updated: list[Article]


def home_page(*, language: str | None = None, audiences: Sequence[str] = PUBLIC) -> HomePage:
    """The topics a reader of `audiences` may see with the articles they may read on each,
    and the most read and newest of those articles; in `language` where they have a
    translation."""
    listed = Article.objects.readable(audiences).only(
        "pk", "slug", "question", "updated_at", "view_count", "language", "audience"
    )
    counted = Topic.objects.readable(audiences).with_published_counts(audiences)
    # django-stubs cannot see a name made by annotate() in filter().
    topics = counted.filter(published_count__gt=0)  # type: ignore[misc]
    if language is not None:
        listed = listed.with_translation(language, *LISTED_FIELDS)
        topics = topics.with_translation(language)
    return HomePage(
        topics=topics_translated(topics, language),
        most_viewed=articles_translated(listed.most_viewed()[:HOME_LIST_LIMIT], language),
        recently_updated=articles_translated(listed.recently_updated()[:HOME_LIST_LIMIT], language),
    )


@dataclass(frozen=True)
class TopicPage:
    topic: Topic
    articles: list[Article]


def topic_articles(
    *, topic: Topic, language: str | None = None, audiences: Sequence[str] = PUBLIC
) -> list[Article]:
    """A topic's published articles that a reader of `audiences` may read, most read first;
    in `language` where they have a translation."""
    names = (*LISTED_FIELDS, "answer_intro_html")
    fields = ("slug", "question", "updated_at", "view_count", "answer_intro_html", "language")
    articles = (
        topic.articles.readable(audiences)
        .only("pk", *fields, "audience")
        .annotate(step_count=Count("steps"))
        .most_viewed()
    )
    if language is not None:
        articles = articles.with_translation(language, *names)
    return articles_translated(articles, language, names)


def topic_page(
    *, slug: str, language: str | None = None, audiences: Sequence[str] = PUBLIC
) -> TopicPage:
    """A topic a reader of `audiences` may see and the published articles on it they may
    read, in `language` where translated; raises Topic.DoesNotExist."""
    topics = Topic.objects.readable(audiences)
    if language is not None:
        topics = topics.with_translation(language)
    topic = topics_translated([topics.get(slug=slug)], language)[0]
    articles = topic_articles(topic=topic, language=language, audiences=audiences)
    return TopicPage(topic=topic, articles=articles)


@dataclass(frozen=True)
class SitemapArticle:
    """A published article's address in each language it exists in, for the sitemap."""

    pk: int
    source: str
    # Code to path, in the site's order of languages.
    urls: Mapping[str, str]
    # Code to the last change in that language: the translation's, or the article's.
    lastmod: Mapping[str, datetime]


def sitemap_articles() -> list[SitemapArticle]:
    """Published articles for everyone (search engines read as anonymous readers) with
    their address in each language they exist in: the same languages as the page's own
    hreflang links, so the two never disagree."""
    articles = (
        Article.objects.readable(PUBLIC)
        .only("pk", "slug", "language", "updated_at")
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=ArticleTranslation.objects.only(
                    "article_id", "language", "slug", "updated_at"
                ),
            )
        )
        .order_by("pk")
    )
    found = []
    for article in articles:
        translations = {t.language: t for t in article.translations.all()}
        urls = language_urls(
            pk=article.pk,
            source_slug=article.slug,
            slugs={code: t.slug for code, t in translations.items()},
        )
        lastmod = {code: t.updated_at for code, t in translations.items()}
        lastmod[article.language] = article.updated_at
        ordered = [c for c in urls if c == article.language or c in translations]
        found.append(
            SitemapArticle(
                pk=article.pk,
                source=article.language,
                urls={code: urls[code] for code in ordered},
                lastmod=lastmod,
            )
        )
    return found

"""Reads for the public pages: the article with the reader's progress, home, topics."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from faq.models import Article, Step, Topic, VisitorRef, Vote
from faq.models.visitors import AnyUser
from faq.selectors.progress import Progress, StepRow
from faq.selectors.readers import reader_state

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

    def row(self, step_id: int) -> StepRow | None:
        return next((r for r in self.progress.rows if r.step.pk == step_id), None)


def visitor_vote(*, article_id: int, visitor: VisitorRef) -> Vote | None:
    """This visitor's vote on the article, found without making a visitor row."""
    if visitor.is_new:
        return None
    votes = Vote.objects.of_visitor(visitor).filter(article_id=article_id)
    return votes.filter(era=F("article__vote_era")).first()


def vote_panel(*, article_id: int, visitor: VisitorRef) -> tuple[Article, Vote | None]:
    """Fresh counters and the visitor's vote, for the panel after a vote."""
    article = Article.objects.only("pk", "slug", "yes_count", "no_count").get(pk=article_id)
    return article, visitor_vote(article_id=article_id, visitor=visitor)


def article_page(*, pk: int, user: AnyUser, visitor: VisitorRef) -> ArticlePage:
    """The article with its steps, topics and related articles; raises Article.DoesNotExist."""
    article = (
        Article.objects.visible_to(user)
        .select_related("team", "answered_by")
        .prefetch_related(
            Prefetch("steps", queryset=Step.objects.order_by("position")),
            Prefetch("topics", queryset=Topic.objects.order_by("name")),
        )
        .get(pk=pk)
    )
    topics = list(article.topics.all())
    steps = list(article.steps.all())
    progress, vote = reader_state(article=article, steps=steps, visitor=visitor)
    return ArticlePage(
        article=article,
        steps=steps,
        topics=topics,
        related=related_articles(article=article, topic_ids=[t.pk for t in topics]),
        my_vote=vote,
        progress=progress,
    )


def related_articles(
    *, article: Article, topic_ids: list[int], limit: int = RELATED_LIMIT
) -> list[Article]:
    """Published articles sharing the most topics with this one, most read first."""
    if not topic_ids:
        return []
    return list(
        Article.objects.published()
        .filter(topics__in=topic_ids)
        .exclude(pk=article.pk)
        .annotate(shared=Count("topics", filter=Q(topics__in=topic_ids)))
        .order_by("-shared", "-view_count", "pk")
        .only("pk", "slug", "question")[:limit]
    )


@dataclass(frozen=True)
class HomePage:
    topics: list[Topic]
    most_viewed: list[Article]
    recently_updated: list[Article]


def home_page() -> HomePage:
    """Topics with their article counts, and the most read and newest articles."""
    listed = Article.objects.published().only("pk", "slug", "question", "updated_at", "view_count")
    return HomePage(
        topics=list(
            # django-stubs cannot see a name made by annotate() in filter().
            Topic.objects.with_published_counts().filter(published_count__gt=0)  # type: ignore[misc]
        ),
        most_viewed=list(listed.most_viewed()[:HOME_LIST_LIMIT]),
        recently_updated=list(listed.recently_updated()[:HOME_LIST_LIMIT]),
    )


def topic_articles(*, topic: Topic) -> QuerySet[Article]:
    """A topic's published articles, most read first."""
    return (
        topic.articles.published()
        .only("pk", "slug", "question", "updated_at", "view_count", "answer_intro_html")
        .annotate(step_count=Count("steps"))
        .most_viewed()
    )


def sitemap_articles() -> QuerySet[Article]:
    """Published articles for the sitemap."""
    return Article.objects.published().only("pk", "slug", "updated_at").order_by("pk")

"""Reads for the public pages: the article with the reader's progress, home, topics."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet

from faq.models import (
    Article,
    ContentVersion,
    InboxItem,
    Run,
    Step,
    Topic,
    Vote,
)
from faq.models.content import ROW_ID as CONTENT_VERSION_ROW
from faq.visitors import RequestVisitor

RELATED_LIMIT = 5
HOME_LIST_LIMIT = 6


@dataclass(frozen=True)
class StepRow:
    """A step as this reader sees it."""

    step: Step
    done: bool
    stuck: bool
    is_next: bool


@dataclass(frozen=True)
class Progress:
    """A reader's place in an article's steps."""

    run: Run | None
    rows: list[StepRow]
    changed_since_start: bool

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(row.done for row in self.rows)

    @property
    def finished(self) -> bool:
        return bool(self.rows) and self.done == self.total

    @property
    def next_position(self) -> int | None:
        return next((row.step.position for row in self.rows if row.is_next), None)

    @property
    def done_positions(self) -> list[int]:
        return [row.step.position for row in self.rows if row.done]


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


def step_progress(*, article: Article, steps: list[Step], visitor: RequestVisitor) -> Progress:
    """The visitor's active run on the article: done steps, the next one, open stuck reports."""
    return reader_state(article=article, steps=steps, visitor=visitor)[0]


def _progress(
    steps: list[Step], run: Run | None, done_ids: set[int], stuck_ids: set[int], changed: bool
) -> Progress:
    next_id = next((s.pk for s in steps if s.pk not in done_ids), None)
    rows = [
        StepRow(step=s, done=s.pk in done_ids, stuck=s.pk in stuck_ids, is_next=s.pk == next_id)
        for s in steps
    ]
    return Progress(run=run, rows=rows, changed_since_start=changed)


# A returning reader's whole state on an article, in one statement: their
# active run (and whether the steps changed since it started), its checks,
# its open stuck reports, and their vote. Written out: it runs on every page
# view of a returning reader, and the ORM would compile three queries for it.
_READER_STATE = """
WITH me AS (SELECT id FROM faq_visitor WHERE {visitor} = %(visitor)s),
run AS (
    SELECT id, outcome, started_at < %(changed)s AS changed FROM faq_run
    WHERE article_id = %(article)s AND reset_at IS NULL AND visitor_id IN (SELECT id FROM me)
)
SELECT 'run', id, changed, outcome FROM run
UNION ALL
SELECT 'done', step_id, NULL, NULL FROM faq_check WHERE run_id IN (SELECT id FROM run)
UNION ALL
SELECT 'stuck', s.step_id, NULL, NULL FROM faq_stuckreport s
JOIN faq_inboxitem i ON i.stuck_report_id = s.id
WHERE s.run_id IN (SELECT id FROM run) AND i.status IN (%(new)s, %(seen)s)
UNION ALL
SELECT 'vote', id, helpful, reason FROM faq_vote
WHERE article_id = %(article)s AND visitor_id IN (SELECT id FROM me)
  AND era = (SELECT vote_era FROM faq_article WHERE id = %(article)s)
"""


def reader_state(
    *, article: Article, steps: list[Step], visitor: RequestVisitor
) -> tuple[Progress, Vote | None]:
    """A reader's progress through the article's steps and their vote, in one query."""
    if visitor.is_new:
        return _progress(steps, None, set(), set(), False), None
    by_user = visitor.user_id is not None
    params = {
        "visitor": visitor.user_id if by_user else str(visitor.key).replace("-", ""),
        "article": article.pk,
        # No change to the steps yet: nothing started before it.
        "changed": connection.ops.adapt_datetimefield_value(
            article.steps_changed_at or datetime.min.replace(tzinfo=UTC)
        ),
        "new": InboxItem.Status.NEW,
        "seen": InboxItem.Status.SEEN,
    }
    if connection.vendor == "postgresql":
        params["visitor"] = visitor.user_id if by_user else visitor.key
    sql = _READER_STATE.format(visitor="user_id" if by_user else "key")
    run, vote, changed, done_ids, stuck_ids = None, None, False, set(), set()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, pk, flag, text in cursor.fetchall():
            if kind == "run":
                run = Run(pk=pk, article_id=article.pk, outcome=text)
                changed = bool(flag)
            elif kind == "done":
                done_ids.add(pk)
            elif kind == "stuck":
                stuck_ids.add(pk)
            else:
                vote = Vote(pk=pk, article_id=article.pk, helpful=bool(flag), reason=text)
    return _progress(steps, run, done_ids, stuck_ids, changed), vote


def visitor_vote(*, article_id: int, visitor: RequestVisitor) -> Vote | None:
    """This visitor's vote on the article, found without making a visitor row."""
    if visitor.is_new:
        return None
    votes = Vote.objects.of_visitor(visitor).filter(article_id=article_id)
    return votes.filter(era=F("article__vote_era")).first()


def vote_panel(*, article_id: int, visitor: RequestVisitor) -> tuple[Article, Vote | None]:
    """Fresh counters and the visitor's vote, for the panel after a vote."""
    article = Article.objects.only("pk", "slug", "yes_count", "no_count").get(pk=article_id)
    return article, visitor_vote(article_id=article_id, visitor=visitor)


def article_counters(*, pk: int) -> Article:
    """A published article's slug, counters and review-by date, and the content version
    its cached page is keyed by, in one query; raises Article.DoesNotExist."""
    # Every page view runs this: written out, because compiling it through the
    # ORM takes several times longer than the database takes to answer it.
    sql = (
        "SELECT a.slug, a.view_count, a.yes_count, a.no_count, a.review_by,"  # noqa: S608
        f" COALESCE((SELECT v.value FROM {ContentVersion._meta.db_table} v WHERE v.id = %s), 0)"
        f" FROM {Article._meta.db_table} a WHERE a.id = %s AND a.status = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [CONTENT_VERSION_ROW, pk, Article.Status.PUBLISHED])
        row = cursor.fetchone()
    if row is None:
        raise Article.DoesNotExist
    slug, views, yes, no, review_by, version = row
    article = Article(
        pk=pk,
        slug=slug,
        status=Article.Status.PUBLISHED,
        view_count=views,
        yes_count=yes,
        no_count=no,
        # SQLite hands a date back as text.
        review_by=date.fromisoformat(review_by) if isinstance(review_by, str) else review_by,
    )
    article.content_version = version
    return article


def article_page(*, pk: int, user, visitor: RequestVisitor) -> ArticlePage:
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
        topics=list(Topic.objects.with_published_counts().filter(published_count__gt=0)),
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

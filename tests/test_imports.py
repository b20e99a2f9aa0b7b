"""Importing many articles at once: the same rows as creating them one by one, in fewer queries."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from faq import selectors, services
from faq.models import Article, Step
from faq.search import search
from faq.services.reviews import months_after
from tests.factories import make_staff, make_team, make_topic

pytestmark = pytest.mark.django_db

STEPS = ["Open **EndNote**.", "Choose *Sync*.", "Sign in with `you@example.edu`."]


def draft(question: str, **kwargs) -> services.ArticleDraft:
    return services.ArticleDraft(question=question, team=make_team(), **kwargs)


def described(article: Article) -> dict:
    """What a reader or an editor sees of an article, without its id, question and slug."""
    return {
        "status": article.status,
        "intro": (article.answer_intro, article.answer_intro_html),
        "outro": (article.answer_outro, article.answer_outro_html),
        "dates": (article.published_at, article.updated_at, article.review_by),
        "owner": (article.answered_by_id, article.owner_id),
        "topics": sorted(article.topics.values_list("pk", flat=True)),
        "steps": list(
            Step.objects.filter(article=article)
            .order_by("position")
            .values_list("position", "body", "body_html")
        ),
    }


def version_data(article: Article) -> list[dict]:
    """The newest version's article and steps as stored, ids and all."""
    version = Version.objects.get_for_object(article).first()
    stored = version.revision.version_set.order_by("content_type_id", "object_id")
    return [json.loads(v.serialized_data) for v in stored]


def test_an_imported_article_is_what_article_create_makes():
    author = make_staff()
    short, plain = make_topic("Security"), make_topic("EndNote")
    short.review_months = 3
    short.save()
    published = timezone.now() - timedelta(days=200)
    fields = {
        "answer_intro": "Sync your *library*.",
        "answer_outro": "Ask us if it fails.",
        "steps": STEPS,
        "topics": [short, plain],
        "answered_by": author,
        "owner": author,
        "published_at": published,
        "updated_at": published + timedelta(days=10),
    }
    made = services.article_create(question="How do I sync one?", team=make_team(), **fields)

    assert services.articles_import(drafts=[draft("How do I sync two?", **fields)]) == (1, 3)

    imported = Article.objects.get(question="How do I sync two?")
    assert imported.slug == "how-do-i-sync-two"
    assert described(imported) == described(made)
    # A quarter after its last update, from its shortest topic.
    assert imported.review_by == months_after(timezone.localdate(fields["updated_at"]), 3)
    (version,) = Version.objects.get_for_object(imported)
    assert version.revision.comment == "Created."
    assert version.revision.user == author


def test_an_imported_first_version_holds_what_django_reversion_would_store():
    services.articles_import(
        drafts=[draft("How do I sync?", steps=STEPS, topics=[make_topic()], answered_by=None)]
    )
    article = Article.objects.get()
    imported = version_data(article)

    services.article_version_record(article=article, note="Recorded by django-reversion.")

    assert version_data(article) == imported
    assert len(imported) == 1 + len(STEPS)
    (restorable,) = selectors.versioned_steps(Version.objects.get_for_object(article).last())[:1]
    assert restorable.body == STEPS[0]


def test_imported_articles_are_found_by_search_and_listed_as_published():
    services.articles_import(
        drafts=[draft("How do I export a reference list?", steps=STEPS)]
        + [draft(f"How do I print page {n}?") for n in range(3)]
    )

    results = search("export reference")

    assert [hit.article.question for hit in results.items] == ["How do I export a reference list?"]
    assert Article.objects.published().count() == 4


def test_import_runs_the_same_queries_for_three_articles_as_for_twenty():
    topic = make_topic()
    team = make_team()

    def queries(start: int, count: int) -> int:
        drafts = [
            services.ArticleDraft(
                question=f"How do I do task {n}?", team=team, steps=STEPS, topics=[topic]
            )
            for n in range(start, start + count)
        ]
        with CaptureQueriesContext(connection) as captured:
            services.articles_import(drafts=drafts)
        return len(captured)

    # The first import finds no index to replace; the ones after it find one.
    queries(0, 1)
    # Twenty, not more: SQLite takes at most 999 values a statement, so more articles of
    # an article's 40-odd columns would be inserted in two statements, not one a row.
    assert queries(10, 3) == queries(100, 20)
    assert Step.objects.count() == 24 * len(STEPS)


def test_importing_nothing_writes_nothing():
    with CaptureQueriesContext(connection) as captured:
        assert services.articles_import(drafts=[]) == (0, 0)
    assert not [q for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]

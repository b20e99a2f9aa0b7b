"""Related articles by meaning: kept by the services once a change commits, offered to the
articles a new one is near, listed on the page closest first, and by shared topics where
an article has no embeddings."""

import pytest
from django.core.management import call_command

from benchmarks.related import chosen, score
from demo.loader import demo_load
from faq import services
from faq.models import Article, RelatedArticle
from faq.search import related, semantic
from faq.selectors import related_articles
from tests.factories import make_article, make_staff, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_matrices():
    semantic.forget_matrices()
    yield
    semantic.forget_matrices()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the services leave for after the commit, as a real request would."""

    def run(make, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return make(*args, **kwargs)

    return run


def neighbours(article: Article) -> list[int]:
    return list(
        RelatedArticle.objects.filter(article=article)
        .order_by("-similarity")
        .values_list("related_id", flat=True)
    )


def library_articles(committed):
    backup = committed(
        make_article,
        "How do I back up my EndNote library?",
        steps=["Close EndNote.", "Copy the library file and its Data folder to a USB drive."],
    )
    password = committed(
        make_article,
        "How do I reset my portal password?",
        steps=["Click Forgot password.", "Open the reset email and choose a new password."],
    )
    move = committed(
        make_article,
        "How do I copy my EndNote library to a new computer?",
        steps=["Copy the library file and its Data folder.", "Open it in EndNote there."],
    )
    return backup, password, move


def test_a_new_article_gets_its_nearest_and_is_offered_to_theirs(committed):
    backup, _, move = library_articles(committed)
    # The library article saved last is the nearest of the one saved first, which was
    # not saved again: it was offered the newcomer.
    assert neighbours(move)[0] == backup.pk
    assert neighbours(backup)[0] == move.pk
    rows = RelatedArticle.objects.filter(article=move).order_by("-similarity")
    assert all(row.similarity >= related.MIN_SIMILARITY for row in rows)


def test_the_page_lists_the_closest_in_meaning_first(client, committed):
    topic = make_topic("Accounts")
    backup, password, move = library_articles(committed)
    # Shared topics alone would list the password article: meaning lists the one about
    # the same library instead.
    for article in (backup, password):
        article.topics.add(topic)
    assert related_articles(article=backup, topic_ids=[topic.pk]) == [move]
    html = client.get(backup.get_absolute_url()).content.decode()
    section = html[html.index('id="related-title"') :]
    assert move.question in section
    assert password.question not in section


def test_an_unpublished_article_leaves_every_list(committed):
    backup, _, move = library_articles(committed)
    staff = make_staff()
    committed(services.article_status_set, article=move, status=Article.Status.DRAFT, user=staff)
    assert move.pk not in neighbours(backup)
    assert not RelatedArticle.objects.filter(article=move).exists()
    assert move not in related_articles(article=backup, topic_ids=[])


def test_a_list_keeps_its_closest_only(committed, monkeypatch):
    monkeypatch.setattr(related, "KEPT", 1)
    backup = committed(
        make_article,
        "How do I back up my EndNote library?",
        steps=["Close EndNote.", "Copy the library file and its Data folder to a USB drive."],
    )
    share = committed(
        make_article,
        "How do I share my EndNote library with a colleague?",
        steps=["Open EndNote.", "Click Share and invite them by email."],
    )
    assert neighbours(backup) == [share.pk]
    move = committed(
        make_article,
        "How do I copy my EndNote library to a new computer?",
        steps=["Copy the library file and its Data folder.", "Open it in EndNote there."],
    )
    # Each list holds the one closest of all, though the closer ones came later.
    for article in Article.objects.all():
        best = related.nearest([article.pk], kept=1).get(article.pk, [])
        assert neighbours(article) == [pk for pk, _ in best]
    # The later, closer one took the place of the earlier.
    assert neighbours(backup) == [move.pk]
    assert RelatedArticle.objects.filter(article=backup).count() == 1


def test_without_embeddings_the_page_falls_back_to_shared_topics(committed):
    topic = make_topic("EndNote")
    # Made without running what waits for the commit: no related rows, as for articles
    # saved while the model could not load.
    first = make_article("How do I back up my library?", topics=[topic], view_count=5)
    second = make_article("How do I reset my portal password?", topics=[topic])
    assert not RelatedArticle.objects.exists()
    assert related_articles(article=second, topic_ids=[topic.pk]) == [first]


def test_the_command_and_a_rebuild_find_them_for_every_article(committed):
    backup = make_article("How do I back up my EndNote library?", steps=["Copy the file."])
    move = make_article("How do I move my EndNote library?", steps=["Copy the file."])
    call_command("search_embeddings", verbosity=0)
    assert neighbours(backup) == [move.pk]
    RelatedArticle.objects.all().delete()
    committed(services.search_index_rebuild)
    assert neighbours(move) == [backup.pk]


def test_meaning_chooses_better_than_topics_on_the_demo(client):
    demo_load()
    call_command("search_embeddings", verbosity=0)
    by_meaning, by_topics = score(chosen("meaning")), score(chosen("topics"))
    assert by_meaning[0] > by_topics[0]
    assert by_meaning[1] > by_topics[1]
    # And the page shows them: the EndNote sync article lists the backup one.
    sync = Article.objects.get(slug="sync-endnote-library-to-new-library")
    html = client.get(sync.get_absolute_url()).content.decode()
    assert "How do I back up my EndNote library?" in html[html.index('id="related-title"') :]


def test_articles_with_the_same_text_are_each_others_closest(committed):
    # Their similarity rounds to just over 1 in float32: it must still be stored.
    first = committed(make_article, "How do I back up my EndNote library?", steps=["Copy it."])
    second = committed(make_article, "How do I back up my EndNote library?", steps=["Copy it."])
    assert neighbours(first) == [second.pk]
    assert RelatedArticle.objects.get(article=second).similarity == pytest.approx(1.0)


def test_the_articles_vectors_are_made_once_per_search_matrix(committed):
    first = committed(make_article, "How do I back up my EndNote library?", steps=["Copy it."])
    ids, vectors = related._vectors()
    # The same matrix: the same vectors, not grouped again.
    assert related._vectors()[1] is vectors
    second = committed(make_article, "How do I move my EndNote library?", steps=["Copy it."])
    # The content moved on: the new article is in them.
    ids_after, _ = related._vectors()
    assert ids.tolist() == [first.pk]
    assert ids_after.tolist() == [first.pk, second.pk]

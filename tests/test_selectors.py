import pytest
from django.contrib.auth.models import AnonymousUser

from faq import selectors
from faq.models import Article, VisitorRef
from tests.factories import make_article, make_staff, make_topic

pytestmark = pytest.mark.django_db

NOBODY = VisitorRef(user_id=None, key=None)


def test_article_page_orders_steps_and_topics():
    b, a = make_topic("Beta"), make_topic("Alpha")
    article = make_article(steps=["one", "two", "three"], topics=[b, a])
    page = selectors.article_page(pk=article.pk, user=AnonymousUser(), visitor=NOBODY)
    assert [s.position for s in page.steps] == [1, 2, 3]
    assert [t.name for t in page.topics] == ["Alpha", "Beta"]


def test_drafts_are_hidden_from_the_public_but_not_from_staff():
    draft = make_article(status=Article.Status.DRAFT)
    with pytest.raises(Article.DoesNotExist):
        selectors.article_page(pk=draft.pk, user=AnonymousUser(), visitor=NOBODY)
    assert selectors.article_page(pk=draft.pk, user=make_staff(), visitor=NOBODY).article == draft


def test_related_articles_rank_by_shared_topics_and_skip_drafts():
    endnote, sync, other = make_topic("EndNote"), make_topic("Sync"), make_topic("Other")
    article = make_article(topics=[endnote, sync])
    both = make_article("Both topics?", topics=[endnote, sync])
    one = make_article("One topic?", topics=[endnote], view_count=500)
    make_article("Draft?", topics=[endnote, sync], status=Article.Status.DRAFT)
    make_article("Unrelated?", topics=[other])
    related = selectors.related_articles(article=article, topic_ids=[endnote.pk, sync.pk])
    assert related == [both, one]


def test_home_page_counts_only_published_articles():
    topic, empty = make_topic("Printing"), make_topic("Empty")
    make_article(topics=[topic], view_count=3)
    popular = make_article(topics=[topic], view_count=90)
    make_article(topics=[topic, empty], status=Article.Status.DRAFT)
    page = selectors.home_page()
    assert [(t.name, t.published_count) for t in page.topics] == [("Printing", 2)]
    assert page.most_viewed[0] == popular


def test_topic_articles_count_steps():
    topic = make_topic()
    make_article(topics=[topic], steps=4)
    assert [a.step_count for a in selectors.topic_articles(topic=topic)] == [4]

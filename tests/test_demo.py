import pytest
from django.core.management import call_command

from demo.loader import demo_load
from faq.models import Article, Step, Topic

pytestmark = pytest.mark.django_db


def test_demo_has_the_endnote_article_exactly():
    demo_load()
    article = Article.objects.get(slug="sync-endnote-library-to-new-library")
    assert article.question == "How do I sync my Endnote library to a new library?"
    assert article.updated_at.date().isoformat() == "2024-01-09"
    assert article.answered_by.get_full_name() == "Kim McBride"
    assert article.team.name == "Support Alfasoft"
    assert article.view_count == 4
    assert article.steps.count() == 13
    assert "<code>#!resetLocalSync</code>" in article.steps.get(position=5).body_html
    assert "Heads up!" in article.answer_outro_html
    assert article.answer_intro.startswith("Occasionally Endnote software")


def test_demo_is_a_real_help_desk():
    demo_load()
    published = Article.objects.published()
    assert published.count() >= 12
    assert Topic.objects.filter(articles__in=published).distinct().count() >= 4
    assert published.filter(steps__isnull=True).exists()
    assert published.filter(steps__isnull=False).distinct().count() >= 3


def test_loading_twice_changes_nothing(capsys):
    call_command("load_demo")
    counts = (Article.objects.count(), Step.objects.count(), Topic.objects.count())
    call_command("load_demo")
    assert (Article.objects.count(), Step.objects.count(), Topic.objects.count()) == counts
    assert "0 article(s) added" in capsys.readouterr().out


def test_demo_articles_have_owners_and_a_few_reviews_due():
    from django.utils import timezone

    from faq import selectors

    demo_load()
    today = timezone.localdate()
    published = Article.objects.published()
    assert not published.filter(owner__isnull=True).exists()
    counts = selectors.review_counts(today=today)
    assert (counts.overdue, counts.due_soon) == (2, 2)
    # One answer nobody has looked at since 2023: readers are told it may be out of date.
    stale = [a for a in published if a.review_note_due(today)]
    assert [a.slug for a in stale] == ["open-nvivo-project-from-newer-version"]
    endnote = published.get(slug="sync-endnote-library-to-new-library")
    assert endnote.updated_at.date().isoformat() == "2024-01-09"
    assert endnote.last_reviewed_by.username == "kmcbride"


def test_demo_has_an_internal_answer_and_one_for_signed_in_users():
    from demo.closed import INTERNAL_WORD
    from faq.models import Audience

    demo_load()
    internal = Article.objects.get(question="How do we issue a replacement EndNote licence key?")
    assert internal.audience == Audience.STAFF
    assert internal.is_published
    assert internal.steps.count() >= 4
    assert INTERNAL_WORD in internal.steps.get(position=1).body
    # Filed under public topics: a closed answer may sit in an open topic.
    assert {t.audience for t in internal.topics.all()} == {Audience.EVERYONE}
    members = Article.objects.get(slug="borrow-loan-laptop-with-spss-and-nvivo")
    assert members.audience == Audience.SIGNED_IN
    # The codename is in no other answer, so finding it anywhere public would be a leak.
    others = Article.objects.exclude(pk=internal.pk)
    assert not [a for a in others if INTERNAL_WORD.lower() in str(vars(a)).lower()]
    assert not Step.objects.exclude(article=internal).filter(body__icontains=INTERNAL_WORD)

"""Reader pages in a language: the translation field by field, the source where it is
missing (marked with its language), and no more queries for it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from faq import selectors, services
from faq.models import Article, VisitorRef
from tests.factories import make_article, make_topic, make_translation, png, upload

pytestmark = pytest.mark.django_db

NOBODY = VisitorRef()


def page(article, language):
    return selectors.article_page(
        pk=article.pk, user=AnonymousUser(), visitor=NOBODY, language=language
    )


@pytest.fixture
def article():
    made = make_article(
        "How do I sync?", steps=["Open EndNote.", "Click Sync.", "Wait."], answer_outro="Done."
    )
    services.step_image_set(
        step=made.steps.get(position=2), upload=upload(png(300, 200)), alt="The Sync button."
    )
    return made


def test_a_whole_translation_is_shown_with_nothing_marked(article):
    make_translation(article, answer_outro="Klart.", alts={2: "Knappen Synka."})
    shown = page(article, "sv")
    assert shown.article.question == "[sv] How do I sync?"
    assert shown.article.slug == "sv-how-do-i-sync"
    assert shown.article.answer_outro_html == "<p>Klart.</p>"
    assert [s.body_html for s in shown.steps] == [
        "<p>[sv] Open EndNote.</p>",
        "<p>[sv] Click Sync.</p>",
        "<p>[sv] Wait.</p>",
    ]
    assert shown.steps[1].image_alt == "Knappen Synka."
    assert [shown.article.fallback, *[s.fallback for s in shown.steps]] == [{}, {}, {}, {}]
    assert (shown.language.code, shown.language.translated, shown.language.stale) == (
        "sv",
        True,
        False,
    )
    assert shown.language.shown == "sv"
    # The steps are the same rows, so progress and ticks point at the same ids.
    assert [s.pk for s in shown.steps] == [s.pk for s in page(article, "en").steps]


def test_missing_parts_fall_back_to_the_source_field_by_field(article):
    make_translation(article, steps={1: "Öppna EndNote."}, answer_intro="")
    shown = page(article, "sv")
    assert shown.article.question == "[sv] How do I sync?"
    # No intro, no outro in Swedish: the English ones, marked as English.
    assert shown.article.answer_intro_html == article.answer_intro_html
    assert shown.article.fallback == {"answer_intro_html": "en", "answer_outro_html": "en"}
    first, second, third = shown.steps
    assert (first.body_html, first.fallback) == ("<p>Öppna EndNote.</p>", {})
    assert (second.body_html, second.fallback) == (
        "<p>Click Sync.</p>",
        {"body_html": "en", "image_alt": "en"},
    )
    assert (third.fallback, third.image_alt) == ({"body_html": "en"}, "")
    assert shown.language.translated


def test_an_article_without_a_translation_is_the_source_marked_as_such(article):
    make_translation(article, language="sv")
    shown = page(article, "de")
    assert shown.article.question == "How do I sync?"
    assert shown.article.slug == article.slug
    assert shown.article.fallback == {
        "question": "en",
        "answer_intro_html": "en",
        "answer_outro_html": "en",
    }
    assert all(s.fallback["body_html"] == "en" for s in shown.steps)
    assert not shown.language.translated
    assert shown.language.shown == "en"


def test_the_source_language_shows_the_source_unmarked(article):
    make_translation(article)
    shown = page(article, "en")
    assert shown.article.question == "How do I sync?"
    assert shown.language.translated
    assert not shown.language.stale
    assert shown.article.fallback == {}
    assert all(s.fallback == {} for s in shown.steps)


def test_a_translation_older_than_its_source_says_it_may_be_out_of_date(article):
    make_translation(article)
    assert not page(article, "sv").language.stale
    article.answer_intro = "A new introduction."
    services.article_save(article=article)
    assert page(article, "sv").language.stale
    # Only the Swedish one: English is the source, German has no translation to be stale.
    assert not page(article, "en").language.stale
    assert not page(article, "de").language.stale


def test_the_articles_address_in_each_language(article):
    assert selectors.article_language_urls(article.pk) == {"en": article.get_absolute_url()}
    make_translation(article, language="de", slug="synchronisieren")
    with translation.override("de"):
        german = f"/faq/{article.pk}/synchronisieren/"
        assert selectors.article_language_urls(article.pk)["de"].endswith(german)
    urls = page(article, "sv").language_urls
    assert list(urls) == ["en", "sv", "de"]
    assert urls["sv"].endswith(f"/faq/{article.pk}/{article.slug}/")
    assert page(article, "sv").language.available == ("en", "de")
    with pytest.raises(Article.DoesNotExist):
        selectors.article_language_urls(10**9)


def test_lists_and_topics_are_in_the_language_with_fallback():
    topic = make_topic("Installation")
    services.topic_translation_save(
        topic_id=topic.pk, language="sv", name="Installera", description="Om att installera."
    )
    translated = make_article("How do I install?", topics=[topic], view_count=5, steps=2)
    plain = make_article("How do I uninstall?", topics=[topic], view_count=3)
    make_translation(translated, question="Hur installerar jag?", slug="installera")
    home = selectors.home_page(language="sv")
    assert [(t.name, t.fallback) for t in home.topics] == [("Installera", {})]
    assert [(a.question, a.slug, a.fallback) for a in home.most_viewed] == [
        ("Hur installerar jag?", "installera", {}),
        ("How do I uninstall?", plain.slug, {"question": "en"}),
    ]
    listed = selectors.topic_page(slug=topic.slug, language="sv")
    assert listed.topic.name == "Installera"
    assert [(a.question, a.step_count) for a in listed.articles] == [
        ("Hur installerar jag?", 2),
        ("How do I uninstall?", 0),
    ]
    assert listed.articles[0].answer_intro_html == "<p>[sv] An introduction to the answer.</p>"
    german = selectors.topic_page(slug=topic.slug, language="de").topic
    assert (german.name, german.fallback) == ("Installation", {"name": "en"})
    related = page(plain, "sv").related
    assert [(a.question, a.get_absolute_url()) for a in related] == [
        ("Hur installerar jag?", f"/faq/{translated.pk}/installera/")
    ]


def queries(read) -> int:
    with CaptureQueriesContext(connection) as ctx:
        read()
    return len(ctx.captured_queries)


def test_a_page_in_a_language_costs_the_same_queries_whatever_is_translated():
    topics = [make_topic() for _ in range(3)]
    small, big = make_article(steps=1, topics=topics[:1]), make_article(steps=20, topics=topics)
    for _ in range(4):
        make_translation(make_article(topics=topics, steps=2))
    make_translation(big, steps=10)
    for topic in topics:
        services.topic_translation_save(topic_id=topic.pk, language="sv", name=f"{topic.name} SV")
    counts = {
        (article.pk, language): queries(lambda a=article, lang=language: page(a, lang))
        for article in (small, big)
        for language in ("en", "sv", "de")
    }
    # The article, steps, topics, the article's translations and related articles; steps,
    # topics and related read their translations in their own query, so one more in all.
    assert set(counts.values()) == {5}
    assert queries(lambda: page(small, None)) == 4
    assert queries(lambda: selectors.home_page(language="sv")) == queries(
        lambda: selectors.home_page()
    )
    assert queries(lambda: selectors.topic_page(slug=topics[0].slug, language="sv")) == 2


def test_a_stale_translation_is_judged_by_the_time_of_the_change(article):
    item = make_translation(article)
    Article.objects.filter(pk=article.pk).update(source_changed_at=item.updated_at)
    assert not page(article, "sv").language.stale
    Article.objects.filter(pk=article.pk).update(
        source_changed_at=item.updated_at + timedelta(microseconds=1)
    )
    assert page(article, "sv").language.stale

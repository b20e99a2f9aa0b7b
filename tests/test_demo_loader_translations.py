"""The demo's translations: loaded through the services after the English content, once."""

import pytest
from django.core.management import call_command
from reversion.models import Version

from demo.loader import demo_load
from demo.translations import TRANSLATIONS as DEMO
from faq.models import Article, ArticleTranslation, StepTranslation, TopicTranslation

pytestmark = pytest.mark.django_db

ENDNOTE = "sync-endnote-library-to-new-library"

# A small stand-in for demo.translations.TRANSLATIONS, in its format.
TRANSLATIONS = {
    "sv": (
        {
            ENDNOTE: {
                "question": "Hur synkar jag mitt EndNote-bibliotek till ett nytt bibliotek?",
                "slug": "synka-endnote-bibliotek-till-nytt-bibliotek",
                "intro": "Ibland tappar EndNote kontakten med sitt bibliotek.",
                "steps": ["Öppna EndNote.", "Logga in på ditt konto."],
                "step_image_alts": {5: "EndNote-fönstret med Synka-knappen."},
            },
            "back-up-endnote-library": {
                "question": "Hur säkerhetskopierar jag mitt EndNote-bibliotek?",
                "slug": "sakerhetskopiera-endnote-bibliotek",
            },
        },
        {"EndNote": {"name": "EndNote", "description": "Installera och synka EndNote."}},
    ),
    "de": (
        {
            ENDNOTE: {
                "question": "Wie synchronisiere ich meine EndNote-Bibliothek?",
                "slug": "endnote-bibliothek-synchronisieren",
                "outro": "Danach wird automatisch synchronisiert.",
            }
        },
        {"Installation": {"name": "Installation", "description": "Software installieren."}},
    ),
}


def counts() -> tuple[int, ...]:
    return (
        ArticleTranslation.objects.count(),
        StepTranslation.objects.count(),
        TopicTranslation.objects.count(),
        Version.objects.count(),
    )


def test_the_demos_translations_are_loaded_with_the_articles():
    demo_load(translations=TRANSLATIONS)
    endnote = Article.objects.get(slug=ENDNOTE)
    swedish = endnote.translations.get(language="sv")
    assert swedish.slug == "synka-endnote-bibliotek-till-nytt-bibliotek"
    assert swedish.answer_intro_html == "<p>Ibland tappar EndNote kontakten med sitt bibliotek.</p>"
    assert swedish.updated_by.username == "kmcbride"
    steps = {
        s.step.position: (s.body, s.image_alt)
        for s in StepTranslation.objects.filter(language="sv").select_related("step")
    }
    assert steps == {
        1: ("Öppna EndNote.", ""),
        2: ("Logga in på ditt konto.", ""),
        5: ("", "EndNote-fönstret med Synka-knappen."),
    }
    assert set(endnote.translations.values_list("language", flat=True)) == {"sv", "de"}
    assert not ArticleTranslation.objects.stale().exists()
    notes = [v.revision.comment for v in Version.objects.get_for_object(endnote)[:2]]
    assert notes == ["Translated into Deutsch.", "Translated into Svenska."]
    topics = TopicTranslation.objects.values_list("topic__name", "language", "description")
    assert set(topics) == {
        ("EndNote", "sv", "Installera och synka EndNote."),
        ("Installation", "de", "Software installieren."),
    }


def test_loading_twice_adds_nothing():
    demo_load(translations=TRANSLATIONS)
    before = counts()
    assert demo_load(translations=TRANSLATIONS) == 0
    assert counts() == before


def test_load_demo_loads_the_demos_own_translations_once():
    call_command("load_demo")
    loaded = counts()
    assert loaded[0] == sum(len(articles) for articles, _topics in DEMO.values())
    call_command("load_demo")
    assert counts() == loaded


def test_a_translation_with_more_steps_than_the_article_is_refused():
    wrong = {"sv": ({ENDNOTE: {"question": "?", "slug": "x", "steps": ["."] * 14}}, {})}
    with pytest.raises(ValueError, match="more steps"):
        demo_load(translations=wrong)

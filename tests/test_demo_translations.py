"""The demo's Swedish and German content matches the English articles it translates."""

import re
from collections import Counter

import pytest

from demo import content
from demo.translations import TRANSLATIONS
from faq.markdown import render_markdown

ENGLISH = {article["slug"]: article for article in content.ARTICLES}
ENGLISH_TOPICS = {topic["name"]: topic for topic in content.TOPICS}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
CALLOUT = re.compile(r'^!!!\s+(\w+)(?:\s+"([^"]*)")?', re.MULTILINE)
# Lists, paragraphs, callouts and links as rendered; inline emphasis may differ.
BLOCK_OR_LINK = re.compile(r"</?(?:p|ul|ol|li|div|pre|blockquote|h[2-6]|table|tr|a)\b")

ARTICLE_CASES = [
    pytest.param(language, slug, id=f"{language}-{slug}")
    for language, (articles, _topics) in TRANSLATIONS.items()
    for slug in articles
]
LANGUAGES = list(TRANSLATIONS)


def _parts(article):
    """Each piece of text a reader sees, by name: question, intro, outro, step N."""
    parts = {"question": article["question"]}
    for key in ("intro", "outro"):
        if key in article:
            parts[key] = article[key]
    for number, step in enumerate(article.get("steps", []), start=1):
        parts[f"step {number}"] = step
    return parts


def _pairs(language, slug):
    """(part name, English text, translated text) for each part both have."""
    english = _parts(ENGLISH[slug])
    translated = _parts(TRANSLATIONS[language][0][slug])
    return [(name, english[name], translated[name]) for name in english if name in translated]


def test_the_demo_is_translated_into_swedish_and_german():
    assert set(TRANSLATIONS) == {"sv", "de"}


@pytest.mark.parametrize(("language", "slug"), ARTICLE_CASES)
def test_translates_an_english_demo_article(language, slug):
    assert slug in ENGLISH


@pytest.mark.parametrize(("language", "slug"), ARTICLE_CASES)
def test_has_every_part_and_step_of_the_english_article(language, slug):
    english, translated = ENGLISH[slug], TRANSLATIONS[language][0][slug]
    assert len(translated.get("steps", [])) == len(english.get("steps", []))
    assert _parts(translated).keys() == _parts(english).keys()


@pytest.mark.parametrize(("language", "slug"), ARTICLE_CASES)
def test_alt_text_for_exactly_the_steps_with_a_screenshot(language, slug):
    english, translated = ENGLISH[slug], TRANSLATIONS[language][0][slug]
    images = english.get("step_images", {})
    alts = translated.get("step_image_alts", {})
    assert alts.keys() == images.keys()
    for number, alt in alts.items():
        assert alt.strip()
        assert alt != images[number]["alt"], f"step {number}'s alt text is not translated"


@pytest.mark.parametrize(("language", "slug"), ARTICLE_CASES)
def test_code_spans_are_kept_exactly(language, slug):
    for name, english, translated in _pairs(language, slug):
        assert Counter(CODE_SPAN.findall(translated)) == Counter(CODE_SPAN.findall(english)), name


@pytest.mark.parametrize(("language", "slug"), ARTICLE_CASES)
def test_callouts_keep_their_kind_with_a_translated_title(language, slug):
    for name, english, translated in _pairs(language, slug):
        english_callouts = CALLOUT.findall(english)
        callouts = CALLOUT.findall(translated)
        assert [kind for kind, _title in callouts] == [kind for kind, _ in english_callouts], name
        for (_kind, title), (_, english_title) in zip(callouts, english_callouts, strict=True):
            assert title != english_title, f"{name}: callout title {title!r} not translated"


@pytest.mark.parametrize(("language", "slug"), ARTICLE_CASES)
def test_markdown_renders_to_the_same_structure(language, slug):
    for name, english, translated in _pairs(language, slug):
        shape = BLOCK_OR_LINK.findall(render_markdown(translated))
        assert shape == BLOCK_OR_LINK.findall(render_markdown(english)), name


@pytest.mark.parametrize(("language", "slug"), ARTICLE_CASES)
def test_is_translated_not_copied(language, slug):
    translated = TRANSLATIONS[language][0][slug]
    assert translated["slug"] not in ENGLISH
    for name, english, text in _pairs(language, slug):
        assert text.strip(), f"{name} is empty"
        assert text != english, f"{name} is the English text"


@pytest.mark.parametrize(("language", "slug"), ARTICLE_CASES)
def test_slug_is_ascii_lowercase_and_hyphenated(language, slug):
    assert SLUG.match(TRANSLATIONS[language][0][slug]["slug"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_slugs_are_unique_within_a_language(language):
    slugs = [article["slug"] for article in TRANSLATIONS[language][0].values()]
    assert [s for s, n in Counter(slugs).items() if n > 1] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_topics_cover_every_english_topic(language):
    topics = TRANSLATIONS[language][1]
    assert topics.keys() == ENGLISH_TOPICS.keys()
    for name, topic in topics.items():
        assert topic["name"].strip()
        # Names such as "EndNote" stay as they are; the descriptions are prose.
        assert topic["description"] != ENGLISH_TOPICS[name]["description"], name


@pytest.mark.parametrize(
    ("language", "words", "in_question"),
    [
        ("sv", ["synkronisera", "bibliotek"], ["synkroniser", "bibliotek"]),
        ("de", ["synchronisieren", "Bibliothek"], ["synchronisiere", "Bibliothek"]),
    ],
)
def test_endnote_article_says_what_its_readers_search_for(language, words, in_question):
    article = TRANSLATIONS[language][0]["sync-endnote-library-to-new-library"]
    text = " ".join(_parts(article).values())
    for word in words:
        assert re.search(rf"\b{word}\b", text), word
    for stem in in_question:
        assert stem in article["question"], stem
    assert len(article["steps"]) == 13


def test_german_leaves_the_nvivo_installation_in_english():
    assert "install-nvivo-on-windows" in TRANSLATIONS["sv"][0]
    assert "install-nvivo-on-windows" not in TRANSLATIONS["de"][0]

"""Reader pages in Swedish and German: translated text, the source's where a translation is
missing (with its own lang and a quiet note), addresses by language, and htmx parts."""

import json
import re
from datetime import UTC, date, datetime

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from faq import selectors, services
from faq.article_context import article_context
from faq.models import Article, ArticleTranslation, VisitorRef
from tests.factories import (
    article_url_in,
    get_in,
    make_article,
    make_staff,
    make_topic,
    make_translation,
    png,
    post_in,
    upload,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


# The notes as a Swedish or German reader reads them.
SV_PART = "Den här delen är inte översatt till"
SV_ARTICLE = "Den här artikeln är inte översatt till"
SV_STALE = "Den här översättningen kan vara inaktuell."
DE_PART = "Dieser Teil ist noch nicht auf"
DE_ARTICLE = "Dieser Artikel ist noch nicht auf"


@pytest.fixture
def article():
    topic = make_topic("EndNote")
    services.topic_translation_save(topic_id=topic.pk, language="sv", name="EndNote på svenska")
    made = make_article(
        "How do I sync my library?",
        steps=["Open EndNote.", "Click **Sync**.", "Wait for it."],
        topics=[topic],
        answer_outro="That is all.",
    )
    services.step_image_set(
        step=made.steps.get(position=2), upload=upload(png(300, 200)), alt="The Sync button."
    )
    make_translation(
        made,
        "sv",
        question="Hur synkar jag mitt bibliotek?",
        slug="synka-biblioteket",
        answer_intro="Så här synkar du.",
        answer_outro="",
        steps=["Öppna EndNote.", "Klicka på **Synka**."],
        alts={2: "Knappen Synka."},
    )
    return made


def html_in(client, language, article, **headers) -> str:
    response = get_in(client, language, article_url_in(article, language), **headers)
    assert response.status_code == 200
    return response.content.decode()


def element(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.S)
    assert found, pattern
    return found.group(0)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_swedish_page_shows_the_swedish_text(client, article, signed_in):
    if signed_in:
        # Rendered whole instead of from the cached shell.
        client.force_login(make_staff())
    html = html_in(client, "sv", article)
    assert '<h1 id="article-title">Hur synkar jag mitt bibliotek?</h1>' in html
    assert "<p>Så här synkar du.</p>" in html
    assert "<p>Klicka på <strong>Synka</strong>.</p>" in html
    assert 'alt="Knappen Synka." loading' in html
    assert ">EndNote på svenska</a>" in html
    assert "How do I sync my library?" not in html
    assert "may be out of date" not in html
    # The forms post to the Swedish address.
    assert f'action="{article_url_in(article, "sv")}vote/"' in html


def test_a_missing_part_is_the_source_text_with_its_lang_and_a_quiet_note(client, article):
    html = html_in(client, "sv", article)
    third = element(html, r'<li class="step[^"]*" id="step-3">.*?</li>')
    assert '<div class="step__body prose" lang="en"><p>Wait for it.</p></div>' in third
    assert SV_PART in third
    outro = element(html, r'<p class="translation-note">[^<]*</p><div class="prose" lang="en">')
    assert SV_PART in outro
    assert "<p>That is all.</p>" in html
    # Translated parts carry no lang of their own: the page's is theirs.
    assert re.search(r'<div class="step__body prose"><p>Öppna EndNote.</p>', html)
    assert html.count(SV_PART) == 2
    assert SV_ARTICLE not in html


def test_an_article_not_translated_into_german_says_so_once(client, article):
    html = html_in(client, "de", article)
    assert '<h1 id="article-title" lang="en">How do I sync my library?</h1>' in html
    assert html.count(DE_ARTICLE) == 1
    assert DE_PART not in html
    assert html.count('<div class="step__body prose" lang="en">') == 3
    assert 'alt="The Sync button." lang="en"' in html
    assert '<li aria-current="page" lang="en">' in html
    # The topic has no German name either.
    with translation.override("de"):
        topic_url = reverse("faq:topic", args=["endnote"])
    assert f'<a class="tag" href="{topic_url}" lang="en">EndNote</a>' in html


def test_a_stale_translation_says_it_may_be_out_of_date(client, article):
    assert SV_STALE not in html_in(client, "sv", article)
    article.question = "How do I sync my EndNote library?"
    services.article_save(article=article)
    assert SV_STALE in html_in(client, "sv", article)
    assert "may be out of date" not in html_in(client, "en", article)
    assert "möglicherweise nicht mehr aktuell" not in html_in(client, "de", article)


@pytest.mark.parametrize("language", ["en", "sv", "de"])
def test_a_wrong_or_old_slug_redirects_to_the_address_in_that_language(client, article, language):
    canonical = article_url_in(article, language)
    with translation.override(language):
        wrong = [
            reverse("faq:article", kwargs={"pk": article.pk, "slug": slug})
            for slug in ("an-old-slug", article.slug, "synka-biblioteket")
        ]
        short = reverse("faq:article-short", kwargs={"pk": article.pk})
    for url in [*wrong, short]:
        if url == canonical:
            continue
        for who in (Client(), staff_client()):
            response = get_in(who, language, url)
            assert (response.status_code, response["Location"]) == (301, canonical), url


def staff_client() -> Client:
    client = Client()
    client.force_login(make_staff())
    return client


def test_each_language_has_its_own_cached_page(client, article):
    assert "Hur synkar jag" in html_in(Client(), "sv", article)
    assert "Hur synkar jag" not in html_in(Client(), "en", article)
    assert "Hur synkar jag" in html_in(Client(), "sv", article)


def test_htmx_requests_get_their_parts_in_the_language(client, article):
    assert "Hur synkar jag" in html_in(client, "sv", article, **HTMX)
    steps = list(article.steps.order_by("position"))
    swedish = article_url_in(article, "sv")
    tick = post_in(client, "sv", f"{swedish}steps/{steps[1].pk}/", {"done": "1"}, **HTMX)
    assert tick.status_code == 200
    part = tick.content.decode()
    assert "<html" not in part
    assert "<p>Klicka på <strong>Synka</strong>.</p>" in part
    assert "1 av 3 steg klara" in part
    stuck = post_in(client, "sv", f"{swedish}steps/{steps[2].pk}/stuck/", {}, **HTMX)
    assert stuck.status_code == 200
    assert '<div class="step__body prose" lang="en"><p>Wait for it.</p>' in stuck.content.decode()
    vote = post_in(client, "sv", f"{swedish}vote/", {"helpful": "no"}, **HTMX)
    assert f'action="{swedish}vote/reason/"' in vote.content.decode()


def test_forms_without_javascript_come_back_to_the_address_in_the_language(client, article):
    swedish = article_url_in(article, "sv")
    step = article.steps.get(position=1)
    with translation.override("sv"):
        # Under the Swedish address, with the English slug: a stale slug in a form's address.
        english_slug = reverse(
            "faq:step", kwargs={"pk": article.pk, "slug": article.slug, "step_id": step.pk}
        )
    for path, data, anchor in [
        (english_slug, {"done": "1"}, "#step-1"),
        (f"{swedish}steps/{step.pk}/stuck/", {}, "#step-1"),
        (f"{swedish}vote/", {"helpful": "yes"}, "#vote-panel"),
        (f"{swedish}progress/reset/", {}, "#steps-title"),
    ]:
        response = post_in(client, "sv", path, data)
        assert (response.status_code, response["Location"]) == (303, swedish + anchor), path


def test_the_switcher_and_hreflang_use_the_articles_slug_in_each_language(article):
    make_translation(article, "de", slug="bibliothek-synchronisieren")
    request = RequestFactory().get("/")
    with translation.override("sv"):
        page = selectors.article_page(pk=article.pk, user=None, visitor=VisitorRef(), language="sv")
        context = article_context(request, page)
    urls = {code: article_url_in(article, code) for code in ("en", "sv", "de")}
    assert context["language_links"] == [
        {"code": "en", "name": "English", "url": urls["en"], "current": False},
        {"code": "sv", "name": "Svenska", "url": urls["sv"], "current": True},
        {"code": "de", "name": "Deutsch", "url": urls["de"], "current": False},
    ]
    assert context["alternates"] == [
        {"hreflang": "en", "href": f"http://testserver{urls['en']}"},
        {"hreflang": "sv", "href": f"http://testserver{urls['sv']}"},
        {"hreflang": "de", "href": f"http://testserver{urls['de']}"},
        {"hreflang": "x-default", "href": f"http://testserver{urls['en']}"},
    ]
    assert context["json_ld"]["inLanguage"] == "sv"


def test_alternates_name_only_the_languages_the_article_exists_in(article):
    request = RequestFactory().get("/")
    with translation.override("de"):
        page = selectors.article_page(pk=article.pk, user=None, visitor=VisitorRef(), language="de")
        context = article_context(request, page)
    assert [link["hreflang"] for link in context["alternates"]] == ["en", "sv", "x-default"]
    # The switcher still offers German: the page is there, in English.
    assert [link["code"] for link in context["language_links"]] == ["en", "sv", "de"]
    plain = make_article("Only in English?")
    page = selectors.article_page(pk=plain.pk, user=None, visitor=VisitorRef(), language="en")
    assert article_context(request, page)["alternates"] == []


def test_the_page_passes_its_links_to_the_template(article):
    response = get_in(staff_client(), "sv", article_url_in(article, "sv"))
    links = {link["code"]: link["url"] for link in response.context["language_links"]}
    assert links["sv"] == article_url_in(article, "sv")
    assert response.context["alternates"][-1]["hreflang"] == "x-default"


@pytest.mark.parametrize(("language", "shown"), [("sv", "sv"), ("de", "en"), ("en", "en")])
def test_json_ld_says_the_language_shown(client, article, language, shown):
    html = html_in(client, language, article)
    raw = element(html, r'<script type="application/ld\+json">(.*?)</script>')
    data = json.loads(raw.removeprefix('<script type="application/ld+json">')[: -len("</script>")])
    assert data["inLanguage"] == shown
    if language == "sv":
        assert data["name"] == "Hur synkar jag mitt bibliotek?"


def test_home_and_topic_pages_in_swedish(client, article):
    plain = make_article("How do I print?", topics=list(article.topics.all()))
    with translation.override("sv"):
        home_url, topic_url = reverse("faq:home"), reverse("faq:topic", args=["endnote"])
        missing_url = reverse("faq:topic", args=["no-such-topic"])
    home = get_in(client, "sv", home_url).content.decode()
    link = f'<a href="{article_url_in(article, "sv")}">Hur synkar jag mitt bibliotek?</a>'
    assert link in home
    assert f'<a href="{article_url_in(plain, "sv")}" lang="en">How do I print?</a>' in home
    assert ">EndNote på svenska</a>" in home
    topic = get_in(client, "sv", topic_url)
    html = topic.content.decode()
    assert "<h1>EndNote på svenska</h1>" in html
    assert "Hur synkar jag mitt bibliotek?" in html
    assert get_in(client, "sv", topic_url, **HTMX).status_code == 200
    assert get_in(client, "sv", missing_url).status_code == 404


def test_a_translated_draft_is_still_a_draft(client, article):
    services.article_status_set(article=article, status=Article.Status.DRAFT)
    assert get_in(client, "sv", article_url_in(article, "sv")).status_code == 404
    staff = staff_client()
    assert "Hur synkar jag" in html_in(staff, "sv", article)


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "Jan 09, 2024"), ("sv", "9 jan 2024"), ("de", "9. Jan 2024")]
)
def test_dates_are_written_as_each_language_writes_them(client, article, language, shown):
    when = datetime(2024, 1, 9, 12, tzinfo=UTC)
    Article.objects.filter(pk=article.pk).update(updated_at=when)
    ArticleTranslation.objects.filter(article=article).update(updated_at=when)
    html = html_in(client, language, article)
    assert f'<time datetime="2024-01-09">{shown}</time>' in html


def test_a_translations_readers_see_its_own_update_and_review_dates(client, article):
    old, newer = datetime(2024, 1, 9, 12, tzinfo=UTC), datetime(2024, 3, 5, 12, tzinfo=UTC)
    Article.objects.filter(pk=article.pk).update(
        updated_at=old, source_changed_at=old, review_by=date(2030, 1, 1)
    )
    ArticleTranslation.objects.filter(article=article).update(
        updated_at=newer, review_by=date(2024, 6, 1)
    )
    swedish = html_in(client, "sv", article)
    assert '<dd><time datetime="2024-03-05">5 mar 2024</time></dd>' in swedish
    # The Swedish text is overdue for review; the English is not.
    assert 'class="review-note"' in swedish
    english = html_in(client, "en", article)
    assert '<dd><time datetime="2024-01-09">Jan 09, 2024</time></dd>' in english
    assert 'class="review-note"' not in english

"""The sitemap: each article's address in every language it exists in, with its translated
slug, and xhtml:link alternates that agree with the page's own hreflang links."""

import re
from xml.etree import ElementTree

import pytest
from django.test import Client

from faq.models import Article
from tests.factories import article_url_in, make_article, make_translation

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
ORIGIN = "http://testserver"


def sitemap() -> dict[str, dict[str, str]]:
    """Each <loc> in /sitemap.xml and its alternates, hreflang to address."""
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    # Our own server's answer, not untrusted input.
    root = ElementTree.fromstring(response.content)  # noqa: S314
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def page_alternates(address: str) -> dict[str, str]:
    html = Client().get(address).content.decode()
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.fixture
def article() -> Article:
    made = make_article("How do I sync my library?", steps=2)
    make_translation(
        made, "sv", question="Hur synkar jag mitt bibliotek?", slug="synka-biblioteket"
    )
    make_translation(made, "de", question="Wie synchronisiere ich?", slug="bibliothek-synchron")
    return made


def test_every_language_is_listed_with_its_own_slug_and_all_alternates(article):
    addresses = {code: ORIGIN + article_url_in(article, code) for code in ("en", "sv", "de")}
    assert addresses["sv"] == f"{ORIGIN}/sv/faq/{article.pk}/synka-biblioteket/"
    assert addresses["de"] == f"{ORIGIN}/de/faq/{article.pk}/bibliothek-synchron/"
    cluster = {**addresses, "x-default": addresses["en"]}
    # Each address names the whole set, itself included, as search engines require.
    assert sitemap() == {address: cluster for address in addresses.values()}


def test_the_sitemap_and_the_page_name_the_same_alternates(article):
    listed = sitemap()
    for address, alternates in listed.items():
        assert page_alternates(address.removeprefix(ORIGIN)) == alternates


def test_a_missing_translation_is_not_listed_and_x_default_is_the_source():
    swedish = make_article("Hur skriver jag ut?", steps=1)
    Article.objects.filter(pk=swedish.pk).update(language="sv")
    make_translation(swedish, "en", question="How do I print?", slug="how-do-i-print")
    sv, en = (ORIGIN + article_url_in(swedish, code) for code in ("sv", "en"))
    # No German translation: its German page shows the Swedish text, and is not listed.
    assert sitemap() == {
        en: {"en": en, "sv": sv, "x-default": sv},
        sv: {"en": en, "sv": sv, "x-default": sv},
    }


def test_an_article_in_one_language_has_no_alternates_and_drafts_are_left_out():
    plain = make_article("Only in English?")
    draft = make_article("A draft?", status=Article.Status.DRAFT)
    make_translation(draft, "sv", question="Ett utkast?", slug="ett-utkast")
    assert sitemap() == {ORIGIN + plain.get_absolute_url(): {}}

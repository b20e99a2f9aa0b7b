"""The interface in Swedish and German: pages and htmx parts show no English words of
their own (articles stay in the language they were written in), and the JavaScript
catalog answers in the page's language."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from demo.loader import demo_load
from faq.models import Article

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}

# Distinctive words of the interface on each page, and what readers see in each
# language instead. English is checked too, so that each phrase is one the page shows.
PHRASES = {
    "home": {
        "en": ["How can we help?", "Browse by topic", "Most viewed", "Recently updated",
               "Skip to content", "Search answers", "Sign in", "All topics", "Search"],
        "sv": ["Hur kan vi hjälpa dig?", "Bläddra efter ämne", "Mest visade",
               "Nyligen uppdaterade", "Hoppa till innehållet", "Sök bland svaren", "Logga in",
               "Alla ämnen", "Sök"],
        "de": ["Wie können wir Ihnen helfen?", "Nach Thema stöbern", "Am häufigsten aufgerufen",
               "Kürzlich aktualisiert", "Zum Inhalt springen", "Antworten durchsuchen",
               "Anmelden", "Alle Themen", "Suchen"],
    },
    "article": {
        "en": ["Was this helpful?", "0 of 13 steps done", "13 steps", "Last Updated", "Views",
               "Answered By", "Your progress", "I\N{RIGHT SINGLE QUOTATION MARK}m stuck here",
               "Related articles",
               "FAQ Actions", "Copy link", "Email this answer", "Saved in this browser",
               "people said yes", "Home"],
        "sv": ["Var detta till hjälp?", "0 av 13 steg klara", "13 steg", "Senast uppdaterad",
               "Visningar", "Besvarad av", "Dina framsteg", "Jag har fastnat här",
               "Relaterade artiklar", "FAQ-åtgärder", "Kopiera länk", "Mejla svaret",
               "Sparas i den här webbläsaren", "Antal som svarat ja", "Start"],
        "de": ["War das hilfreich?", "0 von 13 Schritten erledigt", "13 Schritte",
               "Zuletzt aktualisiert", "Aufrufe", "Beantwortet von", "Ihr Fortschritt",
               "Ich hänge hier fest", "Verwandte Artikel", "FAQ-Aktionen", "Link kopieren",
               "Antwort per E-Mail senden", "In diesem Browser gespeichert",
               "Anzahl Ja-Antworten", "Start"],
    },
    "search": {
        "en": ["results for “endnote”", "<h1>Search</h1>", "Search the help desk", "Topic",
               "All topics", "Filter"],
        "sv": ["träffar för ”endnote”", "<h1>Sök</h1>", "Sök i supporten", "Ämne",
               "Alla ämnen", "Filtrera"],
        "de": ["Ergebnisse für „endnote“", "<h1>Suchen</h1>", "Im Helpdesk suchen", "Thema",
               "Alle Themen", "Filter"],
    },
    "not-found": {
        "en": ["We cannot find that page", "Page not found", "Error 404",
               "The answer may have moved", "Search the help desk", "Go to the help desk home"],
        "sv": ["Vi hittar inte den sidan", "Sidan hittades inte", "Fel 404",
               "Svaret kan ha flyttats", "Sök i supporten", "Till supportens startsida"],
        "de": ["Wir finden diese Seite nicht", "Seite nicht gefunden", "Fehler 404",
               "Die Antwort wurde möglicherweise verschoben", "Im Helpdesk suchen",
               "Zur Startseite des Helpdesks"],
    },
    "vote-fragment": {
        "en": ["Was this helpful?", "Thanks for letting us know.", "Thanks! Glad it helped.",
               "people said yes"],
        "sv": ["Var detta till hjälp?", "Tack för att du berättar.", "Tack! Kul att det hjälpte.",
               "Antal som svarat ja"],
        "de": ["War das hilfreich?", "Danke für Ihre Rückmeldung.",
               "Danke! Schön, dass es geholfen hat.", "Anzahl Ja-Antworten"],
    },
    "tick-fragment": {
        "en": ["Step 1 done.", "1 of 13 steps done", "Your progress", "Resume at step 2",
               "Start over"],
        "sv": ["Steg 1 klart.", "1 av 13 steg klara", "Dina framsteg", "Fortsätt vid steg 2",
               "Börja om"],
        "de": ["Schritt 1 erledigt.", "1 von 13 Schritten erledigt", "Ihr Fortschritt",
               "Bei Schritt 2 weitermachen", "Neu beginnen"],
    },
}  # fmt: skip


@pytest.fixture
def endnote():
    demo_load()
    return Article.objects.get(slug="sync-endnote-library-to-new-library")


def _client(lang: str) -> Client:
    """A reader whose language is `lang` by every means a request can say it."""
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def _page(kind: str, lang: str, article: Article) -> str:
    """The page or part, in `lang` (addresses reversed in it, as readers' links are)."""
    client = _client(lang)
    with translation.override(lang):
        slug = {"pk": article.pk, "slug": article.slug}
        if kind == "home":
            response = client.get(reverse("faq:home"))
        elif kind == "article":
            # The English slug: a 301 to the article's own slug in that language.
            response = client.get(reverse("faq:article", kwargs=slug), follow=True)
        elif kind == "search":
            response = client.get(reverse("faq:search"), {"q": "endnote"})
        elif kind == "not-found":
            response = client.get(reverse("faq:home") + "no-such-page/")
        elif kind == "vote-fragment":
            response = client.post(reverse("faq:vote", kwargs=slug), {"helpful": "yes"}, **HTMX)
        else:
            step = article.steps.get(position=1)
            url = reverse("faq:step", kwargs={**slug, "step_id": step.pk})
            response = client.post(url, {"done": "1"}, **HTMX)
    expected = 404 if kind == "not-found" else 200
    assert response.status_code == expected
    return response.content.decode()


@pytest.mark.parametrize("kind", PHRASES)
@pytest.mark.parametrize("lang", ["sv", "de"])
def test_the_interface_speaks_the_readers_language(endnote, kind, lang):
    html = _page(kind, lang, endnote)
    english = [p for p in PHRASES[kind]["en"] if p in html]
    # "Filter" is the German word too; "Start" is English for no phrase here.
    english = [p for p in english if p not in PHRASES[kind][lang]]
    assert english == []
    assert [p for p in PHRASES[kind][lang] if p not in html] == []


@pytest.mark.parametrize("kind", PHRASES)
def test_the_phrases_checked_are_the_english_pages_own(endnote, kind):
    # Without this, a phrase no page shows would make the test above pass in any language.
    html = _page(kind, "en", endnote)
    assert [p for p in PHRASES[kind]["en"] if p not in html] == []


def test_article_content_is_its_translation_or_the_teams_own_text(endnote):
    # The interface is translated; an article is shown in the reader's language once it
    # has been translated into it, and as the team wrote it until then.
    swedish = _page("article", "sv", endnote)
    assert "Hur synkroniserar jag mitt EndNote-bibliotek till ett nytt bibliotek?" in swedish
    nvivo = Article.objects.get(slug="install-nvivo-on-windows")
    german = _page("article", "de", nvivo)
    assert f'<h1 id="article-title" lang="en">{nvivo.question}</h1>' in german


def test_javascript_catalog_answers_in_the_pages_language():
    responses = {}
    for lang in ["sv", "de", "sv", "en"]:
        with translation.override(lang):
            url = reverse("faq:jsi18n")
            response = _client(lang).get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/javascript")
        responses.setdefault(lang, []).append(response.content.decode())
    swedish, german = responses["sv"][0], responses["de"][0]
    assert "django.gettext" in swedish
    assert '"Link copied to the clipboard.": "L\\u00e4nken har kopierats till urklipp."' in swedish
    assert '"Copied": "Kopierat"' in swedish
    assert '"Copied": "Kopiert"' in german
    # Cached per language: Swedish again after German is still Swedish, and English
    # has no catalog of its own (gettext() returns the English text).
    assert responses["sv"][1] == swedish
    assert "Kopierat" not in responses["en"][0]
    assert "Kopiert" not in responses["en"][0]


def test_javascript_catalog_is_cached_and_only_read(client):
    response = client.get(reverse("faq:jsi18n"))
    assert "max-age=86400" in response["Cache-Control"]
    assert client.post(reverse("faq:jsi18n")).status_code == 405


def test_pages_load_the_catalog_before_their_scripts_and_inline_none(client, endnote):
    html = client.get(endnote.get_absolute_url()).content.decode()
    catalog = html.index(f'<script src="{reverse("faq:jsi18n")}" defer></script>')
    assert catalog < html.index("js/site.js") < html.index("js/search.js")
    # No inline script (the CSP allows none): every <script> but JSON-LD has a src.
    scripts = [s for s in html.split("<script")[1:] if 'type="application/ld+json"' not in s]
    assert all(s.lstrip().startswith("src=") for s in scripts)


def test_the_admin_editor_loads_the_catalog_before_its_script(admin_client, endnote):
    html = admin_client.get(reverse("admin:faq_article_change", args=[endnote.pk])).content
    html = html.decode()
    catalog = html.index(f'<script src="{reverse("faq:jsi18n")}" defer></script>')
    assert catalog < html.index("js/admin-editor.js")

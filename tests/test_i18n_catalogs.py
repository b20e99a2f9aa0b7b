"""The Swedish and German catalogs (locale/): complete, with every placeholder kept,
compiled as committed, and holding every string the code has."""

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["sv", "de"]
DOMAINS = ["django", "djangojs"]
CATALOGS = [(lang, domain) for lang in LANGUAGES for domain in DOMAINS]
# What `make messages` leaves out (the Makefile's MESSAGES_OPTIONS): no reader or editor
# sees the strings of tests, benchmarks, deployment scripts or the demo's commands.
IGNORED = ["staticfiles", "media", "node_modules", "tests", "benchmarks", "deploy", "demo"]

# %(name)s, %d, %% and {name}: what Python, Django's templates and interpolate() fill in.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd%]|\{\w*\}")
# HTML that a translation must carry over: its tags, and the attributes of each.
_TAG = re.compile(r"</?[a-z]+[^>]*>")


def _po(lang: str, domain: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"))


def _forms(entry: polib.POEntry) -> list[tuple[str, str]]:
    """Each (source, translation) pair: one, or one per plural form."""
    if entry.msgid_plural:
        plurals = entry.msgstr_plural
        return [(entry.msgid, plurals.get(0, ""))] + [
            (entry.msgid_plural, text) for n, text in sorted(plurals.items()) if n > 0
        ]
    return [(entry.msgid, entry.msgstr)]


@pytest.mark.parametrize(("lang", "domain"), CATALOGS)
def test_every_entry_is_translated_and_none_is_fuzzy(lang, domain):
    po = _po(lang, domain)
    assert po.metadata["Language"] == lang
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not po.metadata_is_fuzzy
    entries = [e for e in po if not e.obsolete]
    assert entries, "an empty catalog"
    untranslated = [e.msgid for e in entries if any(not t for _, t in _forms(e))]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []
    # Both plural forms of a Germanic language.
    assert all(len(e.msgstr_plural) == 2 for e in entries if e.msgid_plural)


@pytest.mark.parametrize(("lang", "domain"), CATALOGS)
def test_translations_keep_every_placeholder_and_tag(lang, domain):
    wrong = []
    for entry in _po(lang, domain):
        for source, text in _forms(entry):
            if Counter(_PLACEHOLDER.findall(source)) != Counter(_PLACEHOLDER.findall(text)):
                wrong.append(("placeholders", source, text))
            if Counter(_TAG.findall(source)) != Counter(_TAG.findall(text)):
                wrong.append(("tags", source, text))
    assert wrong == []


def test_placeholder_check_finds_a_lost_or_renamed_placeholder():
    # The check above is only as good as the pattern: it tells these apart.
    def kept(source: str, text: str) -> bool:
        return Counter(_PLACEHOLDER.findall(source)) == Counter(_PLACEHOLDER.findall(text))

    assert kept("Step %(number)s done", "Steg %(number)s klart")
    assert not kept("Step %(number)s done", "Steg klart")
    assert not kept("Step %(number)s done", "Steg %(nummer)s klart")
    assert not kept("every {months} months", "alle Monate")
    assert not kept("at 95%% confidence", "mit 95 % Konfidenz")


@pytest.mark.parametrize(("lang", "domain"), CATALOGS)
def test_the_committed_mo_file_is_its_po_file_compiled(lang, domain):
    po = _po(lang, domain)
    mo = polib.mofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / f"{domain}.mo"))

    def table(catalog) -> dict:
        return {
            (e.msgctxt, e.msgid, e.msgid_plural): tuple(t for _, t in _forms(e))
            for e in catalog
            if not e.obsolete and "fuzzy" not in e.flags
        }

    assert table(mo) == table(po)
    assert mo.metadata["Plural-Forms"] == po.metadata["Plural-Forms"]


def _gettext_tools() -> None:
    if not (shutil.which("xgettext") and shutil.which("msgmerge")):
        pytest.fail(
            "GNU gettext is missing: `make test` installs it (apt-get install gettext), "
            "or install it yourself to check that the catalogs hold every string."
        )


@pytest.fixture(scope="module")
def strings_in_code(tmp_path_factory) -> dict[str, set]:
    """The msgids makemessages finds in the code now, by domain, made in a copy of the
    project so the committed catalogs stay as they are."""
    _gettext_tools()
    copy = tmp_path_factory.mktemp("messages")
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in ["faq", "helpdesk", "demo", "templates", "static", "locale"]:
        shutil.copytree(ROOT / name, copy / name, ignore=skip)
    shutil.copy2(ROOT / "manage.py", copy / "manage.py")
    found = {}
    for domain in DOMAINS:
        command = [
            sys.executable,
            "manage.py",
            "makemessages",
            "-d",
            domain,
            "-l",
            "sv",
            "--keep-pot",
            "--no-obsolete",
            *(f"--ignore={name}" for name in IGNORED),
        ]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "helpdesk.settings"}
        subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True, timeout=300)
        pot = polib.pofile(str(copy / "locale" / f"{domain}.pot"))
        found[domain] = {(e.msgctxt, e.msgid, e.msgid_plural) for e in pot}
    return found


@pytest.mark.parametrize(("lang", "domain"), CATALOGS)
def test_the_catalogs_hold_every_string_in_the_code(strings_in_code, lang, domain):
    committed = {(e.msgctxt, e.msgid, e.msgid_plural) for e in _po(lang, domain)}
    missing = sorted(strings_in_code[domain] - committed, key=str)
    assert missing == [], "run `make messages` and translate the new entries"


def test_makemessages_finds_the_strings_it_is_checked_against(strings_in_code):
    # A run that found nothing (a wrong folder, a broken ignore) would pass the test above.
    assert (None, "Was this helpful?", "") in strings_in_code["django"]
    assert (None, "Copied", "") in strings_in_code["djangojs"]
    assert len(strings_in_code["django"]) > 400

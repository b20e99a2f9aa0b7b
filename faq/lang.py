"""The languages the site speaks: their codes and names, and the one a request is in."""

from django.conf import settings
from django.utils import translation


def codes() -> list[str]:
    """The configured languages' codes, the site's own language first."""
    return [code for code, _ in settings.LANGUAGES]


def name(code: str) -> str:
    """A language's name in that language, as the switcher shows it (Svenska)."""
    return str(dict(settings.LANGUAGES).get(code, code))


def name_translated(code: str) -> str:
    """A language's name in the active language, for use inside a sentence ("svenska")."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return name(code)


def active() -> str:
    """The active language as one of the configured codes ("en-gb" is "en"); the site's
    own language when none is active or it is not one of ours."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return settings.LANGUAGE_CODE

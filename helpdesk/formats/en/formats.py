"""English pages keep the British dates ("9 Jan 2024", weeks from Monday, 25/10/2006 in
forms) they showed while LANGUAGE_CODE was en-gb: `en` alone would be American."""

# django-stubs has no stubs for Django's per-locale format modules.
from django.conf.locale.en_GB.formats import *  # type: ignore[import-untyped]  # noqa: F403

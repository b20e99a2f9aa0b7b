"""Rows shown in a reader's language: what a page falls back on, and the translation's
fields joined onto the rows that have them."""

from collections.abc import Mapping
from types import MappingProxyType

from django.db.models import F, FilteredRelation, Q

# Which fields of a row a page shows in another language than the one asked for, and
# in which (its source's): set by the selectors that show rows in a reader's language,
# so a template can mark each such field with its own lang. None by default.
NO_FALLBACK: Mapping[str, str] = MappingProxyType({})

# What with_translation() names the translation's fields as, on the row it annotates.
TRANSLATED = "translated_"


def translated_annotations(queryset, language: str, fields: tuple[str, ...]):
    """The rows with their translation's `fields` in `language` as TRANSLATED + field, None
    where there is none: one LEFT JOIN on (row, language), which is unique, so no query more
    and no row more."""
    joined = queryset.annotate(
        translation=FilteredRelation("translations", condition=Q(translations__language=language))
    )
    return joined.annotate(**{TRANSLATED + f: F(f"translation__{f}") for f in fields})

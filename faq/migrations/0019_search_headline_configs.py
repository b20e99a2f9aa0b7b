"""Text-search configurations that fold accents themselves, for PostgreSQL's snippets.

The index holds each language's text without accents (0018), as readers' words arrive,
so a headline taken with the plain configuration never matched "Öppna" to "oppna". Each
of these parses the text as it is, then folds and stems its words: the snippet shows the
words as written and marks the ones found. Nothing on other databases.
"""

from django.db import migrations

_STEMMERS = {"english": "english_stem", "swedish": "swedish_stem", "german": "german_stem"}


def _statements(*, create: bool) -> list[str]:
    statements = []
    for name, stemmer in _STEMMERS.items():
        config = f"helpdesk_{name}"
        if not create:
            statements.append(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")
            continue
        statements += [
            f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = pg_catalog.{name})",
            # Words with letters outside ASCII are the parser's word, hword and
            # hword_part: those are the ones folded before they are stemmed.
            f"ALTER TEXT SEARCH CONFIGURATION {config} "
            f"ALTER MAPPING FOR word, hword, hword_part WITH unaccent, {stemmer}",
        ]
    return statements


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in _statements(create=True):
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in _statements(create=False):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0018_search_languages"),
    ]

    operations = [migrations.RunPython(create, drop)]

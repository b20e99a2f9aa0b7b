"""The tick as one function of PostgreSQL, faq_step_tick, from the file beside this
migration (sql/0014_step_tick.sql); nothing on SQLite, where the tick runs its
statements one by one.

The file is this migration's, frozen: it was rendered from the tick's templates
(faq/statements/tracking.py) and must not change once a database has run it. When
the function must change, render a new file (sql/<number>_step_tick.sql) and add a
migration that installs it, with this one's DROP as its reverse's model; a test
fails while the newest file differs from what the templates render.
"""

from pathlib import Path

from django.db import migrations

FUNCTION_FILE = Path(__file__).parent / "sql" / "0014_step_tick.sql"


def function_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION_FILE.read_text(), params=None)


def function_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS faq_step_tick", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0013_view_index"),
    ]

    operations = [
        migrations.RunPython(function_create, function_drop),
    ]

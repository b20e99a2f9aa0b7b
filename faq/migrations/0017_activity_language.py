"""The language of every counted reader action: views, votes, runs, checks, stuck reports,
inbox items and searches each keep the code of the language the reader used ("en" for the
rows on record, all of them read in English); and the tick, which now writes it, as a new
function of PostgreSQL from sql/0017_step_tick.sql.

On PostgreSQL (11 and later) a column added with a constant default is written into the
catalogue, not into each row: no table is rewritten, however many checks it holds. The
default stays in the database, so a server still running the code before this migration
goes on writing rows ("en"), and the new function's language has a default for its calls.
Each check constraint on the new column is added NOT VALID, which takes the table's lock
for a moment, and then validated, which reads the table without stopping its reads or
writes; the index for the views in one language is built CONCURRENTLY. So on PostgreSQL
this migration is not one transaction, each statement commits alone (benchmarks/RESULTS.md
has its times at a million checks). SQLite remakes each table, as for any column it adds,
in one transaction.
"""

from pathlib import Path

from django.contrib.postgres.operations import (
    AddConstraintNotValid,
    AddIndexConcurrently,
    ValidateConstraint,
)
from django.db import connection, migrations, models

FUNCTION_FILE = Path(__file__).parent / "sql" / "0017_step_tick.sql"
PREVIOUS_FILE = Path(__file__).parent / "sql" / "0014_step_tick.sql"
# The function's arguments before and after this migration: a function of other
# arguments is another function, so each is dropped by its own.
PREVIOUS_ARGUMENTS = "bigint, bigint, uuid, bigint, boolean, timestamptz, text, integer, text, text"
ARGUMENTS = f"{PREVIOUS_ARGUMENTS}, text"

LANGUAGES = [("en", "English"), ("sv", "Svenska"), ("de", "Deutsch")]
# (model, the constraint's word for its table, the column's help text)
TABLES = [
    ("articleview", "view", "The language the page was read in."),
    ("check", "check", "The language the tick was made in."),
    ("inboxitem", "inbox", "The language the reader said it in."),
    ("run", "run", "The language the run started in."),
    ("searchday", "searchday", "The language the reader searched in."),
    ("stuckreport", "stuckreport", "The language the reader said it in."),
    ("vote", "vote", "The language of the reader's latest answer."),
]


def _field(help_text: str) -> models.CharField:
    return models.CharField(
        choices=LANGUAGES,
        default="en",
        db_default="en",
        editable=False,
        help_text=help_text,
        max_length=8,
    )


def _constraint(word: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(("language__in", [code for code, _ in LANGUAGES])),
        name=f"faq_{word}_language_valid",
    )


class AddLanguageCheck(migrations.AddConstraint):
    """AddConstraint; on PostgreSQL added NOT VALID and then validated, so the table's
    reads and writes go on while its rows are checked."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            return
        for operation in (
            AddConstraintNotValid(self.model_name, self.constraint),
            ValidateConstraint(self.model_name, self.constraint.name),
        ):
            operation.database_forwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnline(migrations.AddIndex):
    """AddIndex; on PostgreSQL built CONCURRENTLY, so the table's writes go on meanwhile."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            return
        AddIndexConcurrently(self.model_name, self.index).database_forwards(
            app_label, schema_editor, from_state, to_state
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
            return
        AddIndexConcurrently(self.model_name, self.index).database_backwards(
            app_label, schema_editor, from_state, to_state
        )


def function_replace(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS faq_step_tick({PREVIOUS_ARGUMENTS})")
        schema_editor.execute(FUNCTION_FILE.read_text(), params=None)


def function_restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS faq_step_tick({ARGUMENTS})")
        schema_editor.execute(PREVIOUS_FILE.read_text(), params=None)


class Migration(migrations.Migration):
    # On PostgreSQL each statement commits alone, so the moments the tables are locked
    # are let go before each long read that validates a constraint. The project migrates
    # one database, the default one.
    atomic = connection.vendor != "postgresql"

    dependencies = [
        ("faq", "0016_interface_labels"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model, name="language", field=_field(help_text))
            for model, _, help_text in TABLES
        ),
        *(
            AddLanguageCheck(model_name=model, constraint=_constraint(word))
            for model, word, _ in TABLES
        ),
        # Views in one language counted from an index alone, as every language's are.
        AddIndexOnline(
            model_name="articleview",
            index=models.Index(
                fields=["article", "language", "day"], name="faq_view_article_language"
            ),
        ),
        # A query is counted once a day in each language.
        migrations.AddConstraint(
            model_name="searchday",
            constraint=models.UniqueConstraint(
                fields=("day", "query", "language"), name="faq_searchday_unique_language"
            ),
        ),
        migrations.RemoveConstraint(model_name="searchday", name="faq_searchday_unique"),
        # The old function goes and the new one comes in one transaction: every call
        # finds one or the other.
        migrations.RunPython(function_replace, function_restore, atomic=True),
    ]

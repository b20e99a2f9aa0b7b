"""The search index: a document per published article, FTS5 on SQLite, tsvector and a
vocabulary on PostgreSQL, built for the articles already there.

Frozen as it was made: the engines' structures and the text the index takes from
an article are copied here, not imported from faq/search/, so that later changes
to the engines cannot change what this migration does.
"""

import re
from html import unescape

import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models
from django.utils.html import strip_tags

_BATCH = 1000

_CONFIG = "english"

_CREATE = {
    "sqlite": [
        """CREATE VIRTUAL TABLE faq_search_fts USING fts5(
        question, steps, answer,
        content='faq_searchdocument', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
        "CREATE VIRTUAL TABLE faq_search_vocab USING fts5vocab(faq_search_fts, 'row')",
        # The FTS table mirrors the rows services.search_index_update writes, and
        # loses a row when its article is deleted (a cascade the ORM runs).
        """CREATE TRIGGER faq_search_fts_ai AFTER INSERT ON faq_searchdocument BEGIN
        INSERT INTO faq_search_fts(rowid, question, steps, answer)
        VALUES (new.article_id, new.question, new.steps, new.answer); END""",
        """CREATE TRIGGER faq_search_fts_ad AFTER DELETE ON faq_searchdocument BEGIN
        INSERT INTO faq_search_fts(faq_search_fts, rowid, question, steps, answer)
        VALUES ('delete', old.article_id, old.question, old.steps, old.answer); END""",
        """CREATE TRIGGER faq_search_fts_au AFTER UPDATE ON faq_searchdocument BEGIN
        INSERT INTO faq_search_fts(faq_search_fts, rowid, question, steps, answer)
        VALUES ('delete', old.article_id, old.question, old.steps, old.answer);
        INSERT INTO faq_search_fts(rowid, question, steps, answer)
        VALUES (new.article_id, new.question, new.steps, new.answer); END""",
        "INSERT INTO faq_search_fts(faq_search_fts) VALUES ('rebuild')",
    ],
    "postgresql": [
        # fastupdate off: an edit writes straight into the index, instead of into a
        # pending list every search must read through until a vacuum merges it
        # (measured: searches twice as slow after a rebuild). Edits are rare.
        "CREATE INDEX faq_searchdocument_vector ON faq_searchdocument "
        "USING gin (vector) WITH (fastupdate = off)",
        "CREATE INDEX faq_searchdocument_question ON faq_searchdocument "
        "USING gin (question_vector) WITH (fastupdate = off)",
        # The index's own vocabulary, unstemmed, for "did you mean": how many
        # articles hold each word, kept by services.search_index_update.
        """CREATE TABLE faq_search_word (
        word text COLLATE "C" PRIMARY KEY,
        articles integer NOT NULL CHECK (articles > 0))""",
        "CREATE INDEX faq_search_word_trgm ON faq_search_word USING gin (word gin_trgm_ops)",
    ],
}
_DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS faq_search_fts_ai",
        "DROP TRIGGER IF EXISTS faq_search_fts_ad",
        "DROP TRIGGER IF EXISTS faq_search_fts_au",
        "DROP TABLE IF EXISTS faq_search_vocab",
        "DROP TABLE IF EXISTS faq_search_fts",
    ],
    "postgresql": [
        "DROP TABLE IF EXISTS faq_search_word",
        "DROP INDEX IF EXISTS faq_searchdocument_vector",
        "DROP INDEX IF EXISTS faq_searchdocument_question",
    ],
}
_WORDS_FILL = (
    "INSERT INTO faq_search_word (word, articles) "
    "SELECT word, COUNT(*) FROM (SELECT DISTINCT article_id, unnest(tsvector_to_array("
    "to_tsvector('simple', question || ' ' || steps || ' ' || answer))) AS word "
    "FROM faq_searchdocument) AS w WHERE length(word) BETWEEN 2 AND 40 GROUP BY word"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(html_or_text: str, *, html: bool = True) -> str:
    """Plain text for the index: tags gone, entities decoded, no control characters."""
    if html:
        html_or_text = unescape(strip_tags(html_or_text))
    return _CONTROL.sub(" ", " ".join(html_or_text.split()))


def _document(article, steps_html: list[str]) -> dict[str, str]:
    """An article's three weighted fields: the question, its steps, its answer."""
    answer = f"{article.answer_intro_html} {article.answer_outro_html}"
    return {
        "question": _text(article.question, html=False),
        "steps": "\n".join(_text(body) for body in steps_html),
        "answer": _text(answer).strip(),
    }


class TrigramExtensionOnPostgres(TrigramExtension):
    """Django's TrigramExtension, whose unapplying also skips other databases."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        # Django's asks pg_extension whatever the database.
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def engine_create(apps, schema_editor):
    """The engine's own structures: FTS5 on SQLite, GIN and the vocabulary on PostgreSQL."""
    for sql in _CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def engine_drop(apps, schema_editor):
    for sql in _DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def documents_build(apps, schema_editor):
    """Index the published articles already there."""
    Article = apps.get_model("faq", "Article")
    Step = apps.get_model("faq", "Step")
    SearchDocument = apps.get_model("faq", "SearchDocument")
    last = 0
    while True:
        batch = list(
            Article.objects.filter(status="published", pk__gt=last).order_by("pk")[:_BATCH]
        )
        if not batch:
            break
        last = batch[-1].pk
        steps = {}
        rows = (
            Step.objects.filter(article__in=batch, removed_at__isnull=True)
            .order_by("article_id", "position")
            .values_list("article_id", "body_html")
        )
        for article_id, body_html in rows:
            steps.setdefault(article_id, []).append(body_html)
        SearchDocument.objects.bulk_create(
            SearchDocument(article_id=article.pk, **_document(article, steps.get(article.pk, [])))
            for article in batch
        )
    if schema_editor.connection.vendor == "postgresql":
        SearchDocument.objects.update(
            vector=SearchVector("question", weight="A", config=_CONFIG)
            + SearchVector("steps", weight="B", config=_CONFIG)
            + SearchVector("answer", weight="C", config=_CONFIG),
            question_vector=SearchVector("question", weight="A", config=_CONFIG),
        )
        schema_editor.execute("DELETE FROM faq_search_word")
        schema_editor.execute(_WORDS_FILL)
        schema_editor.execute("ANALYZE faq_searchdocument")
        schema_editor.execute("ANALYZE faq_search_word")


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0010_review_dates"),
    ]

    operations = [
        # Does nothing on SQLite.
        TrigramExtensionOnPostgres(),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="faq.article",
                    ),
                ),
                ("question", models.TextField()),
                ("steps", models.TextField(blank=True)),
                ("answer", models.TextField(blank=True)),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "question_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
            ],
        ),
        migrations.RunPython(engine_create, engine_drop),
        migrations.RunPython(documents_build, migrations.RunPython.noop),
    ]

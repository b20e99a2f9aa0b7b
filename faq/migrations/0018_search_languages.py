"""The search index in every language: a document per published article and language,
the source text under the article's source language and each translation under its own;
FTS5 over them on SQLite, on PostgreSQL a tsvector in each language's configuration (the
text without accents, as a reader's words are folded) and a vocabulary per language.

Frozen as it was made, as 0011 is: the engines' structures and the text the index takes
from an article are copied here, not imported from faq/search/. Unapplied, it leaves
0011's structures empty: services.search_index_rebuild() refills them.
"""

import re
from html import unescape

import django.db.models.deletion
from django.contrib.postgres.operations import UnaccentExtension
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import migrations, models
from django.db.models import F, Func
from django.utils.html import strip_tags

_BATCH = 1000
_LANGUAGES = [("en", "English"), ("sv", "Svenska"), ("de", "Deutsch")]
_CONFIGS = {"en": "english", "sv": "swedish", "de": "german"}

_OLD = {
    "sqlite": [
        """CREATE VIRTUAL TABLE faq_search_fts USING fts5(
        question, steps, answer,
        content='faq_searchdocument', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
        "CREATE VIRTUAL TABLE faq_search_vocab USING fts5vocab(faq_search_fts, 'row')",
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
    ],
    "postgresql": [
        "CREATE INDEX faq_searchdocument_vector ON faq_searchdocument "
        "USING gin (vector) WITH (fastupdate = off)",
        "CREATE INDEX faq_searchdocument_question ON faq_searchdocument "
        "USING gin (question_vector) WITH (fastupdate = off)",
        """CREATE TABLE faq_search_word (
        word text COLLATE "C" PRIMARY KEY,
        articles integer NOT NULL CHECK (articles > 0))""",
        "CREATE INDEX faq_search_word_trgm ON faq_search_word USING gin (word gin_trgm_ops)",
    ],
}
_NEW = {
    # The FTS table's rowid is the document's id; which documents a reader
    # searches is asked of faq_searchdocument.
    "sqlite": [
        _OLD["sqlite"][0].replace("content_rowid='article_id'", "content_rowid='id'"),
        _OLD["sqlite"][1],
        *(sql.replace("article_id", "id") for sql in _OLD["sqlite"][2:]),
    ],
    "postgresql": [
        _OLD["postgresql"][0],
        _OLD["postgresql"][1],
        # Each language's words apart: a Swedish reader's typo is mended from Swedish.
        """CREATE TABLE faq_search_word (
        language varchar(8) NOT NULL,
        word text COLLATE "C" NOT NULL,
        articles integer NOT NULL CHECK (articles > 0),
        PRIMARY KEY (language, word))""",
        _OLD["postgresql"][3],
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
    "INSERT INTO faq_search_word (language, word, articles) "
    "SELECT language, word, COUNT(*) FROM (SELECT DISTINCT language, article_id, "
    "unnest(tsvector_to_array(to_tsvector('simple', "
    "unaccent(question || ' ' || steps || ' ' || answer)))) AS word "
    "FROM faq_searchdocument) AS w WHERE length(word) BETWEEN 2 AND 40 GROUP BY language, word"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(html_or_text: str, *, html: bool = True) -> str:
    if html:
        html_or_text = unescape(strip_tags(html_or_text))
    return _CONTROL.sub(" ", " ".join(html_or_text.split()))


def _document(question, intro_html, outro_html, steps_html) -> dict[str, str]:
    return {
        "question": _text(question, html=False),
        "steps": "\n".join(_text(body) for body in steps_html if body.strip()),
        "answer": _text(f"{intro_html} {outro_html}").strip(),
    }


def _run(schema_editor, statements):
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def old_drop(apps, schema_editor):
    _run(schema_editor, _DROP)


def old_create(apps, schema_editor):
    _run(schema_editor, _OLD)


def new_create(apps, schema_editor):
    _run(schema_editor, _NEW)


def new_drop(apps, schema_editor):
    _run(schema_editor, _DROP)


class UnaccentOnPostgres(UnaccentExtension):
    """Django's UnaccentExtension, whose unapplying also skips other databases."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def documents_build(apps, schema_editor):
    """Index the published articles already there, and their translations."""
    Article = apps.get_model("faq", "Article")
    Step = apps.get_model("faq", "Step")
    ArticleTranslation = apps.get_model("faq", "ArticleTranslation")
    StepTranslation = apps.get_model("faq", "StepTranslation")
    SearchDocument = apps.get_model("faq", "SearchDocument")
    last = 0
    while True:
        batch = list(
            Article.objects.filter(status="published", pk__gt=last).order_by("pk")[:_BATCH]
        )
        if not batch:
            break
        last = batch[-1].pk
        steps, translated = {}, {}
        for article_id, step_id, body_html in (
            Step.objects.filter(article__in=batch, removed_at__isnull=True)
            .order_by("article_id", "position")
            .values_list("article_id", "pk", "body_html")
        ):
            steps.setdefault(article_id, []).append((step_id, body_html))
        for step_id, language, body_html in StepTranslation.objects.filter(
            step__article__in=batch
        ).values_list("step_id", "language", "body_html"):
            translated[(step_id, language)] = body_html
        documents = []
        for article in batch:
            bodies = steps.get(article.pk, [])
            documents.append(
                SearchDocument(
                    article_id=article.pk,
                    language=article.language,
                    source=True,
                    **_document(
                        article.question,
                        article.answer_intro_html,
                        article.answer_outro_html,
                        [body for _, body in bodies],
                    ),
                )
            )
        for item in ArticleTranslation.objects.filter(article__in=batch):
            bodies = steps.get(item.article_id, [])
            documents.append(
                SearchDocument(
                    article_id=item.article_id,
                    language=item.language,
                    source=False,
                    **_document(
                        item.question,
                        item.answer_intro_html,
                        item.answer_outro_html,
                        [translated.get((pk, item.language), "") for pk, _ in bodies],
                    ),
                )
            )
        SearchDocument.objects.bulk_create(documents)
    if schema_editor.connection.vendor == "postgresql":
        for code, _ in _LANGUAGES:
            config = _CONFIGS.get(code, "simple")

            def folded(name):
                return Func(F(name), function="unaccent")

            SearchDocument.objects.filter(language=code).update(
                vector=SearchVector(folded("question"), weight="A", config=config)
                + SearchVector(folded("steps"), weight="B", config=config)
                + SearchVector(folded("answer"), weight="C", config=config),
                question_vector=SearchVector(folded("question"), weight="A", config=config),
            )
        schema_editor.execute(_WORDS_FILL)
        schema_editor.execute("ANALYZE faq_searchdocument")
        schema_editor.execute("ANALYZE faq_search_word")


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0017_activity_language"),
    ]

    operations = [
        UnaccentOnPostgres(),
        migrations.RunPython(old_drop, old_create),
        migrations.DeleteModel(name="SearchDocument"),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=_LANGUAGES,
                        db_default="en",
                        default="en",
                        editable=False,
                        help_text="The language this text is in.",
                        max_length=8,
                    ),
                ),
                ("source", models.BooleanField(default=True)),
                ("question", models.TextField()),
                ("steps", models.TextField(blank=True)),
                ("answer", models.TextField(blank=True)),
                ("vector", SearchVectorField(editable=False, null=True)),
                ("question_vector", SearchVectorField(editable=False, null=True)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_documents",
                        to="faq.article",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["language"], name="faq_searchdocument_language")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "language"), name="faq_searchdocument_one_per_language"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("language__in", ["en", "sv", "de"])),
                        name="faq_searchdocument_language_valid",
                    ),
                ],
            },
        ),
        migrations.RunPython(new_create, new_drop),
        migrations.RunPython(documents_build, migrations.RunPython.noop),
    ]

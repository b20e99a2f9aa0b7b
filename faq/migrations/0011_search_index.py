import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

_BATCH = 1000


class TrigramExtensionOnPostgres(TrigramExtension):
    """Django's TrigramExtension, whose unapplying also skips other databases."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        # Django's asks pg_extension whatever the database.
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def engine_create(apps, schema_editor):
    """The engine's own structures: FTS5 on SQLite, GIN and the vocabulary on PostgreSQL."""
    from faq.search import postgres, sqlite

    statements = {"sqlite": sqlite.CREATE, "postgresql": postgres.CREATE}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def engine_drop(apps, schema_editor):
    from faq.search import postgres, sqlite

    statements = {"sqlite": sqlite.DROP, "postgresql": postgres.DROP}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def documents_build(apps, schema_editor):
    """Index the published articles already there."""
    from faq.search.text import document_fields

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
            SearchDocument(
                article_id=article.pk,
                **document_fields(
                    question=article.question,
                    answer_intro_html=article.answer_intro_html,
                    answer_outro_html=article.answer_outro_html,
                    steps_html=steps.get(article.pk, []),
                ),
            )
            for article in batch
        )
    if schema_editor.connection.vendor == "postgresql":
        from faq.search import postgres

        SearchDocument.objects.update(
            vector=postgres.vector(), question_vector=postgres.question_vector()
        )
        postgres.words_rebuild()


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

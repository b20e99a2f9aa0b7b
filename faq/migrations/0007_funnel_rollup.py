import django.db.models.deletion
from django.db import migrations, models


def _epoch(column: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"date_part('epoch', {column})"
    return (
        f"(ROUND((julianday(substr({column}, 1, 19)) - 2440587.5) * 86400.0)"
        f" + CAST(substr({column}, 20) AS REAL))"
    )


def rollup_fill(apps, schema_editor):
    """The rollup of every run and check on record, as faq.services.funnel_recount counts it."""
    vendor = schema_editor.connection.vendor
    schema_editor.execute(
        """
        UPDATE faq_run SET furthest_position = (
            SELECT MAX(s.position) FROM faq_check c CROSS JOIN faq_step s
            WHERE c.run_id = faq_run.id AND s.id = c.step_id AND s.removed_at IS NULL
        )
        """
    )
    schema_editor.execute(
        f"""
        UPDATE faq_check SET
            run_started_at = (SELECT r.started_at FROM faq_run r WHERE r.id = faq_check.run_id),
            seconds = (
                SELECT {_epoch("faq_check.checked_at", vendor)} - {_epoch("p.checked_at", vendor)}
                FROM faq_step s
                CROSS JOIN faq_step ps
                CROSS JOIN faq_check p
                WHERE s.id = faq_check.step_id AND s.removed_at IS NULL
                  AND ps.article_id = s.article_id AND ps.position = s.position - 1
                  AND ps.removed_at IS NULL
                  AND p.run_id = faq_check.run_id AND p.step_id = ps.id
                  AND p.checked_at <= faq_check.checked_at
            )
        """  # noqa: S608 -- only the vendor's own fixed expressions go in
    )


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0006_content_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="run",
            name="furthest_position",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="check",
            name="run_started_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="check",
            name="seconds",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(rollup_fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="check",
            name="run_started_at",
            field=models.DateTimeField(editable=False),
        ),
        migrations.RemoveIndex(
            model_name="check",
            name="faq_check_run_step_time",
        ),
        migrations.AlterField(
            model_name="check",
            name="step",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="checks",
                to="faq.step",
            ),
        ),
        migrations.AddIndex(
            model_name="check",
            index=models.Index(
                fields=["step", "run_started_at", "seconds"], name="faq_check_step_started"
            ),
        ),
    ]

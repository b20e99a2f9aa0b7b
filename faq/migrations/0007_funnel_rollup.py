"""The funnel's rollup on runs and checks, filled for the rows on record.

The one migration that imports the product's code: the rule of the rollup
(faq.statements.rollup), plain SQL text that reads no model and no setting, so
that the rows on record are counted exactly as the tick and the recount count.
"""

import django.db.models.deletion
from django.db import migrations, models

from faq.statements.rollup import EVERY_ROW, checks_recount_sql, runs_recount_sql


def rollup_fill(apps, schema_editor):
    """The rollup of every run and check on record, by the rule funnel_recount counts with."""
    vendor = schema_editor.connection.vendor
    schema_editor.execute(runs_recount_sql(vendor, where=EVERY_ROW))
    schema_editor.execute(checks_recount_sql(vendor, where=EVERY_ROW))


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

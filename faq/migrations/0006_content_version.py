from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("faq", "ContentVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0005_check_covering_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)), name="faq_content_version_one_row"
                    )
                ],
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0011_search_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("query", models.CharField(max_length=200)),
                ("searches", models.PositiveIntegerField(default=0)),
                ("results", models.PositiveIntegerField(default=0)),
                ("opened", models.PositiveIntegerField(default=0)),
            ],
            options={
                "indexes": [models.Index(fields=["day"], name="faq_searchday_day")],
                "constraints": [
                    models.UniqueConstraint(fields=("day", "query"), name="faq_searchday_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("query", ""), _negated=True),
                        name="faq_searchday_query_not_empty",
                    ),
                ],
            },
        ),
    ]

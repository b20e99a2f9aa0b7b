"""Counted views keep one index, (article, day, visitor key): the page's lookup of a
reader's view of the day and the statistics' days of an article both use it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0012_search_days"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="articleview",
            name="faq_view_once_a_day",
        ),
        migrations.RemoveIndex(
            model_name="articleview",
            name="faq_view_article_day",
        ),
        migrations.AddConstraint(
            model_name="articleview",
            constraint=models.UniqueConstraint(
                fields=("article", "day", "visitor_key"), name="faq_view_once_a_day"
            ),
        ),
    ]

import calendar
from datetime import date

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.db.models import Min
from django.utils import timezone

# As in faq.models.articles and faq.services.reviews when this was written:
# a migration keeps the rule it was made with.
DEFAULT_REVIEW_MONTHS = 12
EDITORS = "Editors"
# Editors write and publish; deleting an article, topic or team is for
# superusers (the admin refuses it to everyone else). Removing a step is an
# edit: the step's row stays for the statistics.
EDITOR_PERMISSIONS = [
    ("faq", "add_article"),
    ("faq", "change_article"),
    ("faq", "view_article"),
    ("faq", "add_step"),
    ("faq", "change_step"),
    ("faq", "delete_step"),
    ("faq", "view_step"),
    ("faq", "add_topic"),
    ("faq", "change_topic"),
    ("faq", "view_topic"),
    ("faq", "add_team"),
    ("faq", "change_team"),
    ("faq", "view_team"),
    ("faq", "view_inboxitem"),
    ("faq", "change_inboxitem"),
    ("faq", "view_vote"),
    ("faq", "view_statistics"),
]


def _months_after(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_by_fill(apps, schema_editor):
    """A year after each article's last update, or its topics' shortest period."""
    Article = apps.get_model("faq", "Article")
    shortest = dict(
        Article.topics.through.objects.filter(topic__review_months__isnull=False)
        .values("article_id")
        .annotate(months=Min("topic__review_months"))
        .values_list("article_id", "months")
    )
    batch = []
    for article in Article.objects.only("pk", "updated_at").iterator(chunk_size=1000):
        months = shortest.get(article.pk, DEFAULT_REVIEW_MONTHS)
        article.review_by = _months_after(timezone.localdate(article.updated_at), months)
        batch.append(article)
        if len(batch) == 1000:
            Article.objects.bulk_update(batch, ["review_by"])
            batch = []
    Article.objects.bulk_update(batch, ["review_by"])


def editors_create(apps, schema_editor):
    """The Editors group with its permissions (made here: they may not exist yet)."""
    for app_label in ("auth", "contenttypes", "faq"):
        config = apps.get_app_config(app_label)
        # create_permissions skips an app without models_module, which the
        # migration state's configs lack; kept as it was for the real registry.
        models_module = getattr(config, "models_module", None)
        config.models_module = models_module or True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    for app_label, codename in EDITOR_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def editors_remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0009_step_image"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="last_reviewed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="last_reviewed_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                help_text="The member of staff who keeps this answer right and reviews it.",
                limit_choices_to={"is_staff": True},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="owned_articles",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="review_by",
            field=models.DateField(null=True, verbose_name="review by"),
        ),
        migrations.AddField(
            model_name="article",
            name="review_by_chosen",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="topic",
            name="review_months",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="How often articles on this topic are reviewed. Empty: every 12 months."
                " An article on several topics follows the shortest.",
                null=True,
                verbose_name="review every (months)",
            ),
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.CheckConstraint(
                condition=models.Q(("review_months__isnull", True))
                | models.Q(("review_months__gte", 1), ("review_months__lte", 60)),
                name="faq_topic_review_months_range",
            ),
        ),
        migrations.RunPython(review_by_fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="article",
            name="review_by",
            field=models.DateField(
                help_text="Leave empty to have it set for you: 12 months after the last update"
                " or review, or sooner when a topic asks for it.",
                verbose_name="review by",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "review_by"], name="faq_article_review"),
        ),
        migrations.RunPython(editors_create, editors_remove),
    ]

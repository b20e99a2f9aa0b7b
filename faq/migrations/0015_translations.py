"""Articles, steps and topics in several languages (issue 21): each article's source
language, when its source text last changed, and the translation tables; editors may
write translations."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest

# As the Editors group of 0010 was given for articles and steps, and topics.
EDITORS = "Editors"
EDITOR_PERMISSIONS = [
    (model, action)
    for model in ("articletranslation", "steptranslation", "topictranslation")
    for action in ("add", "change", "delete", "view")
]


def source_changed_fill(apps, schema_editor):
    """The source text last changed at the later of Last Updated and the last change to
    its steps, as far as the rows tell."""
    Article = apps.get_model("faq", "Article")
    Article.objects.update(
        source_changed_at=Greatest(
            F("updated_at"), Coalesce(F("steps_changed_at"), F("updated_at"))
        )
    )


def editors_allow(apps, schema_editor):
    """Editors translate as they write: the group, where it exists, gets the new tables."""
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=EDITORS).first()
    if group is None:
        return
    config = apps.get_app_config("faq")
    # As in 0010: create_permissions skips an app config without models_module.
    models_module = getattr(config, "models_module", None)
    config.models_module = models_module or True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = models_module
    Permission = apps.get_model("auth", "Permission")
    for model, action in EDITOR_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="faq", codename=f"{action}_{model}")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0014_step_tick_function"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleTranslation",
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
                        choices=[("en", "English"), ("sv", "Svenska"), ("de", "Deutsch")],
                        max_length=8,
                    ),
                ),
                ("question", models.CharField(max_length=250)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Used in the address in this language.", max_length=120
                    ),
                ),
                (
                    "answer_intro",
                    models.TextField(blank=True, verbose_name="answer before the steps"),
                ),
                ("answer_intro_html", models.TextField(blank=True, editable=False)),
                (
                    "answer_outro",
                    models.TextField(blank=True, verbose_name="answer after the steps"),
                ),
                ("answer_outro_html", models.TextField(blank=True, editable=False)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("review_by", models.DateField(verbose_name="review by")),
                ("review_by_chosen", models.BooleanField(default=False, editable=False)),
                ("last_reviewed_at", models.DateTimeField(blank=True, editable=False, null=True)),
            ],
            options={
                "ordering": ["article", "language"],
            },
        ),
        migrations.CreateModel(
            name="StepTranslation",
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
                        choices=[("en", "English"), ("sv", "Svenska"), ("de", "Deutsch")],
                        max_length=8,
                    ),
                ),
                ("body", models.TextField(blank=True)),
                ("body_html", models.TextField(blank=True, editable=False)),
                (
                    "image_alt",
                    models.CharField(blank=True, max_length=250, verbose_name="image alt text"),
                ),
            ],
            options={
                "ordering": ["step", "language"],
            },
        ),
        migrations.CreateModel(
            name="TopicTranslation",
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
                        choices=[("en", "English"), ("sv", "Svenska"), ("de", "Deutsch")],
                        max_length=8,
                    ),
                ),
                ("name", models.CharField(max_length=80)),
                ("description", models.TextField(blank=True)),
            ],
            options={
                "ordering": ["topic", "language"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("sv", "Svenska"), ("de", "Deutsch")],
                default="en",
                help_text="The language the question, answers and steps above are written in.",
                max_length=8,
                verbose_name="source language",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="source_changed_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.RunPython(source_changed_fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "sv", "de"])),
                name="faq_article_language_valid",
            ),
        ),
        migrations.AddField(
            model_name="articletranslation",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="translations",
                to="faq.article",
            ),
        ),
        migrations.AddField(
            model_name="articletranslation",
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
            model_name="articletranslation",
            name="updated_by",
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
            model_name="steptranslation",
            name="step",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="translations",
                to="faq.step",
            ),
        ),
        migrations.AddField(
            model_name="topictranslation",
            name="topic",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="translations",
                to="faq.topic",
            ),
        ),
        migrations.AddConstraint(
            model_name="articletranslation",
            constraint=models.UniqueConstraint(
                fields=("article", "language"), name="faq_articletranslation_one_per_language"
            ),
        ),
        migrations.AddConstraint(
            model_name="articletranslation",
            constraint=models.UniqueConstraint(
                fields=("language", "slug"),
                name="faq_articletranslation_unique_slug",
                violation_error_message="Another article already has this address in this language.",
            ),
        ),
        migrations.AddConstraint(
            model_name="articletranslation",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "sv", "de"])),
                name="faq_articletranslation_language_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="steptranslation",
            constraint=models.UniqueConstraint(
                fields=("step", "language"), name="faq_steptranslation_one_per_language"
            ),
        ),
        migrations.AddConstraint(
            model_name="steptranslation",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "sv", "de"])),
                name="faq_steptranslation_language_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="topictranslation",
            constraint=models.UniqueConstraint(
                fields=("topic", "language"), name="faq_topictranslation_one_per_language"
            ),
        ),
        migrations.AddConstraint(
            model_name="topictranslation",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en", "sv", "de"])),
                name="faq_topictranslation_language_valid",
            ),
        ),
        migrations.RunPython(editors_allow, migrations.RunPython.noop),
    ]

"""The article's change form: its fields, and what a save says about itself."""

from django import forms
from django.utils.translation import gettext_lazy as _

from faq import selectors, services
from faq.admin.audiences import ARTICLE_HELP, article_audience_clean, audience_form_field
from faq.models import Article


class ArticleForm(forms.ModelForm):
    """The article, with what a save says about itself: a note for its version, a minor edit."""

    version_note = forms.CharField(
        label=_("Note for this version"),
        required=False,
        max_length=services.NOTE_MAX_LENGTH,
        help_text=_("What you changed and why, shown in the article's versions."),
    )
    minor_edit = forms.BooleanField(
        label=_("Minor edit"),
        required=False,
        help_text=_("A typo or a link: Last Updated stays as it is."),
    )

    audience = audience_form_field(Article, help_text=ARTICLE_HELP)

    helpful_afresh = forms.BooleanField(
        label=_("Start helpfulness afresh"),
        required=False,
        help_text=_(
            "For a rewrite: “Was this helpful?” counts from today. The old votes are kept "
            "with the version they judged, in the statistics."
        ),
    )

    class Meta:
        model = Article
        fields = [
            "question",
            "slug",
            "language",
            "status",
            "answer_intro",
            "answer_outro",
            "team",
            "answered_by",
            "topics",
            "owner",
            "review_by",
            "publish_at",
            "unpublish_at",
            # After the topics: its check compares it with them.
            "audience",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if isinstance(status, forms.ChoiceField):
            # In review and approved are reached through the workflow's buttons, not here.
            direct = {Article.Status.DRAFT, Article.Status.PUBLISHED, self.instance.status}
            status.choices = [c for c in Article.Status.choices if c[0] in direct]
        if self.instance.is_rewrite and "status" in self.fields:
            # A rewrite is published by approval: copied onto its article.
            del self.fields["status"]

    def clean(self):
        cleaned = super().clean() or {}
        dates = ("publish_at", "unpublish_at")
        if any(field in self.changed_data for field in dates):
            try:
                services.schedule_check(
                    publish_at=cleaned.get("publish_at")
                    if "publish_at" in self.changed_data
                    else None,
                    unpublish_at=cleaned.get("unpublish_at"),
                )
            except forms.ValidationError as error:
                for field, problems in error.message_dict.items():
                    if field in self.fields:
                        self.add_error(field, problems)
        return cleaned

    def clean_audience(self) -> str:
        return article_audience_clean(self)

    def clean_language(self) -> str:
        language = self.cleaned_data["language"]
        # The instance still has the language it was saved with.
        changed = self.instance.pk and language != self.instance.language
        if changed and language in selectors.article_translation_languages(self.instance.pk):
            raise forms.ValidationError(
                "The article has a translation into this language: delete it first."
            )
        return language

"""Who may read an article or a topic, as the admin's forms check it: an article is at
least as closed as each of its topics (the rule itself: faq.selectors.audiences)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from faq.models import Topic
from faq.selectors.audiences import article_audience_error, topic_audience_error

# The article's own words under its audience: what it means, and the rule it must keep.
ARTICLE_HELP = _(
    "Others find no trace of it: not its page, nor in search, lists, feeds or the API. "
    "It must be at least as closed as each of its topics."
)


def audience_form_field(model: type[models.Model], help_text=None) -> forms.Field:
    """The model's audience as a form field a post may leave out: the row keeps its own
    (a browser always sends the one shown)."""
    column = model._meta.get_field("audience")
    options: dict = {"required": False}
    if help_text is not None:
        options["help_text"] = help_text
    field = column.formfield(**options) if isinstance(column, models.Field) else None
    if field is None:
        raise TypeError(f"{model.__name__}.audience has no form field.")
    return field


def _audience(form: forms.ModelForm) -> str:
    return form.cleaned_data.get("audience") or form.instance.audience


def article_audience_clean(form: forms.ModelForm) -> str:
    """ArticleForm's audience, refused when one of the topics chosen beside it is more
    closed; the topics are cleaned first (they come before it in the form)."""
    audience = _audience(form)
    topics = form.cleaned_data.get("topics")
    if topics is None:
        # The topics have an error of their own: nothing to compare with yet.
        return audience
    error = article_audience_error(audience=audience, topic_ids=[t.pk for t in topics])
    if error:
        raise forms.ValidationError(error, code="audience_more_open_than_topic")
    return audience


class TopicForm(forms.ModelForm):
    """A topic, refused when it would be more closed than one of its articles."""

    audience = audience_form_field(Topic)

    class Meta:
        model = Topic
        fields = ["name", "slug", "description", "review_months", "audience"]

    def clean_audience(self) -> str:
        audience = _audience(self)
        error = topic_audience_error(topic_id=self.instance.pk, audience=audience)
        if error:
            raise forms.ValidationError(error, code="topic_closer_than_article")
        return audience

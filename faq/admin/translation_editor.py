"""The translation editor: one article in one language, the source beside each field, a
live preview as a reader of that language sees it, and the translation's review date."""

from csp.constants import SELF
from csp.decorators import csp_replace
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from faq import lang, selectors, services
from faq.admin.preview import preview_response
from faq.http import HtmxHttpRequest, allow_methods, see_other
from faq.models import Article, ArticleTranslation

EDITOR = "admin/faq/article/translation_form.html"


class TranslationForm(forms.Form):
    """A translation's fields, and each live step's text and (with a screenshot) alt text."""

    question = forms.CharField(label=_("Question"), max_length=250, required=False)
    slug = forms.CharField(
        label=_("Slug"),
        max_length=120,
        required=False,
        help_text=_("Used in the address in this language; left blank, made from the question."),
    )
    answer_intro = forms.CharField(
        label=_("Answer before the steps"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    answer_outro = forms.CharField(
        label=_("Answer after the steps"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    review_by = forms.DateField(
        label=_("Review by"),
        required=False,
        # A date input wants ISO dates whatever the language's own format.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Left as it is, it follows the article's review period."),
    )

    def __init__(self, *args, source: selectors.TranslationSource, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        for step in source.steps:
            self.fields[f"step-{step.pk}-body"] = forms.CharField(
                label=gettext("Step %(position)s") % {"position": step.position},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            if step.has_image:
                self.fields[f"step-{step.pk}-image_alt"] = forms.CharField(
                    label=gettext("Step %(position)s: screenshot alt text")
                    % {"position": step.position},
                    max_length=250,
                    required=False,
                    # Alt text runs long: a line would hide most of it.
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        for name, field in self.fields.items():
            if name != "review_by":
                field.widget.attrs["lang"] = source.language

    def rows(self) -> list[dict]:
        """Each field with the source text it translates, in the page's order."""
        src = self.source
        pairs = [
            ("question", src.question),
            ("slug", src.slug),
            ("answer_intro", src.answer_intro),
            ("answer_outro", src.answer_outro),
        ]
        for step in src.steps:
            pairs.append((f"step-{step.pk}-body", step.body))
            if step.has_image:
                pairs.append((f"step-{step.pk}-image_alt", step.image_alt))
        return [{"field": self[name], "source": text} for name, text in pairs]

    def step_texts(self) -> dict[int, services.StepText]:
        data = self.cleaned_data
        return {
            step.pk: services.StepText(
                body=data.get(f"step-{step.pk}-body", ""),
                image_alt=data.get(f"step-{step.pk}-image_alt", step.translated_alt),
            )
            for step in self.source.steps
        }


def initial(source: selectors.TranslationSource) -> dict:
    found = source.translation
    values: dict = {}
    if found is not None:
        values = {
            "question": found.question,
            "slug": found.slug,
            "answer_intro": found.answer_intro,
            "answer_outro": found.answer_outro,
            "review_by": found.review_by,
        }
    for step in source.steps:
        values[f"step-{step.pk}-body"] = step.translated_body
        values[f"step-{step.pk}-image_alt"] = step.translated_alt
    return values


def _source(request: HttpRequest, pk: int, language: str) -> selectors.TranslationSource:
    """The article and language, if the user may change articles: anything else a 404."""
    if not request.user.has_perm("faq.change_article"):
        raise PermissionDenied
    if language not in lang.codes():
        raise Http404("No such language.")
    try:
        source = selectors.translation_source(article_id=pk, language=language)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    if source.source == language:
        raise Http404("The article is written in this language: edit the article itself.")
    return source


def _errors_to_form(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.message_dict.items():
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


@allow_methods("GET", "POST")
def translation_edit(request: HtmxHttpRequest, pk: int, language: str) -> HttpResponse:
    """The editor for the article's translation into `language`; a save goes through the
    services and keeps a version."""
    source = _source(request, pk, language)
    name = lang.name(language)
    if request.method == "POST":
        form = TranslationForm(request.POST, source=source, initial=initial(source))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.article_translation_save(
                    article_id=pk,
                    language=language,
                    question=data["question"],
                    slug=data["slug"],
                    answer_intro=data["answer_intro"],
                    answer_outro=data["answer_outro"],
                    steps=form.step_texts(),
                    user=request.user,
                    review_by=data["review_by"] if "review_by" in form.changed_data else None,
                    record_version=True,
                )
            except Article.DoesNotExist:
                raise Http404("No such article.") from None
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    gettext("The translation into %(language)s was saved. Readers see it now.")
                    % {"language": name},
                )
                return see_other(request.path)
    else:
        form = TranslationForm(source=source, initial=initial(source))
    article = get_object_or_404(Article, pk=pk)
    title = gettext("Translate into %(language)s: %(question)s") % {
        "language": name,
        "question": source.question,
    }
    context = {
        **admin.site.each_context(request),
        "title": title,
        "opts": Article._meta,
        "article": article,
        "source": source,
        "language": language,
        "language_name": name,
        "source_name": lang.name(source.source),
        "form": form,
        "translation": source.translation,
        "states": selectors.translation_states(article_id=pk),
    }
    return render(request, EDITOR, context, status=400 if form.errors else 200)


@xframe_options_sameorigin
# The plain form post loads this page into the editor's own frame.
@csp_replace({"frame-ancestors": [SELF]})
@allow_methods("POST")
def translation_preview(request: HtmxHttpRequest, pk: int, language: str) -> HttpResponse:
    """The article page in `language` with the translation as typed, nothing saved: the
    whole page for a plain form post (into the preview frame), the frame for htmx."""
    source = _source(request, pk, language)
    data = request.POST
    with translation.override(language):
        page = selectors.translation_draft_page(
            article_id=pk,
            language=language,
            question=data.get("question", ""),
            answer_intro=data.get("answer_intro", ""),
            answer_outro=data.get("answer_outro", ""),
            steps={s.pk: data.get(f"step-{s.pk}-body", "") for s in source.steps},
            alts={s.pk: data.get(f"step-{s.pk}-image_alt", "") for s in source.steps},
        )
        return preview_response(request, page, f"{EDITOR}#preview-frame")


@allow_methods("POST")
def translation_delete(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """Delete the translation, its steps' too, keeping a version that can restore it; back to
    the article."""
    _source(request, pk, language)
    name = lang.name(language)
    if services.article_translation_delete(
        article_id=pk, language=language, user=request.user, record_version=True
    ):
        messages.success(
            request,
            gettext(
                "The translation into %(language)s was deleted: readers of %(language)s see the "
                "source text again. Restoring an earlier version of the article brings it back."
            )
            % {"language": name},
        )
    else:
        messages.info(
            request,
            gettext("The article has no translation into %(language)s.") % {"language": name},
        )
    return see_other(reverse("admin:faq_article_change", args=[pk]))


@allow_methods("POST")
def translation_review(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """Mark the translation reviewed and go back to its editor."""
    _source(request, pk, language)
    try:
        item = services.article_translation_review_mark(
            article_id=pk, language=language, user=request.user
        )
    except ArticleTranslation.DoesNotExist:
        raise Http404("The article has no translation into this language yet.") from None
    messages.success(
        request,
        gettext("Marked reviewed. The next review is due by %(date)s.")
        % {"date": date_format(item.review_by)},
    )
    return see_other(reverse("admin:faq_article_translation", args=[pk, language]))

"""The editor's live preview: the article form as posted, rendered by the article template."""

import re

from csp.constants import SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.clickjacking import xframe_options_sameorigin

from faq import lang, selectors
from faq.article_context import article_context
from faq.converters import id_or_none
from faq.http import HtmxHttpRequest, allow_methods

CHANGE_FORM = "admin/faq/article/change_form.html"
# The admin's step inline posts steps-<n>-position, steps-<n>-body and steps-<n>-DELETE.
_STEP_FIELD = re.compile(r"^steps-(\d{1,4})-body$")
MAX_STEPS = 500
LAST_POSITION = 999


def _draft_steps(data) -> list[selectors.DraftStep]:
    steps: list[selectors.DraftStep] = []
    for name in data:
        match = _STEP_FIELD.match(name)
        if not match or len(steps) >= MAX_STEPS:
            continue
        prefix = f"steps-{match[1]}-"
        body = data.get(name, "")
        if not body.strip() or data.get(prefix + "DELETE"):
            continue
        # A step without a number goes last, as the form would refuse it anyway.
        position = id_or_none(data.get(prefix + "position")) or LAST_POSITION
        steps.append(selectors.DraftStep(position=position, body=body))
    return steps


@xframe_options_sameorigin
# The plain form post loads this page into the editor's own frame.
@csp_replace({"frame-ancestors": [SELF]})
@allow_methods("POST")
def article_preview(request: HtmxHttpRequest, pk: int | None = None) -> HttpResponse:
    """The whole page for a plain form post (into the preview frame), the frame for htmx."""
    if not request.user.has_perm("faq.change_article" if pk else "faq.add_article"):
        raise PermissionDenied
    data = request.POST
    # The page as its readers see it: in the language the article is written in.
    language = data.get("language", "")
    if language not in lang.codes():
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        page = selectors.draft_page(
            article_id=pk,
            language=language,
            question=data.get("question", ""),
            answer_intro=data.get("answer_intro", ""),
            answer_outro=data.get("answer_outro", ""),
            team_id=id_or_none(data.get("team")),
            topic_ids=[t for t in map(id_or_none, data.getlist("topics")) if t][:100],
            steps=_draft_steps(data),
        )
        return preview_response(request, page, f"{CHANGE_FORM}#preview-frame")


def preview_response(request: HtmxHttpRequest, page, frame: str) -> HttpResponse:
    """The draft page whole (a plain form post, into the preview frame), or for htmx the
    editor's `frame` partial holding it; in the active language."""
    context = article_context(request, page, preview=True)
    if not request.htmx:
        return render(request, "faq/article_detail.html", context)
    html = render_to_string("faq/article_detail.html", context, request=request)
    return render(request, frame, {"page_html": html})

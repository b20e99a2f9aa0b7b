"""Forms that validate what readers send."""

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faq.models import COMMENT_MAX_LENGTH, STUCK_MESSAGE_MAX_LENGTH, Team, Topic, Vote
from faq.models.questions import DETAILS_MAX_LENGTH, NAME_MAX_LENGTH, QUESTION_MAX_LENGTH
from faq.selectors.statistics import SORTS, Period

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(max_length=MAX_QUERY_LENGTH, required=False, strip=True)
    topic = forms.SlugField(required=False, max_length=80)
    # Past the last page (or an absurd number) shows the last page.
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)


class SuggestForm(forms.Form):
    q = forms.CharField(max_length=MAX_QUERY_LENGTH, required=False, strip=True)


class SearchOpenForm(forms.Form):
    """Which result a reader opened, for which search."""

    q = forms.CharField(max_length=MAX_QUERY_LENGTH, required=False, strip=True)
    # Set on suggestions: the reader never ran the search, so it counts here.
    via = forms.ChoiceField(
        choices=[("results", "results"), ("suggest", "suggest")], required=False
    )


class VoteForm(forms.Form):
    helpful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])

    def is_helpful(self) -> bool:
        return self.cleaned_data["helpful"] == "yes"


class VoteReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What was wrong?"),
        choices=Vote.Reason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
    )


# A tick's one field, checked without a form: a form copies its fields for each
# instance, which cost a tick more than the check itself.
_TICK_DONE = forms.TypedChoiceField(
    choices=[("1", _("Done")), ("0", _("Not done"))], coerce=lambda v: v == "1"
)


def tick_done(data) -> bool | None:
    """Whether a tick's form says the step is done or not done; None if it says neither."""
    try:
        return _TICK_DONE.clean(data.get("done"))
    except forms.ValidationError:
        return None


class OutcomeForm(forms.Form):
    worked = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: v == "yes"
    )


class StuckForm(forms.Form):
    message = forms.CharField(
        label=_("What happened? (optional)"),
        max_length=STUCK_MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": STUCK_MESSAGE_MAX_LENGTH}),
    )


def _language_choices() -> list[tuple[str, str]]:
    return [("", "All languages"), *settings.LANGUAGES]


class PeriodForm(forms.Form):
    """A date range for the statistics, a preset or two dates, and the readers' language."""

    PRESETS = {"7": 7, "30": 30, "90": 90}
    # Longer ranges are almost always a typo, and a chart of them unreadable.
    MAX_DAYS = 731
    EARLIEST = date(2000, 1, 1)

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("7", _("Last 7 days")),
            ("30", _("Last 30 days")),
            ("90", _("Last 90 days")),
            ("year", _("This year")),
            ("custom", _("Between two dates")),
        ],
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # Blank: every language together, the numbers as they were before languages.
    language = forms.ChoiceField(label="Language", required=False, choices=_language_choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data is None:
            raise TypeError("Form.clean returned no cleaned data.")
        if self.errors:
            return data
        today = timezone.localdate()
        start, end = data.get("start"), data.get("end")
        choice = data.get("period") or ("custom" if start or end else "30")
        if choice != "custom" and start and end and (start, end) != self._preset(choice, today):
            # Dates typed beside a preset mean "these dates".
            choice = "custom"
        if choice == "custom":
            if not (start and end):
                raise forms.ValidationError(gettext("Give both dates, or pick one of the periods."))
            if start > end:
                raise forms.ValidationError(gettext("The first date must not be after the second."))
            if start < self.EARLIEST or end > today + timedelta(days=366):
                raise forms.ValidationError(
                    gettext("Pick dates between %(earliest)s and a year from today.")
                    % {"earliest": date_format(self.EARLIEST, "j M Y")}
                )
            if (end - start).days + 1 > self.MAX_DAYS:
                raise forms.ValidationError(gettext("Pick a range of at most two years."))
        else:
            start, end = self._preset(choice, today)
        data["period"], data["start"], data["end"] = choice, start, end
        data["range"] = Period(start, end)
        data["language_code"] = data.get("language") or None
        return data

    def _preset(self, choice: str, today: date) -> tuple[date, date]:
        if choice == "year":
            return date(today.year, 1, 1), today
        return today - timedelta(days=self.PRESETS[choice] - 1), today

    def resolved(self) -> "PeriodForm":
        """The form again, showing the period it resolved to."""
        initial = {name: self.cleaned_data.get(name) for name in self.fields}
        if initial["period"] != "custom":
            # Blank for a preset, so dates the lead types are the only ones there.
            initial["start"] = initial["end"] = None
        return type(self)(initial=initial)


class OverviewForm(PeriodForm):
    """The overview's period, filters, sort and page."""

    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), required=False, empty_label=_("All topics")
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.all(), required=False, empty_label=_("All teams")
    )
    o = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[(f"{sign}{key}", key) for key in SORTS for sign in ("", "-")],
    )
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=1_000_000)


# A mail header's line break, or a header smuggled into a field that becomes one.
_HEADER_INJECTION = re.compile(r"[\r\n]|\b(?:bcc|cc)\s*:", re.I)


def no_header_injection(value: str) -> None:
    """Refuse a line break, or a mail header's name and colon, in a field that goes into
    a mail's headers (the reader's name, address, and question as the subject)."""
    if _HEADER_INJECTION.search(value or ""):
        raise forms.ValidationError(
            _("Please write this on one line, without mail headers such as “Bcc:”."),
            code="header_injection",
        )


class AskContextForm(forms.Form):
    """Where a reader asks from, as links to /ask/ say it; checked against the database by
    the view. `question`: what they typed already (the search that found nothing)."""

    article = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    step = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    came_from = forms.ChoiceField(
        required=False, choices=[("", ""), ("stuck", ""), ("no", ""), ("failed", "")]
    )
    question = forms.CharField(required=False, max_length=QUESTION_MAX_LENGTH)


class AskForm(AskContextForm):
    """A reader's question to the team (/ask/)."""

    question = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX_LENGTH,
        strip=True,
        validators=[no_header_injection],
        # Not normalised for display: a question typed over two lines is one line here.
        widget=forms.TextInput(attrs={"maxlength": QUESTION_MAX_LENGTH, "autocomplete": "off"}),
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        max_length=DETAILS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": DETAILS_MAX_LENGTH}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        validators=[no_header_injection],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        validators=[no_header_injection],
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": NAME_MAX_LENGTH}),
    )
    # A field people never see (hidden by CSS, skipped by screen readers and the tab
    # key): a form that arrives with it filled was filled in by a program.
    website = forms.CharField(required=False, max_length=200)

    CONTEXT = ("article", "step", "came_from")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Fields come before where they were asked from, in the page's order.
        self.order_fields(["question", "details", "email", "name", "website"])
        if user is not None and user.is_authenticated and user.email:
            self.fields["email"].initial = user.email

    def clean_question(self) -> str:
        question = " ".join(self.cleaned_data["question"].split())
        if not question:
            raise forms.ValidationError(_("Please write your question."), code="required")
        return question

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError("", code="honeypot")
        return ""

    @property
    def is_bot(self) -> bool:
        return self.has_error("website", "honeypot")

"""Forms that validate what readers send."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faq.models import COMMENT_MAX_LENGTH, STUCK_MESSAGE_MAX_LENGTH, Team, Topic, Vote
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

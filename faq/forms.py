"""Forms that validate what readers send."""

from django import forms

from faq.models import COMMENT_MAX_LENGTH, STUCK_MESSAGE_MAX_LENGTH, Vote

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(max_length=MAX_QUERY_LENGTH, required=False, strip=True)


class VoteForm(forms.Form):
    helpful = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])

    def is_helpful(self) -> bool:
        return self.cleaned_data["helpful"] == "yes"


class VoteReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label="What was wrong?",
        choices=Vote.Reason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Anything else we should know? (optional)",
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
    )


class StepToggleForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=[("1", "Done"), ("0", "Not done")], coerce=lambda v: v == "1"
    )


class OutcomeForm(forms.Form):
    worked = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda v: v == "yes"
    )


class StuckForm(forms.Form):
    message = forms.CharField(
        label="What happened? (optional)",
        max_length=STUCK_MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": STUCK_MESSAGE_MAX_LENGTH}),
    )

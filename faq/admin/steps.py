"""The step inline of the article form: numbered steps, their screenshots stored before
the admin's transaction opens, and alt text."""

import re

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faq import services
from faq.images import ImageRejectedError
from faq.models import Step

# The step inline's screenshot fields, as the article form posts them.
_STEP_UPLOAD = re.compile(r"^steps-\d{1,4}-image_upload$")


def _step_image_store(upload) -> services.StoredImage | ImageRejectedError:
    """An upload's renditions stored, or why it was refused (shown beside its step)."""
    try:
        return services.step_image_store(upload=upload)
    except ImageRejectedError as error:
        return error


def step_uploads_store(
    files: MultiValueDict[str, UploadedFile],
) -> dict[str, services.StoredImage | ImageRejectedError]:
    """Each step's screenshot in a posted article form, stored (or why it was refused)."""
    return {
        name: _step_image_store(upload)
        for name, upload in files.items()
        if _STEP_UPLOAD.match(name)
    }


class StepInlineForm(forms.ModelForm):
    position = forms.IntegerField(label=_("Position"), min_value=1, max_value=999)
    image_upload = forms.FileField(
        label=_("Screenshot"),
        required=False,
        help_text=_("PNG, JPEG, WebP or GIF, up to 5 MB."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
    )
    image_alt = forms.CharField(
        label=_("Alt text"),
        max_length=250,
        required=False,
        help_text=_("What the screenshot shows. Required with a screenshot."),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 24}),
    )
    image_remove = forms.BooleanField(label=_("Remove screenshot"), required=False)

    class Meta:
        model = Step
        fields = ["position", "body"]

    def __init__(self, *args, images=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image_alt"].initial = self.instance.image_alt
        # Uploads by field name, stored (or refused) by ArticleAdmin.changeform_view
        # before the admin's transaction opened.
        self.images = images or {}

    def clean(self):
        """Check a new screenshot by its content, and that a screenshot has alt text."""
        data = super().clean()
        if data is None:
            raise TypeError("ModelForm.clean returned no cleaned data.")
        upload, remove = data.get("image_upload"), data.get("image_remove")
        if upload and remove:
            self.add_error(
                "image_remove", gettext("Upload a new screenshot or remove this one, not both.")
            )
        elif upload:
            # A form used on its own, outside the admin's transaction, stores it now.
            stored = self.images.get(self.add_prefix("image_upload")) or _step_image_store(upload)
            if isinstance(stored, ImageRejectedError):
                self.add_error("image_upload", str(stored))
            else:
                data["image_stored"] = stored
        keeps_image = bool(upload) or (bool(self.instance.image) and not remove)
        if keeps_image and not data.get("image_alt"):
            self.add_error(
                "image_alt", gettext("Describe the screenshot for readers who cannot see it.")
            )
        return data

    def validate_unique(self) -> None:
        # services.step_list_save renumbers all steps at once, so swapping two
        # numbers is a valid edit although each clashes with a stored row.
        # StepFormSet refuses duplicates within the submitted form set.
        # ModelForm's private helpers (Django 5.2) are not in django-stubs.
        exclude = self._get_validation_exclusions() | {"position"}  # type: ignore[attr-defined]
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class StepFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """Refuse two steps with one number: the order the editor meant is unclear."""
        super().clean()
        numbers = [
            form.cleaned_data["position"]
            for form in self.forms
            if form.cleaned_data.get("position")
            and not form.cleaned_data.get("DELETE")
            and (form.instance.pk or form.has_changed())
        ]
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        if repeated:
            raise forms.ValidationError(
                gettext(
                    "Please correct the duplicate step numbers: %(numbers)s. "
                    "Give each step its own number."
                )
                % {"numbers": ", ".join(str(n) for n in repeated)}
            )


class StepInline(admin.StackedInline):
    # Stacked, not a table: beside the live preview the form has half the
    # screen, and a step's text, screenshot and alt text must all fit in it.
    model = Step
    form = StepInlineForm
    formset = StepFormSet
    fields = ["position", "body", ("image_upload", "current_image"), ("image_alt", "image_remove")]
    readonly_fields = ["current_image"]
    extra = 1
    ordering = ["position"]

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("Current screenshot"))
    def current_image(self, step: Step) -> str:
        if not step.image:
            return gettext("No screenshot")
        smallest = step.image_renditions[0]
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" width="160"></a>',
            step.image.url,
            step.image.storage.url(smallest["name"]),
            step.image_alt,
        )

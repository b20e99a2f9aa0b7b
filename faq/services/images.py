"""Screenshots on steps: resized into renditions, stored through Django's storage API."""

from django.core.files.base import ContentFile
from django.db import transaction

from faq.images import Inspected, image_inspect, image_render
from faq.models import Step
from faq.services.content import content_version_bump

_FIELDS = ["image", "image_width", "image_height", "image_renditions", "image_alt"]


def step_image_store(*, upload) -> Inspected:
    """Check an upload and store its renditions (files only, no row); raises ImageRejectedError.

    Names are the upload's content hash, so a file already there is the same
    file: it is not made again. Files are never deleted here: an earlier
    version of the article may still show them."""
    inspected = image_inspect(upload)
    storage = Step._meta.get_field("image").storage
    missing = {w for w, _ in inspected.sizes() if not storage.exists(inspected.name(w))}
    for width, content in image_render(inspected, missing).items():
        storage.save(inspected.name(width), ContentFile(content))
    return inspected


def step_image_apply(*, step: Step, inspected: Inspected | None, alt: str) -> None:
    """Set a step's image fields in memory: the stored renditions, or none."""
    if inspected is None:
        step.image, step.image_width, step.image_height = "", None, None
        step.image_renditions, step.image_alt = [], ""
        return
    sizes = inspected.sizes()
    step.image = inspected.name(sizes[-1][0])
    step.image_width, step.image_height = sizes[-1]
    step.image_renditions = [{"name": inspected.name(w), "width": w} for w, _ in sizes]
    step.image_alt = alt.strip()


@transaction.atomic
def step_image_set(*, step: Step, upload, alt: str) -> Step:
    """Give a step a screenshot (or replace its one) with alt text; raises ImageRejectedError."""
    if not alt.strip():
        # The database refuses it too; this says why in words.
        raise ValueError("A screenshot needs alt text.")
    step_image_apply(step=step, inspected=step_image_store(upload=upload), alt=alt)
    step.save(update_fields=_FIELDS)
    content_version_bump()
    return step


@transaction.atomic
def step_image_clear(*, step: Step) -> Step:
    """Take a step's screenshot off the page (its files stay for older versions)."""
    step_image_apply(step=step, inspected=None, alt="")
    step.save(update_fields=_FIELDS)
    content_version_bump()
    return step

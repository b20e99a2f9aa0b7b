"""Screenshots on steps: renditions stored first, then the step's row in its own transaction.

Checking, resizing and storing (a folder, or S3 over the network) take far
longer than writing the row; inside the transaction they would hold SQLite's
one write lock all that time. So files are stored before the transaction
opens, and a transaction only writes rows. Files stored for a save that then
fails are harmless: each is named by its upload's content hash, never changes
under its name, and nothing shows it until a row names it.
"""

# File[bytes] is generic only in django-stubs, so annotations stay unevaluated.
from __future__ import annotations

from dataclasses import dataclass

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from faq.images import image_inspect, image_render
from faq.models import Article, Step
from faq.services.content import content_version_bump
from faq.transactions import assert_in_transaction, assert_no_transaction

_FIELDS = ["image", "image_width", "image_height", "image_renditions", "image_alt"]


@dataclass(frozen=True)
class StoredImage:
    """A screenshot's renditions, already in the storage: what a step's row records of them."""

    # (storage name, width) narrow to wide; the widest is what the step shows.
    renditions: tuple[tuple[str, int], ...]
    height: int

    @property
    def name(self) -> str:
        return self.renditions[-1][0]

    @property
    def width(self) -> int:
        return self.renditions[-1][1]


def step_image_store(*, upload: File[bytes]) -> StoredImage:
    """Check an upload and store its renditions, outside any transaction; raises ImageRejectedError.

    Files only, no row. Names are the upload's content hash, so a file already
    there is the same file: it is not made again. Files are never deleted here:
    an earlier version of the article may still show them."""
    assert_no_transaction("Storing a screenshot's renditions")
    inspected = image_inspect(upload)
    storage = Step._meta.get_field("image").storage
    missing = {w for w, _ in inspected.sizes() if not storage.exists(inspected.name(w))}
    for width, content in image_render(inspected, missing).items():
        storage.save(inspected.name(width), ContentFile(content))
    sizes = inspected.sizes()
    return StoredImage(
        renditions=tuple((inspected.name(w), w) for w, _ in sizes), height=sizes[-1][1]
    )


def step_image_apply(*, step: Step, stored: StoredImage | None, alt: str) -> None:
    """Set a step's image fields in memory: renditions already stored, or none."""
    if stored is None:
        step.image, step.image_width, step.image_height = "", None, None
        step.image_renditions, step.image_alt = [], ""
        return
    step.image = stored.name
    step.image_width, step.image_height = stored.width, stored.height
    step.image_renditions = [{"name": name, "width": width} for name, width in stored.renditions]
    step.image_alt = alt.strip()


def _step_image_write(*, step: Step, stored: StoredImage | None, alt: str) -> Step:
    assert_in_transaction("Writing a step's screenshot fields")
    was = Step.all_objects.filter(pk=step.pk).values_list("image_alt", flat=True).first()
    step_image_apply(step=step, stored=stored, alt=alt)
    step.save(update_fields=_FIELDS)
    if was != step.image_alt:
        # Readers who cannot see the screenshot read its alt text: translations follow it.
        Article.objects.filter(pk=step.article_id).update(source_changed_at=timezone.now())
    content_version_bump()
    return step


def step_image_set(*, step: Step, upload: File[bytes] | StoredImage, alt: str) -> Step:
    """Give a step a screenshot (or replace its one) with alt text; raises ImageRejectedError.

    An uploaded file is checked, resized and stored first, outside any
    transaction (so call this outside one); renditions step_image_store has
    stored already may be set inside one. The row is one transaction."""
    if not alt.strip():
        # The database refuses it too; this says why in words, before any file is made.
        raise ValueError("A screenshot needs alt text.")
    stored = upload if isinstance(upload, StoredImage) else step_image_store(upload=upload)
    with transaction.atomic():
        return _step_image_write(step=step, stored=stored, alt=alt)


@transaction.atomic
def step_image_clear(*, step: Step) -> Step:
    """Take a step's screenshot off the page (its files stay for older versions)."""
    return _step_image_write(step=step, stored=None, alt="")

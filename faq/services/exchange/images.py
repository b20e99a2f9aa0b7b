"""An export's screenshots: checked, named and stored before the import's transaction opens.

An exported screenshot comes with every rendition under its storage name: those
files are checked as images and stored under the same names, so an article keeps
the very files it had (and an export of the import is the same bytes). Any other
image file is a new screenshot, checked and resized as an upload is.
"""

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile

from faq.images import ImageRejectedError, Inspected, image_inspect
from faq.models import Step
from faq.services.exchange.documents import Bundle, ExchangeError, ImageSource
from faq.services.images import StoredImage, step_image_store
from faq.transactions import assert_no_transaction

# How faq.images names a rendition: the upload's hash, the width, the format.
RENDITION = re.compile(
    r"^steps/(?P<digest>[0-9a-f]{24})-(?P<width>[1-9][0-9]*)\.(?P<ext>png|jpg|webp)$"
)


@dataclass(frozen=True)
class ResolvedImage:
    """What a step's screenshot will be: its renditions, and what must be stored first."""

    stored: StoredImage
    # Renditions to store under their own names, or an upload to resize.
    files: tuple[tuple[str, bytes], ...] = ()
    upload: bytes | None = None


def _bytes(source: ImageSource) -> bytes:
    return source if isinstance(source, bytes) else Path(source).read_bytes()


def _inspected(key: str, data: bytes, file: str) -> Inspected:
    try:
        return image_inspect(File(io.BytesIO(data), name=key.rsplit("/", 1)[-1]))
    except ImageRejectedError as error:
        raise ExchangeError(file, f"the screenshot {key}: {error}") from None


def _renditions(key: str, images: Mapping[str, ImageSource], file: str) -> ResolvedImage | None:
    match = RENDITION.match(key)
    if match is None:
        return None
    prefix, ext = f"steps/{match['digest']}-", match["ext"]
    siblings = sorted(
        (int(m["width"]), name)
        for name in images
        if (m := RENDITION.match(name)) and name.startswith(prefix) and m["ext"] == ext
    )
    if siblings[-1][1] != key:
        raise ExchangeError(file, f"the screenshot {key} is not its widest rendition")
    files, height = [], 0
    for width, name in siblings:
        data = _bytes(images[name])
        inspected = _inspected(name, data, file)
        if inspected.width != width:
            raise ExchangeError(file, f"the screenshot {name} is {inspected.width} px wide")
        files.append((name, data))
        height = inspected.height
    stored = StoredImage(renditions=tuple((n, w) for w, n in siblings), height=height)
    return ResolvedImage(stored=stored, files=tuple(files))


def images_resolve(bundle: Bundle) -> dict[str, ResolvedImage]:
    """Every screenshot the articles name, checked, with the names it will be stored under;
    nothing is stored. Raises ExchangeError naming the article's file."""
    resolved: dict[str, ResolvedImage] = {}
    for entry in bundle.articles:
        for step in entry.record.steps:
            if not step.image or step.image in resolved:
                continue
            found = _renditions(step.image, bundle.images, entry.file)
            if found is None:
                data = _bytes(bundle.images[step.image])
                inspected = _inspected(step.image, data, entry.file)
                sizes = inspected.sizes()
                stored = StoredImage(
                    renditions=tuple((inspected.name(w), w) for w, _ in sizes),
                    height=sizes[-1][1],
                )
                found = ResolvedImage(stored=stored, upload=data)
            resolved[step.image] = found
    return resolved


def images_store(resolved: Mapping[str, ResolvedImage]) -> None:
    """Store the screenshots' files, outside any transaction (a rollback cannot take a file
    back; named by content and shown by no row until the import commits, they do no harm)."""
    assert_no_transaction("Storing an import's screenshots")
    storage = Step._meta.get_field("image").storage
    for key, image in sorted(resolved.items()):
        if image.upload is not None:
            step_image_store(upload=File(io.BytesIO(image.upload), name=key.rsplit("/", 1)[-1]))
        for name, data in image.files:
            # A name is its upload's hash: a file already there is this file.
            if not storage.exists(name):
                storage.save(name, ContentFile(data))

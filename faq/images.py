"""Screenshots for steps: check an upload by its content, and resize it into a few widths.

Pure functions on bytes; faq.services.step_image_store stores what they make.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import get_format
from django.utils.translation import gettext
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

# Widths readers' screens ask for: a phone, the article column, the column on
# a high-density screen. An image is never made wider than it was uploaded.
WIDTHS = (480, 960, 1440)
# Screenshots are at most a few screens wide or tall; a side beyond this is
# a mistake, and decoding it would cost more memory than a request may take.
MAX_SIDE = 8000
MAX_PIXELS = 24_000_000
MIN_SIDE = 16
# Part of every rendition's name: a change to how renditions are made gives
# new names, so a cached page never gets a file made another way.
PIPELINE = "2"

# What Pillow reports for an upload -> what its renditions are saved as.
# A screenshot (PNG, or a GIF's first frame) stays lossless; a photo stays lossy.
FORMATS = {"PNG": "PNG", "GIF": "PNG", "JPEG": "JPEG", "WEBP": "WEBP"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
_ORIENTATION = ExifTags.Base.Orientation
_TURNED = {5, 6, 7, 8}


class ImageRejectedError(ValueError):
    """The upload is not an image we take; the message says why, for the editor."""


@dataclass(frozen=True)
class Inspected:
    """An upload that passed every check: its bytes, format and size."""

    data: bytes
    format: str
    width: int
    height: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(PIPELINE.encode() + self.data).hexdigest()[:24]

    @property
    def output_format(self) -> str:
        return FORMATS[self.format]

    def sizes(self) -> list[tuple[int, int]]:
        """The renditions' (width, height), narrow to wide, none wider than the upload."""
        widest = min(self.width, WIDTHS[-1])
        widths = [w for w in WIDTHS if w < widest] + [widest]
        return [(w, max(1, round(self.height * w / self.width))) for w in widths]

    def name(self, width: int) -> str:
        """A rendition's storage name: the upload's content hash, so the file never changes."""
        return f"steps/{self.digest}-{width}.{EXTENSIONS[self.output_format]}"


def _megabytes(size: int) -> str:
    number = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return f"{number.replace('.', get_format('DECIMAL_SEPARATOR'))} MB"


def _open(data: bytes) -> Image.Image:
    # Warnings are errors here, so a decompression bomb Pillow only warns about is refused.
    return Image.open(io.BytesIO(data))


def image_inspect(file) -> Inspected:
    """Check an upload by its content: size, type, dimensions, and that it decodes whole.

    Raises ImageRejectedError with a message for the editor."""
    limit = settings.IMAGE_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ImageRejectedError(
            gettext("This file is %(size)s; a screenshot may be at most %(limit)s.")
            % {"size": _megabytes(size), "limit": _megabytes(limit)}
        )
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    if len(data) > limit:
        raise ImageRejectedError(
            gettext("This file is bigger than %(limit)s, the most we take.")
            % {"limit": _megabytes(limit)}
        )
    if not data:
        raise ImageRejectedError(gettext("This file is empty."))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with _open(data) as image:
                kind, (width, height) = image.format, image.size
                if kind not in FORMATS:
                    raise ImageRejectedError(
                        gettext(
                            "This is a %(kind)s image; upload a PNG, JPEG, WebP or GIF screenshot."
                        )
                        % {"kind": kind}
                    )
                _check_dimensions(width, height)
                image.verify()
            # verify() does not decode the pixels: a cut-off file shows only here.
            with _open(data) as image:
                image.load()
                if image.getexif().get(_ORIENTATION) in _TURNED:
                    # A photo taken sideways is shown (and resized) turned upright.
                    width, height = height, width
        except ImageRejectedError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageRejectedError(
                gettext(
                    "This image claims more pixels than a screenshot has "
                    "(at most %(side)s px a side); it was refused unopened."
                )
                % {"side": MAX_SIDE}
            ) from error
        except UnidentifiedImageError as error:
            raise ImageRejectedError(
                gettext("This file is not an image we can read; upload a PNG, JPEG, WebP or GIF.")
            ) from error
        except (OSError, SyntaxError, ValueError, EOFError, IndexError) as error:
            raise ImageRejectedError(
                gettext(
                    "This image is damaged or incomplete; save it again and upload the new file."
                )
            ) from error
    return Inspected(data=data, format=kind, width=width, height=height)


def _check_dimensions(width: int, height: int) -> None:
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageRejectedError(
            gettext(
                "This image is %(width)s x %(height)s px; a screenshot may be at most "
                "%(side)s px a side and %(millions)s million pixels."
            )
            % {
                "width": width,
                "height": height,
                "side": MAX_SIDE,
                "millions": MAX_PIXELS // 1_000_000,
            }
        )
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ImageRejectedError(
            gettext(
                "This image is %(width)s x %(height)s px, too small to show anything; "
                "it needs at least %(side)s px a side."
            )
            % {"width": width, "height": height, "side": MIN_SIDE}
        )


def image_render(inspected: Inspected, widths: set[int] | None = None) -> dict[int, bytes]:
    """Encode the renditions (all, or those of `widths`), without the upload's metadata."""
    wanted = [(w, h) for w, h in inspected.sizes() if widths is None or w in widths]
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with _open(inspected.data) as opened:
            opened.seek(0)
            # A photo's camera orientation is applied before its EXIF goes.
            image = ImageOps.exif_transpose(opened)
            fmt = inspected.output_format
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            # A screenshot drawn in few colours stays a palette PNG: a third of the size.
            few_colours = fmt == "PNG" and not has_alpha and image.getcolors(256) is not None
            image = image.convert("RGBA" if has_alpha and fmt != "JPEG" else "RGB")
            for width, height in wanted:
                frame = (
                    image
                    if width == image.width
                    else image.resize((width, height), Image.Resampling.LANCZOS)
                )
                # Nothing of the upload's metadata (EXIF, text chunks, profiles) is kept.
                frame.info = {}
                if few_colours:
                    frame = frame.quantize(256, method=Image.Quantize.MEDIANCUT)
                buffer = io.BytesIO()
                if fmt == "JPEG":
                    frame.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
                elif fmt == "WEBP":
                    frame.save(buffer, "WEBP", quality=85, method=4)
                else:
                    frame.save(buffer, "PNG", optimize=True)
                out[width] = buffer.getvalue()
    return out

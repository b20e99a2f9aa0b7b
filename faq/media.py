"""Uploaded screenshots from local storage, served by the app server with long cache headers.

Only when the default storage is a folder (MEDIA_ROOT); with S3 the pages
link to the bucket and this passes every request on. It answers before
sessions, visitors, CSRF and gzip run (like whitenoise for static files):
an image needs none of them, and gzip would only make it bigger.
"""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.utils.http import http_date
from django.views.static import was_modified_since

# Only what faq.images writes is served: no HTML, SVG or anything a browser
# could run, whatever ends up in the folder.
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp"}
# Names are content hashes, so a file never changes under its name.
CACHE_CONTROL = "public, max-age=31536000, immutable"


def _not_found() -> HttpResponse:
    return HttpResponse("Not found\n", status=404, content_type="text/plain; charset=utf-8")


def media_file(root: Path, relative: str) -> Path | None:
    """The file under `root` that `relative` names, or None: nothing outside it, no
    hidden or odd names, no folder, only the image types we write."""
    parts = relative.split("/")
    if (
        not relative
        or "\\" in relative
        or "\x00" in relative
        or any(not p or p.startswith(".") for p in parts)
        or Path(relative).suffix.lower() not in CONTENT_TYPES
    ):
        return None
    root = root.resolve()
    path = root.joinpath(*parts).resolve()
    # resolve() follows links: a link pointing out of the folder is refused too.
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def serve_media(request: HttpRequest, relative: str) -> HttpResponseBase:
    """One uploaded file, cached by browsers for a year."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    path = media_file(Path(settings.MEDIA_ROOT), relative)
    if path is None:
        return _not_found()
    stat = path.stat()
    response: HttpResponseBase
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        response = HttpResponse(status=304)
    elif request.method == "HEAD":
        response = HttpResponse(content_type=CONTENT_TYPES[path.suffix.lower()])
        response["Content-Length"] = str(stat.st_size)
    else:
        response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[path.suffix.lower()])
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response


class MediaMiddleware:
    """Answers MEDIA_URL requests from MEDIA_ROOT when screenshots are stored locally."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        prefix = settings.MEDIA_URL
        if request.path_info.startswith(prefix) and isinstance(
            storages["default"], FileSystemStorage
        ):
            return serve_media(request, request.path_info[len(prefix) :])
        return self.get_response(request)

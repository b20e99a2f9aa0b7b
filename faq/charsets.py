"""Request charsets: a form in anything but UTF-8, or a charset that does not read
ASCII as ASCII, is a 400 before any view, CSRF check or query string reads it."""

import codecs
import functools
import re
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext_lazy as _

from faq.http import bad_request

# Set by the WSGI wrapper when it had to take the charset out so that Django
# could build the request at all.
ENVIRON_KEY = "faq.bad_charset"
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
REASON = _("Forms must be sent as UTF-8, and we could not read the charset this request named.")


def text_codec(name: str) -> str | None:
    """Python's name for a text encoding (utf-8 for UTF8), or None for rot13, idna, junk."""
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError):
        # Unknown, or a name with a NUL in it.
        return None
    return codec if reads_ascii_as_ascii(codec) else None


@functools.cache
def reads_ascii_as_ascii(codec: str) -> bool:
    """Whether the codec's incremental decoder gives back each ASCII byte, fed alone, as itself."""
    # Django decodes the query string and its %-escapes with the request's charset,
    # outside any view, and catches only UnicodeDecodeError there. So the codec is
    # tried, not named: one that is not for text (rot13, zlib), holds bytes back
    # (idna), reads ASCII as something else (utf-16, utf-7's "+", EBCDIC) or raises
    # anything else (punycode) cannot be trusted with a URL. Cached per codec (a
    # few dozen exist), never per name a request sends.
    try:
        decoder = codecs.getincrementaldecoder(codec)()
        same = all(decoder.decode(bytes([byte])) == chr(byte) for byte in range(128))
        return same and decoder.decode(b"", final=True) == ""
    except Exception:
        return False


def _quoted(value: str) -> str:
    """A header parameter's value, quoted unless it is a plain token (a multipart boundary)."""
    if re.fullmatch(r"[\w!#$%&'*+.^`|~-]+", value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def checked_content_type(header: str) -> tuple[str, bool]:
    """The Content-Type to hand to Django, and whether its charset is refused."""
    content_type, params = parse_header_parameters(header)
    charset = params.get("charset")
    if charset is None:
        return header, False
    codec = text_codec(charset)
    refused = codec is None or (content_type in FORM_TYPES and codec != "utf-8")
    if not refused and charset == "utf-8":
        return header, False
    # Refused: without the charset, so Django can build the request. UTF8, utf_8,
    # "U8": the same bytes, spelled as the one way Django accepts.
    kept = [f"{k}={_quoted(v)}" for k, v in params.items() if k != "charset"]
    if not refused:
        kept.append(f"charset={codec}" if codec == "utf-8" else f"charset={charset}")
    return "; ".join([content_type, *kept]), refused


def guard_environ(environ: dict) -> None:
    """Hand Django a Content-Type it can build a request from; mark a refused one."""
    header = environ.get("CONTENT_TYPE", "")
    if header:
        fixed, refused = checked_content_type(header)
        environ["CONTENT_TYPE"] = fixed
        if refused:
            environ[ENVIRON_KEY] = header


def wsgi_guard(application: Callable) -> Callable:
    """WSGI wrapper: Django decodes the query string while it builds the request,
    so a charset like rot13 must go before Django sees it (else a bare 500)."""

    def guarded(environ: dict, start_response: Callable) -> Iterable[bytes]:
        guard_environ(environ)
        return application(environ, start_response)

    return guarded


class CharsetMiddleware:
    """Answers a refused charset with the styled 400; runs before the CSRF check reads the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get(ENVIRON_KEY):
            return bad_request(request, str(REASON))
        header = request.META.get("CONTENT_TYPE", "")
        if header:
            # Requests that did not come through wsgi_guard (the test client).
            fixed, refused = checked_content_type(header)
            if refused:
                return bad_request(request, str(REASON))
            if fixed != header:
                request.META["CONTENT_TYPE"] = fixed
                request.encoding = "utf-8"
        return self.get_response(request)

"""What every API operation checks of its query the same way: no unknown parameter, a
language the site has, an id a database column holds."""

from django.http import HttpRequest
from ninja.errors import HttpError

from faq import lang

# The largest id a bigint holds: larger ones are a 422, not a database error.
ID_MAX = 2**63 - 1


def known_parameters(request: HttpRequest, *names: str) -> None:
    """Refuse a parameter the endpoint does not take: a misspelt filter would otherwise
    pass unnoticed and return everything."""
    unknown = sorted(set(request.GET) - set(names))
    if unknown:
        raise HttpError(400, f"Unknown parameter: {', '.join(unknown)}.")


def language_code(code: str | None) -> str | None:
    """The `language` asked for, checked: None when none was."""
    if code is None:
        return None
    if code not in lang.codes():
        raise HttpError(400, f"Unknown language: choose one of {', '.join(lang.codes())}.")
    return code

"""The Content-Security-Policy the site sends (django-csp's CONTENT_SECURITY_POLICY)."""

from csp.constants import NONE, SELF


def content_security_policy(*, image_origins: list[str]) -> dict:
    """Nothing is allowed unless named here, each for what uses it."""
    return {
        "DIRECTIVES": {
            "default-src": [NONE],
            # Our own scripts: site.js, htmx (django-htmx's copy), the admin's.
            "script-src": [SELF],
            # Our stylesheets only: no inline styles anywhere (htmx is told not to add any).
            "style-src": [SELF],
            # Callout icons, the favicon and the admin's icons (static files), uploaded
            # screenshots, and the S3 bucket's address when screenshots are kept there.
            "img-src": [SELF, *image_origins],
            # htmx's requests.
            "connect-src": [SELF],
            # The admin's article preview frame (the plain form post into it).
            "frame-src": [SELF],
            "form-action": [SELF],
            "base-uri": [NONE],
            "frame-ancestors": [NONE],
        },
    }

"""The JavaScript catalog: the strings of static/js in the page's language (Django's
JavaScriptCatalog), served as a script file, since the CSP allows no inline script."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog

from faq.http import safe_page

# A day, as Django's documentation suggests: the catalog changes only with a deploy.
CATALOG_SECONDS = 24 * 60 * 60


def catalog_version() -> str:
    """A digest of the compiled JavaScript catalogs, so a deploy with new translations
    never answers from a cached old catalog."""
    digest = hashlib.sha256()
    for folder in settings.LOCALE_PATHS:
        for path in sorted(Path(folder).glob("*/LC_MESSAGES/djangojs.mo")):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# Only the project's catalog (LOCALE_PATHS): the admin's widgets load their own.
# cache_page keys each language apart (USE_I18N adds the active language to the key).
javascript_catalog = safe_page(
    cache_page(CATALOG_SECONDS, key_prefix=f"jsi18n-{catalog_version()}")(
        JavaScriptCatalog.as_view(packages=["faq"])
    )
)

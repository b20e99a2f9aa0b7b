"""The language switcher's form."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext
from django.views import i18n

from faq.http import HtmxHttpRequest, allow_methods, bad_request


@allow_methods("POST")
def set_language(request: HtmxHttpRequest) -> HttpResponse:
    """Django's set_language (the cookie, `next` in that language, off-site `next` refused)."""
    # Django's takes any language it has a catalog for: it would keep French in the
    # cookie and send the reader to a /fr/ that is not there.
    if request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER) not in dict(settings.LANGUAGES):
        return bad_request(request, gettext("We do not have the help desk in that language."))
    return i18n.set_language(request)

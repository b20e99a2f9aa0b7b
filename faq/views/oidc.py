"""Single sign-on: to the provider and back (mozilla-django-oidc's views), every failure a
message on the sign-in page, and the reader's history following them into the account."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from faq.http import HtmxHttpRequest
from faq.oidc.provider import ProviderError, enabled, provider
from faq.views.accounts import history_follows_sign_in

logger = logging.getLogger(__name__)


def sign_in_refused(request: HtmxHttpRequest) -> HttpResponse:
    """Back to the sign-in page, which says that it did not work; nothing else changes."""
    messages.error(
        request,
        gettext(
            "Signing in with %(provider)s did not work. Try again, or sign in with a user "
            "name and password."
        )
        % {"provider": settings.OIDC_PROVIDER_NAME},
    )
    return HttpResponseRedirect(reverse("login"))


class SignInStart(OIDCAuthenticationRequestView):
    """Sends the reader to the provider with a new state, nonce and PKCE challenge."""

    request: HtmxHttpRequest

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider().authorization_endpoint
        except ProviderError as error:
            logger.warning("Single sign-on cannot start: %s", error)
            return sign_in_refused(request)
        return super().get(request)


class SignInCallback(OIDCAuthenticationCallbackView):
    """Where the provider sends the reader back with a code, checked before anyone is in."""

    request: HtmxHttpRequest

    def get(self, request):
        if not enabled():
            raise Http404
        if "error" in request.GET:
            # The reader declined, or the provider refused. The library would sign out
            # whoever is signed in here, even for a forged error: only the state goes.
            states = request.session.get("oidc_states")
            if isinstance(states, dict) and states.pop(request.GET.get("state"), None):
                request.session.modified = True
            return self.login_failure()
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state this browser never started, or has used already.
            return self.login_failure()

    def login_success(self):
        response = super().login_success()
        history_follows_sign_in(self.request, self.user.pk)
        return response

    def login_failure(self):
        return sign_in_refused(self.request)

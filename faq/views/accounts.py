"""Signing in: the reader's anonymous votes and progress follow them."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from faq import services
from faq.http import HtmxHttpRequest


class LoginView(auth_views.LoginView):
    """Django's login, then the anonymous visitor's history moves to the account."""

    request: HtmxHttpRequest

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        history_follows_sign_in(self.request, form.get_user().pk)
        return response


def history_follows_sign_in(request: HtmxHttpRequest, user_id: int) -> None:
    """The anonymous reader's votes and progress move to the account just signed in to, and
    the cookie id is dropped; every way of signing in (password, single sign-on) calls this."""
    key = request.visitor.key
    if key is not None:
        services.visitor_merge(key=key, user_id=user_id)
    request.visitor.signed_in(user_id)


def locked_out(request: HttpRequest, response: HttpResponse | None, credentials: dict | None):
    """django-axes' answer to a client locked out for guessing: the styled 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    reason = ngettext(
        "Too many failed sign-ins for this name from your address. Wait %(minutes)s minute, "
        "then try again, or ask the team to reset your password.",
        "Too many failed sign-ins for this name from your address. Wait %(minutes)s minutes, "
        "then try again, or ask the team to reset your password.",
        minutes,
    ) % {"minutes": minutes}
    answer = render(request, "429.html", {"reason": reason}, status=429)
    answer["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return answer

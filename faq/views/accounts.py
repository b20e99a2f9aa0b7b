"""Signing in: the reader's anonymous votes and progress follow them."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponse


class LoginView(auth_views.LoginView):
    """Django's login, then the anonymous visitor's history moves to the account."""

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        self.request.visitor.signed_in(self.request.user.pk)
        return response

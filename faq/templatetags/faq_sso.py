"""The "Sign in with …" button of the sign-in pages (the site's and the admin's), shown
only when single sign-on is configured."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse

from faq.oidc.provider import enabled

register = template.Library()


@register.inclusion_tag("registration/_sso.html")
def sso_button(next_url: str = "", *, admin: bool = False) -> dict:
    """The button to the provider, carrying where to go after signing in."""
    if not enabled():
        return {"sso_url": ""}
    url = reverse("oidc_start")
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return {"sso_url": url, "sso_name": settings.OIDC_PROVIDER_NAME, "admin": admin}

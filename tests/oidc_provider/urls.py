"""The test provider's addresses: django-oidc-provider's endpoints under /openid/, a sign-in
form for its people, an address where the tests make them, and the token endpoint wrapped
so that it misbehaves for the people told to."""

import base64
import json
import time

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import authenticate, login
from django.contrib.auth.models import Group, User
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseRedirect, JsonResponse
from django.urls import include, path, re_path
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from oidc_provider.models import Client, RSAKey
from oidc_provider.views import TokenView

from tests.oidc_provider.claims import MISBEHAVE, misbehaviour

# Another key, never published: a token signed with it must fail the signature check.
WRONG_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


SIGN_IN_FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Test provider</title><link rel="icon" href="data:,"></head><body><main>
<h1>Test provider</h1><form method="post"><input type="hidden" name="next" value="{next}">
<label>Name <input name="username"></label> <label>Password <input name="password"
type="password"></label> <button>Continue</button></form></main></body></html>"""


@csrf_exempt
def sign_in(request):
    """The provider's own sign-in: a person's name and password, then back to `next`."""
    if request.method == "GET":
        return HttpResponse(SIGN_IN_FORM.format(next=escape(request.GET.get("next", "/"))))
    user = authenticate(
        request, username=request.POST.get("username"), password=request.POST.get("password")
    )
    if user is None:
        return HttpResponseForbidden("wrong name or password")
    login(request, user)
    return HttpResponseRedirect(request.POST.get("next") or "/")


@csrf_exempt
def redirect_uri(request):
    """Register another address of the site's callback (a live server's, for the browser)."""
    client = Client.objects.get(client_id="helpdesk")
    uri = json.loads(request.body)["uri"]
    if uri not in client.redirect_uris:
        client.redirect_uris = [*client.redirect_uris, uri]
        client.save()
    return JsonResponse({"redirect_uris": client.redirect_uris})


@csrf_exempt
def account(request):
    """Make or change one of the provider's people (the tests' set-up): their name, email,
    password, groups, and how the token endpoint misbehaves for them."""
    data = json.loads(request.body)
    user, _ = User.objects.get_or_create(username=data["username"])
    if "rename" in data:
        user.username = data["rename"]
    user.email = data.get("email", user.email)
    user.first_name = data.get("given_name", user.first_name)
    user.last_name = data.get("family_name", user.last_name)
    user.set_password(data["password"])
    user.save()
    names = list(data.get("groups", []))
    if data.get("misbehave"):
        names.append(MISBEHAVE + data["misbehave"])
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in names])
    return JsonResponse({"sub": str(user.pk)})


@csrf_exempt
def token(request):
    """The real token endpoint, its ID token then changed and signed again as the person's
    misbehaviour says: a forged token a real provider (or one in the middle) could send."""
    response = TokenView.as_view()(request)
    if response.status_code != 200:
        return response
    answer = json.loads(response.content)
    claims = jwt.decode(answer["id_token"], options={"verify_signature": False})
    mode = misbehaviour(User.objects.get(pk=int(claims["sub"])))
    if mode:
        answer["id_token"] = forged(claims, mode)
    forged_response = HttpResponse(json.dumps(answer), content_type="application/json")
    forged_response["Cache-Control"] = "no-store"
    return forged_response


def forged(claims: dict, mode: str) -> str:
    now = int(time.time())
    changes = {
        "wrong-issuer": {"iss": "http://127.0.0.1:9/openid"},
        "wrong-audience": {"aud": "another-client"},
        "shared-audience": {"aud": [claims["aud"], "another-client"]},
        "wrong-nonce": {"nonce": "not-this-sign-ins-nonce"},
        "expired": {"iat": now - 7200, "exp": now - 3600, "auth_time": now - 7200},
        "issued-later": {"iat": now + 3600, "exp": now + 7200},
    }
    claims = {**claims, **changes.get(mode, {})}
    key = RSAKey.objects.get()
    if mode == "wrong-key":
        return jwt.encode(claims, WRONG_KEY, algorithm="RS256", headers={"kid": key.kid})
    if mode == "unsigned":
        parts = [{"alg": "none", "typ": "JWT"}, claims]
        return ".".join(_b64(json.dumps(part).encode()) for part in parts) + "."
    if mode == "client-secret":
        # HS256 keyed with the client secret, which the client knows: no proof of the provider.
        secret = Client.objects.get(client_id=claims["aud"]).client_secret
        return jwt.encode(claims, secret, algorithm="HS256", headers={"kid": key.kid})
    return jwt.encode(claims, key.key, algorithm="RS256", headers={"kid": key.kid})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


urlpatterns = [
    path("login/", sign_in),
    path("testing/accounts/", account),
    path("testing/redirect-uris/", redirect_uri),
    re_path(r"^openid/token/?$", token),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]

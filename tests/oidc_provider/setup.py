"""Make the test provider's database: its tables, a signing key, and the clients (the site,
and another that a token may wrongly be for). Run as `python -m tests.oidc_provider.setup`."""

import os
import sys

import django

REDIRECT_URI = "http://testserver/accounts/oidc/callback/"


def main(client_secret: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    django.setup()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0)
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    RSAKey.objects.create(key=pem.decode())
    code = ResponseType.objects.get(value="code")
    for client_id in ("helpdesk", "another-client"):
        client = Client.objects.create(
            name=client_id,
            client_id=client_id,
            client_secret=client_secret if client_id == "helpdesk" else "another-secret",
            client_type="confidential",
            jwt_alg="RS256",
            require_consent=False,
            _redirect_uris=REDIRECT_URI,
        )
        client.response_types.add(code)


if __name__ == "__main__":
    main(sys.argv[1])

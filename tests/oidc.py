"""The real OpenID provider of the single sign-on tests (tests/oidc_provider/), started in its
own process with gunicorn, and a person signing in through it with a browser of their own."""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import requests
from django.test import Client

from faq import services
from faq.oidc.provider import forget
from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
CLIENT_ID = "helpdesk"
CLIENT_SECRET = "helpdesk-secret-for-tests-only"
CALLBACK = "http://testserver/accounts/oidc/callback/"
GROUP_MAP = {"it-support": ["Editors"], "it-publishers": ["Publishers"]}


@dataclass(frozen=True)
class Provider:
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"


@dataclass(frozen=True)
class Person:
    """One of the provider's people: what they sign in there with, and their subject."""

    username: str
    password: str
    sub: str


@contextlib.contextmanager
def provider_server() -> Iterator[Provider]:
    """django-oidc-provider with its own settings and SQLite file, on a free port."""
    folder = Path(tempfile.mkdtemp(prefix="oidc-provider-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DATABASE": str(folder / "provider.sqlite3"),
        "OIDC_PROVIDER_URL": url,
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [sys.executable, "-m", "tests.oidc_provider.setup", CLIENT_SECRET],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # Started from its own folder, so gunicorn does not read the site's gunicorn.conf.py.
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "tests.oidc_provider.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            "--threads=4",
            f"--pythonpath={ROOT}",
        ],
        cwd=folder,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/openid/jwks", timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the test OpenID provider did not start")
            time.sleep(0.1)
        yield Provider(url)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def oidc_server() -> Iterator[Provider]:
    with provider_server() as server:
        yield server


@pytest.fixture
def oidc(oidc_server, settings) -> Iterator[Provider]:
    """Single sign-on on, against the test provider, as the environment would turn it on."""
    settings.OIDC_ISSUER = oidc_server.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "University Login"
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_GROUP_MAP = GROUP_MAP
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "faq.oidc.backend.SignInBackend",
    ]
    # The Editors and Publishers groups, as after every migrate.
    services.roles_sync()
    forget()
    yield oidc_server
    forget()


def person(server: Provider, username: str, **details) -> Person:
    """Make or change one of the provider's people: email, given_name, family_name, groups,
    rename (a new user name, same subject) and misbehave (how the token endpoint lies)."""
    password = f"{username}-password"
    answer = requests.post(
        f"{server.url}/testing/accounts/",
        json={"username": username, "password": password, **details},
        timeout=10,
    )
    answer.raise_for_status()
    return Person(details.get("rename", username), password, answer.json()["sub"])


def callback_register(server: Provider, site_url: str) -> None:
    """Tell the provider another address of the site's callback (a live server's)."""
    answer = requests.post(
        f"{server.url}/testing/redirect-uris/",
        json={"uri": f"{site_url}/accounts/oidc/callback/"},
        timeout=10,
    )
    answer.raise_for_status()


def provider_browser(server: Provider, who: Person) -> requests.Session:
    """A browser signed in at the provider as `who`."""
    browser = requests.Session()
    answer = browser.post(
        f"{server.url}/login/",
        data={"username": who.username, "password": who.password},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text
    return browser


def start(client: Client, next_url: str = "") -> str:
    """The site sends the reader to the provider: the authorization address it gives."""
    query = f"?next={quote(next_url)}" if next_url else ""
    answer = client.get(f"/accounts/oidc/start/{query}")
    assert answer.status_code == 302
    return answer["Location"]


def callback_for(browser: requests.Session, authorize_url: str) -> str:
    """The provider sends the reader back: the site's callback path with code and state."""
    answer = browser.get(authorize_url, allow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = answer.headers["Location"]
    assert back.startswith(CALLBACK), back
    return back.removeprefix("http://testserver")


def sign_in(client: Client, browser: requests.Session, next_url: str = ""):
    """The whole round: the site, the provider, the site's callback (its answer returned)."""
    return client.get(callback_for(browser, start(client, next_url)))


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None

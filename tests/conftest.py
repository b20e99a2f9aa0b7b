import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from faq import ratelimits
from faq.api.public import forget_bodies
from faq.search import semantic
from faq.services.reads import view_buffer
from faq.services.search import search_buffer
from faq.views.shell import forget_local
from tests import smtp as smtp_server
from tests.oidc import oidc, oidc_server  # noqa: F401 (single sign-on's fixtures)


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Tests read static files from the source folders; the hashed manifest
    # storage needs collectstatic, which `make run` does and tests need not.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    # Screenshots (the demo's too) must not land in the project's media/.
    # One folder for the run: renditions are named by content, so a test that
    # stores the same image again finds it there, as a server would.
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="editor", password="pw-for-tests-only", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _empty_caches():
    # View markers and rate-limit counters must not leak between tests (with
    # REDIS_URL set they would otherwise outlive the whole run).
    for name in ("default", "ratelimit"):
        _forget_keys(caches[name])
    # Parts of the article page and search's embeddings kept in the process, keyed
    # by a content version that starts again with each test's database.
    forget_local()
    forget_bodies()
    ratelimits.forget_ahead()
    semantic.forget_matrices()


def _forget_keys(cache) -> None:
    """Delete this site's keys only: clear() is FLUSHDB, which would empty a Redis
    database that other programs on the machine share."""
    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    try:
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=cache.make_key("*"), count=1000))
        if keys:
            client.delete(*keys)
    except (RedisError, OSError):
        # The cache outage tests point REDIS_URL at nothing: nothing to forget.
        pass


@pytest.fixture(autouse=True)
def _no_waiting_views(settings):
    # Counted views and searches wait in the process (WriteBuffer); one test's
    # must not be written into the next test's database: clear() drops them and
    # stops the timer. Nor may the timer write them from its own thread while a
    # test holds its transaction (it would wait for SQLite's lock, or commit
    # rows that outlive the test): its tests ask for short intervals themselves.
    settings.VIEW_BUFFER_SECONDS = settings.SEARCH_BUFFER_SECONDS = 3600
    view_buffer.clear()
    search_buffer.clear()
    yield
    view_buffer.clear()
    search_buffer.clear()


@pytest.fixture
def smtp(settings):
    """A real SMTP server the site sends through; retries wait a minute (tests.smtp.later)."""
    server = smtp_server.MailServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    # Retries wait a minute: a test moves the clock on with later() instead.
    settings.MAIL_RETRY_SECONDS = 60
    settings.DEFAULT_FROM_EMAIL = "Helpdesk <helpdesk@uni.example>"
    yield server
    server.stop()

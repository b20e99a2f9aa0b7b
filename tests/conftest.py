import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Tests read static files from the source folders; the hashed manifest
    # storage needs collectstatic, which `make run` does and tests need not.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
        caches[name].clear()

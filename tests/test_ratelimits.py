"""Fixed-window rate limits, every limit of a request counted in one cache call."""

import pytest
from django.core.cache import caches

from faq import ratelimits
from faq.ratelimits import Limit, Rate


@pytest.fixture
def local_counters(settings):
    settings.CACHES = {
        **settings.CACHES,
        ratelimits.CACHE: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-ratelimits",
        },
    }
    yield caches[ratelimits.CACHE]
    caches[ratelimits.CACHE].clear()


@pytest.mark.parametrize(
    ("text", "limit", "seconds"),
    [("30/m", 30, 60), ("6/h", 6, 3600), ("100/10s", 100, 10), ("0/m", 0, 60), (" 2/d", 2, 86400)],
)
def test_rates_read_as_django_ratelimit_wrote_them(text, limit, seconds):
    assert Rate.parse(text) == Rate(limit=limit, seconds=seconds)


@pytest.mark.parametrize(
    "text", ["", "30", "30/", "/m", "30/w", "-1/m", "3/0.5m", "30/mm", "3/0s", "3/00m"]
)
def test_a_rate_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError, match="A rate is"):
        Rate.parse(text)


def test_each_limit_counts_its_own_hits_in_its_own_window(local_counters):
    visitor = Limit("steps-visitor", "a:1", Rate.parse("2/m"))
    address = Limit("steps-ip", "10.0.0.1", Rate.parse("3/m"))
    now = 6_000_030.0  # half a minute in
    assert [ratelimits.over([visitor, address], now=now) for _ in range(4)] == [
        False,
        False,
        True,
        True,
    ]
    # The address has had four hits: over its three alone, for everyone behind it.
    other = Limit("steps-visitor", "a:2", Rate.parse("2/m"))
    assert ratelimits.over([other, address], now=now)
    # The next minute starts afresh; so does another reader elsewhere.
    assert not ratelimits.over([visitor, address], now=now + 30)
    assert not ratelimits.over([other, Limit("steps-ip", "10.0.0.2", Rate.parse("3/m"))], now=now)


def test_a_limit_of_nothing_refuses_the_first_hit(local_counters):
    assert ratelimits.over([Limit("votes-ip", "10.0.0.1", Rate.parse("0/m"))])


def test_a_counter_lives_to_the_end_of_its_window(local_counters):
    limit = Limit("votes-visitor", "a:1", Rate.parse("5/h"))
    key, seconds = limit.window(7_200_000.0 + 600)
    assert seconds == 3600 - 600 + 5
    # Whose hits they are goes into the key as a digest, never as the text itself.
    assert "a:1" not in key


@pytest.mark.parametrize("backend", ["local", "redis"])
def test_a_loose_limit_counted_ahead_bites_early_by_a_share_never_late(
    local_counters, settings, backend
):
    default = settings.CACHES["default"]["BACKEND"]
    if backend == "redis":
        if not default.endswith("ResilientRedisCache"):
            pytest.skip("needs REDIS_URL")
        settings.CACHES = {**settings.CACHES, ratelimits.CACHE: settings.CACHES["default"]}
    limit = Limit("api-ip", f"10.9.9.{backend == 'redis'}", Rate.parse("1000/h"))
    now = 9_000_000.0 + 60
    answers = [ratelimits.over([limit], now=now, ahead=True) for _ in range(1100)]
    allowed = answers.count(False)
    # Counted ten at a time (a hundredth of the limit): one process lets through at least
    # the limit less a share, and never more than the limit.
    assert 1000 - 10 <= allowed <= 1000
    assert answers[-1]
    assert not any(answers[:990])
    # The counter in the cache took the hits in shares, not one by one.
    key, _ = limit.window(now)
    stored = caches[ratelimits.CACHE].get(key)
    assert stored % 10 == 0
    assert 1100 <= stored <= 1110


def test_a_tight_limit_counted_ahead_is_still_exact(local_counters):
    limit = Limit("api-ip", "10.9.9.9", Rate.parse("3/d"))
    now = 9_000_000.0
    assert [ratelimits.over([limit], now=now, ahead=True) for _ in range(5)] == [
        False,
        False,
        False,
        True,
        True,
    ]

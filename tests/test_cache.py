"""The Redis cache against a real Redis: one client per pool, incr() and a request's rate
limits in one round trip each."""

import os
import uuid

import pytest
import redis
from django.core.cache import caches
from redis.connection import AbstractConnection

from faq import ratelimits
from faq.cache import ResilientRedisCache

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def cache():
    made = ResilientRedisCache(
        REDIS_URL,
        {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}", "OPTIONS": {"socket_timeout": 1}},
    )
    try:
        made._cache.get_client(write=True).ping()
    except redis.RedisError:
        pytest.skip(f"No Redis answers at {REDIS_URL}.")
    yield made
    client = made._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{made.key_prefix}*"):
        client.delete(key)


@pytest.fixture
def commands(monkeypatch):
    """The commands sent to Redis, by name."""
    sent = []
    send = AbstractConnection.send_command

    def counted(self, *args, **kwargs):
        sent.append(str(args[0]).upper())
        return send(self, *args, **kwargs)

    monkeypatch.setattr(AbstractConnection, "send_command", counted)
    return sent


def test_every_call_uses_the_same_client(cache):
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client("some-key") is client
    cache.set("greeting", "hello")
    assert cache.get("greeting") == "hello"
    assert cache._cache.get_client("greeting", write=True) is client


def test_incr_counts_in_one_round_trip(cache, commands):
    cache.set("count", 1)
    # A Redis that has not seen the script yet (a fresh server) is taught it once.
    cache.incr("count", 0)
    commands.clear()

    assert cache.incr("count") == 2
    assert cache.incr("count", 5) == 7

    assert commands == ["EVALSHA", "EVALSHA"]
    assert cache.get("count") == 7


def test_incr_of_a_missing_key_is_an_error_and_makes_no_key(cache):
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-set")
    assert cache.get("never-set") is None


def test_incr_works_after_redis_forgot_its_scripts(cache):
    cache.set("count", 10)
    cache.incr("count")
    cache._cache.get_client(write=True).script_flush()

    assert cache.incr("count") == 12


def test_a_requests_limits_are_counted_in_one_round_trip(cache, commands, settings):
    settings.CACHES = {
        **settings.CACHES,
        ratelimits.CACHE: {
            "BACKEND": "faq.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": cache.key_prefix,
        },
    }
    caches[ratelimits.CACHE].count_hits({"warm": 5})  # the script loaded once
    commands.clear()
    tight = ratelimits.Limit("test-visitor", "a:1", ratelimits.Rate.parse("3/m"))
    loose = ratelimits.Limit("test-ip", "10.0.0.1", ratelimits.Rate.parse("4/m"))
    now = 1_000_035.0  # 15 s into a minute
    answers = [ratelimits.over([tight, loose], now=now) for _ in range(5)]
    assert answers == [False, False, False, True, True]
    assert commands == ["EVALSHA"] * 5
    # The address alone is over from the fifth request; a new window starts afresh.
    assert ratelimits.over([loose], now=now)
    assert not ratelimits.over([tight, loose], now=now + 60)
    ttl = (
        caches[ratelimits.CACHE]
        ._cache.get_client()
        .ttl(caches[ratelimits.CACHE].make_key(tight.window(now)[0]))
    )
    assert 48 <= ttl <= 50  # to the end of this minute, and a little more

"""A Redis cache that degrades to a miss when Redis is unreachable.

Everything the site keeps in the cache can be rebuilt or skipped: rendered
pages and rate-limit counters. So a cache that has
gone away is treated as an empty one that forgets what it is told, and the
site stays up. After a failure the cache is not asked again for a few
seconds, so an outage costs one timeout per process, not one per call.
"""

import logging
import time
from collections.abc import Callable

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import ConnectionPool, Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long a process leaves Redis alone after it failed to answer.
RETRY_AFTER_SECONDS = 5.0


# INCRBY only if the key exists, as Django's incr() asks, in one round trip
# instead of EXISTS then INCRBY.
_INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return nil
"""


# Counts hits on each window counter (ARGV: each key's expiry, then each key's hits),
# each made with its expiry when it is made: every limit of a request in one round
# trip (faq/ratelimits.py).
_COUNT_HITS = """
local counts = {}
local n = #KEYS
for i, key in ipairs(KEYS) do
  local hits = tonumber(ARGV[n + i])
  local count = redis.call('INCRBY', key, hits)
  if count == hits then
    redis.call('EXPIRE', key, ARGV[i])
  end
  counts[i] = count
end
return counts
"""


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one redis.Redis per connection pool.

    Django makes a new redis.Redis for every call, and making one (its table
    of reply callbacks) took more CPU than the call itself: about 50 of 80
    microseconds a get (benchmarks/RESULTS.md). A redis.Redis over a pool is
    safe to share between threads, and its pool reconnects after a fork."""

    # Django's own private members this builds on, which django-stubs leaves out.
    _client: type[Redis]
    _get_connection_pool: Callable[[bool], ConnectionPool]

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}
        self._scripts = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _script(self, client, source: str):
        script = self._scripts.get((id(client), source))
        if script is None:
            script = self._scripts[(id(client), source)] = client.register_script(source)
        return script

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        value = self._script(client, _INCR_EXISTING)(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def count_hits(self, windows: dict[str, int], hits: list[int]) -> list[int]:
        client = self.get_client(write=True)
        script = self._script(client, _COUNT_HITS)
        return script(keys=list(windows), args=[*windows.values(), *hits])


class ResilientRedisCache(RedisCache):
    """RedisCache whose every call answers as a miss while Redis is down."""

    # Django's cached property, made from `_class` (set below); not in django-stubs.
    _cache: ReusedClientRedisCacheClient

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0

    @property
    def is_available(self) -> bool:
        return time.monotonic() >= self._down_until

    def ping(self) -> bool:
        """Whether Redis answers now, asked even while the process is leaving it alone."""
        try:
            self._cache.get_client(write=True).ping()
        except (RedisError, OSError):
            return False
        self._down_until = 0.0
        return True

    def _guard(self, miss, function, *args):
        if not self.is_available:
            return miss
        try:
            return function(*args)
        except (RedisError, OSError) as error:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("Cache unreachable, going on without it: %s", error)
            return miss

    def _call(self, method: str, miss, *args):
        return self._guard(miss, getattr(super(), method), *args)

    # add() answers True while down: "not seen before" is the safe answer.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read counts from 1.
        return self._call("incr", 1, key, delta, version)

    def count_hits(
        self, windows: dict[str, int], hits: list[int] | None = None, version=None
    ) -> list[int]:
        """Count hits on each counter (its key, and the seconds it lives from its first
        hit; one hit each unless `hits` says), in one round trip; the counts after it.
        While Redis is away every count is 0: rate limits let requests through."""
        if not windows:
            return []
        keys = {self.make_and_validate_key(k, version=version): t for k, t in windows.items()}
        return self._guard([0] * len(keys), self._cache.count_hits, keys, hits or [1] * len(keys))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", None)

"""Fixed-window rate limits, every limit of a request counted in one cache call.

A request names its limits (say, 120 ticks a minute for this reader and 3,000
for their address); each is a counter per window of time in the "ratelimit"
cache, and the request is over when any counter passes its rate. With Redis
the counters are shared by every worker and server, and one Lua call counts
all of a request's limits: a tick's two limits cost one round trip, where
django-ratelimit, which this replaces, asked twice per limit (add, then incr)
and took a quarter of a tick's time (benchmarks/RESULTS.md). Without Redis the
counters are the process's own (local memory).
"""

import functools
import hashlib
import re
import time
from dataclasses import dataclass

from django.core.cache import caches

CACHE = "ratelimit"
# A counter outlives its window a little, so a clock skew between servers does
# not start it again.
_EXPIRY_SLACK = 5
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"(\d+)/(\d*)([smhd])\Z")


@dataclass(frozen=True)
class Rate:
    """So many hits a window: "30/m", "6/h", "100/10s"."""

    limit: int
    seconds: int

    @classmethod
    @functools.cache
    def parse(cls, text: str) -> "Rate":
        match = _RATE.match(text.strip())
        # A period of no time (0s) would divide by zero on every request it counts.
        if match is None or (match[2] and not int(match[2])):
            raise ValueError(f"A rate is a number, a slash and a period such as 30/m: {text!r}")
        count, multiple, unit = match.groups()
        return cls(limit=int(count), seconds=int(multiple or 1) * _UNITS[unit])


@dataclass(frozen=True)
class Limit:
    """One limit of a request: its name, whose hits it counts, and its rate."""

    name: str
    who: str
    rate: Rate

    def window(self, now: float) -> tuple[str, int]:
        """This window's counter: its cache key, and how long it must live."""
        start = int(now) // self.rate.seconds * self.rate.seconds
        # Whose hits, as a digest: an address or a cookie id, never text to store.
        who = hashlib.blake2b(self.who.encode(), digest_size=12).hexdigest()
        key = f"rl:{self.name}:{self.rate.limit}/{self.rate.seconds}:{start}:{who}"
        return key, start + self.rate.seconds - int(now) + _EXPIRY_SLACK


def over(limits: list[Limit], *, now: float | None = None) -> bool:
    """Count this request against each limit; whether any is now past its rate."""
    now = time.time() if now is None else now
    windows = dict(limit.window(now) for limit in limits)
    cache = caches[CACHE]
    if hasattr(cache, "count_hits"):
        counts = cache.count_hits(windows)
    else:
        counts = []
        for key, seconds in windows.items():
            cache.add(key, 0, seconds)
            try:
                counts.append(cache.incr(key))
            except ValueError:
                # Culled between the two calls: this hit is the window's first.
                counts.append(1)
    return any(count > limit.rate.limit for count, limit in zip(counts, limits, strict=True))

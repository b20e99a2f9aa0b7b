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
import threading
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


# A loose limit (hundreds a window) is counted in Redis a share of it at a time: a
# process takes that many hits at once and answers the next ones from what it took, so
# most requests under it make no round trip. The limit may then bite a little early (by
# at most a share per process), never late. Limits under this many hits count each hit.
AHEAD_SHARE = 100
# And at most this many at a time, however loose the limit.
AHEAD_MOST = 100
# Hits each process took ahead and has not used, and whether the window was over then,
# by window counter; emptied when it grows past this many (an old window's leftovers).
_ahead: dict[str, tuple[int, bool]] = {}
_AHEAD_MAX = 10_000
_ahead_lock = threading.Lock()


def _counted(windows: dict[str, int], hits: list[int]) -> list[int]:
    """Count `hits` on each window counter; the counts after it."""
    cache = caches[CACHE]
    if hasattr(cache, "count_hits"):
        return cache.count_hits(windows, hits)
    counts = []
    for (key, seconds), many in zip(windows.items(), hits, strict=True):
        cache.add(key, 0, seconds)
        try:
            counts.append(cache.incr(key, many))
        except ValueError:
            # Culled between the two calls: these hits are the window's first.
            counts.append(many)
    return counts


def over(limits: list[Limit], *, now: float | None = None, ahead: bool = False) -> bool:
    """Count this request against each limit; whether any is now past its rate. With
    `ahead`, loose limits are counted a share at a time (AHEAD_SHARE)."""
    now = time.time() if now is None else now
    windows = dict(limit.window(now) for limit in limits)
    if not ahead:
        counts = _counted(windows, [1] * len(windows))
        return any(count > limit.rate.limit for count, limit in zip(counts, limits, strict=True))
    past = False
    due: dict[str, int] = {}
    shares: list[tuple[str, Limit, int]] = []
    with _ahead_lock:
        for limit, (key, seconds) in zip(limits, windows.items(), strict=True):
            left, was_over = _ahead.get(key, (0, False))
            if left:
                _ahead[key] = (left - 1, was_over)
                past = past or was_over
            else:
                due[key] = seconds
                shares.append(
                    (key, limit, min(AHEAD_MOST, max(1, limit.rate.limit // AHEAD_SHARE)))
                )
    if not due:
        return past
    counts = _counted(due, [share for _, _, share in shares])
    with _ahead_lock:
        if len(_ahead) > _AHEAD_MAX:
            _ahead.clear()
        for (key, limit, share), count in zip(shares, counts, strict=True):
            # This request is the first of the hits just taken.
            first_over = count - share + 1 > limit.rate.limit
            _ahead[key] = (share - 1, count > limit.rate.limit)
            past = past or first_over
    return past


def forget_ahead() -> None:
    """Drop the hits this process took ahead (tests start each with empty counters)."""
    with _ahead_lock:
        _ahead.clear()

"""Small in-memory token-bucket rate limiter, keyed by session or by client address."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rate:
    """Allow ``count`` events per ``per`` seconds, refilled smoothly."""

    count: int
    per: float


@dataclass(frozen=True)
class RateLimits:
    """Every limit the gateway applies. Generous per address: shelters share one address."""

    session_messages: Rate = Rate(20, 60.0)
    address_messages: Rate = Rate(120, 60.0)
    address_sessions: Rate = Rate(30, 600.0)
    # Ending a session is cheap for the caller and costs a Rasa turn, so it is limited too.
    address_ends: Rate = Rate(30, 60.0)


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class RateLimiter:
    """Token buckets for one :class:`Rate`; ``hit`` returns seconds to wait, or 0 if allowed."""

    rate: Rate
    clock: Callable[[], float] = time.monotonic
    max_keys: int = 100_000
    _buckets: dict[Hashable, _Bucket] = field(default_factory=dict)

    def hit(self, key: Hashable) -> float:
        """Spend one token for ``key``; return 0.0 if allowed, else seconds until allowed."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self.sweep()
            bucket = self._buckets[key] = _Bucket(tokens=float(self.rate.count), updated=now)
        refill = self.rate.count / self.rate.per
        bucket.tokens = min(float(self.rate.count), bucket.tokens + (now - bucket.updated) * refill)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / refill

    def forget(self, key: Hashable) -> None:
        """Drop the bucket of a key (e.g. an ended session)."""
        self._buckets.pop(key, None)

    def sweep(self) -> None:
        """Drop buckets that have refilled completely; they hold no information."""
        now = self.clock()
        full = [key for key, bucket in self._buckets.items() if now - bucket.updated >= self.rate.per]
        for key in full:
            del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)

"""Load limits for an axon: a token bucket per caller (429) and a concurrency gate (503).

The gate admits `capacity` requests at once. Others wait in a bounded queue ordered by the
subnet's priority hook (highest first, then arrival); when the queue is full a newcomer either
displaces the lowest-priority waiter or is refused. Waiting is bounded by a timeout.
"""
from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections import OrderedDict
from typing import Callable


class TokenBuckets:
    """`rate` requests/s per key with bursts of `burst`; at most `max_keys` buckets (LRU)."""

    def __init__(self, rate: float, burst: float, *, max_keys: int = 65536,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """Take one token from `key`'s bucket; False when it is empty."""
        if self.rate <= 0:
            return True
        now = self._clock()
        tokens, stamp = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - stamp) * self.rate)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self._buckets[key] = (tokens, now)
        # A dropped bucket is as good as full, so eviction only ever favours a caller.
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed


class GateFull(Exception):
    """No slot and no room (or no time) to wait for one: answered 503."""


class PriorityGate:
    """At most `capacity` holders; up to `max_waiting` waiters served by priority."""

    def __init__(self, capacity: int, max_waiting: int = 0) -> None:
        self.capacity = capacity
        self.max_waiting = max_waiting
        self.active = 0
        self._waiting: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def acquire(self, priority: float = 0.0, timeout: float | None = None) -> None:
        if self.active < self.capacity and not self._waiting:
            self.active += 1
            return
        if len(self._waiting) >= self.max_waiting:
            lowest = max(self._waiting) if self._waiting else None  # max key = lowest priority
            if lowest is None or -lowest[0] >= priority:
                raise GateFull("server busy")
            self._waiting.remove(lowest)
            heapq.heapify(self._waiting)
            lowest[2].set_exception(GateFull("displaced by a higher-priority request"))
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (-priority, next(self._order), future)
        heapq.heappush(self._waiting, entry)
        try:
            await asyncio.wait_for(future, timeout)
        except BaseException as exc:
            if entry in self._waiting:
                self._waiting.remove(entry)
                heapq.heapify(self._waiting)
            elif future.done() and not future.cancelled() and future.exception() is None:
                self.release()  # a slot was handed over just as we gave up
            if isinstance(exc, asyncio.TimeoutError):
                raise GateFull("timed out waiting for a slot") from None
            raise

    def release(self) -> None:
        while self._waiting:
            _, _, future = heapq.heappop(self._waiting)
            if not future.done():
                future.set_result(None)  # the slot passes straight to the waiter
                return
        self.active -= 1

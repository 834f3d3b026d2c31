"""The replay store, token buckets and the priority gate, as pure units (fake clocks)."""
from __future__ import annotations

import asyncio

import pytest

from subnets.protocol.limits import GateFull, PriorityGate, TokenBuckets
from subnets.protocol.nonces import NonceError, NonceStore

S = 10**9


class Clock:
    def __init__(self, now: int = 1_000 * S) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


def test_window_both_ways_and_replay():
    clock = Clock()
    store = NonceStore(clock=clock)
    store.floor_ns = 0
    store.accept("a", clock.now - 9 * S)
    store.accept("a", clock.now + 1 * S)
    store.accept("b", clock.now - 9 * S)  # same nonce, other hotkey: fine
    for hotkey, nonce in [("a", clock.now - 11 * S), ("a", clock.now + 3 * S), ("a", clock.now - 9 * S)]:
        with pytest.raises(NonceError):
            store.accept(hotkey, nonce)


def test_without_a_file_nonces_before_start_are_refused():
    clock = Clock()
    earlier = clock.now - 1
    store = NonceStore(clock=clock)
    with pytest.raises(NonceError, match="predates"):
        store.accept("a", earlier)
    store.accept("a", clock.now)


def test_bounded_and_eviction_never_reopens_a_replay():
    clock = Clock()
    store = NonceStore(clock=clock, max_entries=100)
    for i in range(1000):
        store.accept("a", clock.now + i)
    assert len(store) <= 100
    for i in range(900):  # evicted ones are below the floor now
        with pytest.raises(NonceError):
            store.accept("a", clock.now + i)
    clock.now += 20 * S  # everything ages out of the window
    store.accept("a", clock.now)
    assert len(store) <= 100


def test_persisted_store_survives_a_restart(tmp_path):
    clock = Clock()
    path = tmp_path / "nonces.log"
    first = NonceStore(clock=clock, path=path)
    first.accept("a", clock.now - 5 * S)
    first.close()
    clock.now += 1 * S
    second = NonceStore(clock=clock, path=path)
    with pytest.raises(NonceError, match="already used"):
        second.accept("a", clock.now - 6 * S)
    second.accept("a", clock.now - 4 * S)
    second.close()
    clock.now += 30 * S  # old entries are compacted away on the next start
    NonceStore(clock=clock, path=path).close()
    assert path.read_text() == ""


def test_token_buckets():
    now = [0.0]
    buckets = TokenBuckets(rate=2, burst=3, clock=lambda: now[0], max_keys=2)
    assert [buckets.allow("a") for _ in range(4)] == [True, True, True, False]
    now[0] += 0.5
    assert buckets.allow("a") and not buckets.allow("a")
    assert buckets.allow("b") and buckets.allow("c")  # LRU keeps at most 2 buckets
    assert len(buckets._buckets) == 2
    assert TokenBuckets(rate=0, burst=0).allow("x")


def test_priority_gate_orders_waiters_and_refuses_when_full():
    async def scenario():
        gate = PriorityGate(capacity=1, max_waiting=2)
        await gate.acquire()
        order = []

        async def waiter(name, priority):
            try:
                await gate.acquire(priority, timeout=1)
            except GateFull:
                order.append(f"{name}:refused")
                return
            order.append(name)
            gate.release()

        low = asyncio.create_task(waiter("low", 1))
        high = asyncio.create_task(waiter("high", 5))
        await asyncio.sleep(0)
        lowest = asyncio.create_task(waiter("lowest", 0))  # queue full, lowest priority: refused
        mid = asyncio.create_task(waiter("mid", 3))  # queue full: displaces "low"
        await asyncio.sleep(0.01)
        gate.release()
        await asyncio.gather(low, high, lowest, mid)
        assert gate.active == 0
        await gate.acquire()
        with pytest.raises(GateFull, match="timed out"):
            await gate.acquire(timeout=0.01)
        assert gate._waiting == []  # a waiter that gave up leaves no trace
        return order

    order = asyncio.run(scenario())
    assert order.index("lowest:refused") < order.index("high")
    assert "low:refused" in order and order.index("high") < order.index("mid")

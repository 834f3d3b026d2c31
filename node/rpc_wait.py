"""Waiting RPC calls (`taonet_submitAndWait`) that hold no worker thread while they wait.

The method submits in a worker thread and returns a `Wait`; the server's event loop then awaits
the inclusion (the producer wakes it through `Chain.watch`), so a thousand waiting calls cost a
thousand futures, not a thousand threads. Waiters are bounded per client address and in all: past
the bound a call is refused at once (-32005) and nothing is submitted.
"""
from __future__ import annotations

import asyncio
import threading
from contextvars import ContextVar
from typing import Any

MAX_WAITERS = 1024  # waiting calls in all
MAX_WAITERS_PER_CLIENT = 32  # waiting calls from one client address
LIMIT_EXCEEDED = -32005



class TooManyWaiters(Exception):
    """Over the waiter bounds: JSON-RPC -32005."""

    code = LIMIT_EXCEEDED


class Waiters:
    """Counts of waiting calls, per client address and in all (thread-safe)."""

    def __init__(self, total: int | None = None, per_client: int | None = None) -> None:
        """Bounds default to MAX_WAITERS and MAX_WAITERS_PER_CLIENT as they are when the node starts."""
        self.total = MAX_WAITERS if total is None else total
        self.per_client = MAX_WAITERS_PER_CLIENT if per_client is None else per_client
        self._lock = threading.Lock()
        self._by_client: dict[str, int] = {}
        self.count = 0

    def reserve(self, client: str) -> None:
        with self._lock:
            mine = self._by_client.get(client, 0)
            if self.count >= self.total or mine >= self.per_client:
                raise TooManyWaiters(
                    f"too many calls waiting ({mine} from this client, at most {self.per_client}; {self.count} in all, "
                    f"at most {self.total}): submit with author_submitExtrinsic and poll taonet_extrinsicStatus")
            self._by_client[client] = mine + 1
            self.count += 1

    def release(self, client: str) -> None:
        with self._lock:
            left = self._by_client.get(client, 1) - 1
            if left:
                self._by_client[client] = left
            else:
                self._by_client.pop(client, None)
            self.count -= 1

    @property
    def saturated(self) -> bool:
        return self.count >= self.total


# (client address, the server's event loop, its Waiters) of the request being handled; unset outside the server
REQUEST: ContextVar[tuple[str, asyncio.AbstractEventLoop, Waiters] | None] = ContextVar("taonet_rpc_request",
                                                                                        default=None)


class Wait:
    """A submitted extrinsic the event loop awaits; registered with the chain as its watcher."""

    def __init__(self, chain: Any, waiters: Waiters, client: str, loop: asyncio.AbstractEventLoop,
                 ext_hash: str, timeout: float) -> None:
        self.chain, self.waiters, self.client, self.loop = chain, waiters, client, loop
        self.ext_hash, self.timeout = ext_hash, timeout
        self.box: dict[str, Any] = {}
        self._released = False
        self.future: asyncio.Future = loop.create_future()
        self.outcome = chain.watch(ext_hash, self, self.box)  # already decided, or None

    def set(self) -> None:
        """Called by the producer thread once `box` holds the outcome."""
        self.loop.call_soon_threadsafe(lambda: self.future.done() or self.future.set_result(None))

    async def result(self) -> dict[str, Any]:
        try:
            if self.outcome is None:
                try:
                    await asyncio.wait_for(self.future, self.timeout)
                    self.outcome = self.box
                except asyncio.TimeoutError:
                    self.chain.unwatch(self.ext_hash, self, self.box)
                    self.outcome = dict(self.box) or {"status": "pending"}
            return {"hash": self.ext_hash, **self.outcome}
        finally:
            self._release()

    def _release(self) -> None:
        if not self._released:
            self._released = True
            self.waiters.release(self.client)

    def cancel(self) -> None:
        """The reply will not be sent (the client left, the server stops): forget watcher and slot."""
        self.chain.unwatch(self.ext_hash, self, self.box)
        self._release()


async def resolve(reply: Any) -> Any:
    """`reply` (one response or a batch) with every `Wait` result awaited, concurrently."""
    items = reply if isinstance(reply, list) else [reply] if isinstance(reply, dict) else []
    waiting = [item for item in items if isinstance(item.get("result"), Wait)]
    if waiting:
        waits = [item["result"] for item in waiting]
        try:
            results = await asyncio.gather(*(w.result() for w in waits))
        finally:
            for w in waits:
                w.cancel()  # no-op for the finished ones
        for item, result in zip(waiting, results):
            item["result"] = result
    return reply

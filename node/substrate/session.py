"""One client connection to the Substrate façade: the chain it reads, its subscriptions, notify().

A handler gets the `Session` of the connection that sent the request. A subscribing handler calls
`session.subscribe(kind, on_close)` for a new id, returns that id as its result, and later calls
`session.notify(method, id, result)` from any thread (a chain listener, a pool watcher). Ordering is
the transport's: notifications of a subscription sent before its id was answered wait until that
answer is sent (`release`), so a client never sees a notification for an id it does not know yet.

Bounded: a connection holds at most MAX_SUBSCRIPTIONS subscriptions (a new one over that answers
TOO_MANY_SUBSCRIPTIONS) and at most MAX_HELD notifications waiting for their subscription's answer.
An HTTP request's session has no sink: subscribing there answers UNSUPPORTED.
`close()` (the connection ended) ends every subscription, calling each one's `on_close`.
"""
from __future__ import annotations

import logging
import secrets
import threading
from typing import Any, Callable

from node.chain import Chain
from node.substrate.dialect import TOO_MANY_SUBSCRIPTIONS, UNSUPPORTED, SubstrateError

log = logging.getLogger("taonet.substrate")
MAX_SUBSCRIPTIONS = 1024
MAX_HELD = 256

Sink = Callable[[dict[str, Any]], None]  # sends one JSON message on the connection; thread-safe


class _Subscription:
    __slots__ = ("kind", "on_close", "held")

    def __init__(self, kind: str, on_close: Callable[[], None] | None):
        self.kind, self.on_close = kind, on_close
        self.held: list[dict[str, Any]] | None = []  # None once its id was answered


class Session:
    """The state of one connection (a WebSocket, or one HTTP request with `sink=None`)."""

    def __init__(self, chain: Chain, sink: Sink | None = None, client: str = "?", watches: Any = None):
        self.chain = chain
        self._sink = sink
        self.client = client  # the peer's address
        self.watches = watches  # the node's count of watched extrinsics (node.rpc_wait.Waiters), or None
        self._subs: dict[str, _Subscription] = {}
        self._lock = threading.Lock()
        self.closed = False

    def subscribe(self, kind: str, on_close: Callable[[], None] | None = None) -> str:
        """A new subscription id of this connection (`kind` names it for unsubscribe checks)."""
        if self._sink is None:
            raise SubstrateError(UNSUPPORTED, "subscriptions need a WebSocket connection (ws://), not HTTP")
        with self._lock:
            if self.closed:
                raise SubstrateError(UNSUPPORTED, "the connection is closed")
            if len(self._subs) >= MAX_SUBSCRIPTIONS:
                raise SubstrateError(TOO_MANY_SUBSCRIPTIONS,
                                     f"at most {MAX_SUBSCRIPTIONS} subscriptions per connection; unsubscribe first")
            sub_id = secrets.token_hex(8)
            self._subs[sub_id] = _Subscription(kind, on_close)
        return sub_id

    def kind_of(self, subscription: str) -> str | None:
        with self._lock:
            sub = self._subs.get(subscription)
            return sub.kind if sub else None

    def notify(self, method: str, subscription: str, result: Any) -> None:
        """Send `{"method": method, "params": {"subscription", "result"}}` (no-op once unsubscribed)."""
        message = {"jsonrpc": "2.0", "method": method, "params": {"subscription": subscription, "result": result}}
        with self._lock:
            sub = self._subs.get(subscription)
            if sub is None:
                return
            if sub.held is not None:
                if len(sub.held) < MAX_HELD:
                    sub.held.append(message)
                return
            self._send(message)

    def release(self, subscription: str) -> None:
        """The subscription's id has been answered: send what waited, then send as notified."""
        with self._lock:
            sub = self._subs.get(subscription)
            if sub is None or sub.held is None:
                return
            held, sub.held = sub.held, None
            for message in held:
                self._send(message)

    def unsubscribe(self, subscription: str) -> bool:
        """End a subscription; False when this connection has no such id."""
        with self._lock:
            sub = self._subs.pop(subscription, None) if isinstance(subscription, str) else None
        if sub is None:
            return False
        self._closed_hook(sub)
        return True

    def close(self) -> None:
        """The connection ended: every subscription ends (their on_close run)."""
        with self._lock:
            self.closed = True
            subs, self._subs = list(self._subs.values()), {}
        for sub in subs:
            self._closed_hook(sub)

    @property
    def subscriptions(self) -> int:
        return len(self._subs)

    def _send(self, message: dict[str, Any]) -> None:
        try:
            self._sink(message)  # type: ignore[misc]
        except Exception:  # a sink of a closed connection; the transport closes the session
            log.debug("dropped a notification of a closed connection", exc_info=True)

    @staticmethod
    def _closed_hook(sub: _Subscription) -> None:
        if sub.on_close is None:
            return
        try:
            sub.on_close()
        except Exception:
            log.exception("a subscription's on_close failed")

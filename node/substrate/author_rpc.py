"""author_* and payment_queryInfo of the Substrate façade: SCALE extrinsics into the node's pool.

- `author_submitExtrinsic([hex])` -> the extrinsic's hash (blake2-256 of its bytes), or the pool's
  refusal (node.substrate.ingest: 1010 "Invalid Transaction" with the reason, 1012, 1013, ...);
- `author_submitAndWatchExtrinsic([hex])` -> a subscription whose `author_extrinsicUpdate`
  notifications are "ready" (or "future" for a nonce gap), then {"inBlock": block hash} and
  {"finalized": block hash} (a taonet block is final once it is made), or "invalid" when the
  producer dropped it (its nonce or fee no longer fit, its era ended); the subscription ends after
  the last one. `author_unwatchExtrinsic([id])` ends it early;
- `payment_queryInfo([hex, at?])` -> {"weight", "class", "partialFee"}: ingest.dispatch_info.
The watch rides on `Chain.watch` (the producer thread calls `set()` of the waiter once the
extrinsic is included or dropped), so no thread waits per watched extrinsic. Watches are bounded per
client address (MAX_WATCHES_PER_CLIENT, over all its connections) and in all (MAX_WATCHES): past
them a submit-and-watch answers TOO_MANY_SUBSCRIPTIONS and submits nothing; GET /health says
"saturated" while every one is taken.
"""
from __future__ import annotations

import threading
from typing import Any

from node.rpc_wait import TooManyWaiters
from node.substrate import ingest
from node.substrate.dialect import (
    INVALID_PARAMS,
    TOO_MANY_SUBSCRIPTIONS,
    SubstrateError,
    params_of,
)
from node.substrate.session import Session

UPDATE = "author_extrinsicUpdate"
KIND = "author_extrinsicUpdate"
MAX_HEX = 2 * (5 * 1024 * 1024) + 2  # the codec's input cap, as 0x-hex
MAX_WATCHES = 8192  # extrinsics watched over every connection
MAX_WATCHES_PER_CLIENT = 1024  # ... from one client address


def _bytes(method: str, value: Any) -> bytes:
    if not isinstance(value, str) or not value.startswith("0x") or len(value) > MAX_HEX:
        raise SubstrateError(INVALID_PARAMS, f"{method}: the extrinsic must be 0x-hex SCALE bytes (at most 5 MiB)")
    try:
        return bytes.fromhex(value[2:])
    except ValueError:
        raise SubstrateError(INVALID_PARAMS, f"{method}: the extrinsic is not valid hex") from None


def submit_extrinsic(session: Session, params: list) -> str:
    (extrinsic,) = params_of("author_submitExtrinsic", params, 1, 1)
    return ingest.submit(session.chain, _bytes("author_submitExtrinsic", extrinsic)).hash


class _Watch:
    """One watched extrinsic of one connection; `set()` is what Chain._notify calls (producer thread)."""

    def __init__(self, session: Session, ext_hash: str) -> None:
        self.session, self.ext_hash = session, ext_hash
        self.box: dict[str, Any] = {}
        self.sub = ""
        self.done = False
        self.counted = False  # holds a place in session.watches
        self.lock = threading.Lock()

    def set(self) -> None:
        self.finish(dict(self.box))

    def finish(self, outcome: dict[str, Any]) -> None:
        with self.lock:
            if self.done:
                return
            self.done = True
        status = outcome.get("status")
        if status == "included":
            block_hash = outcome["block_hash"]
            self.session.notify(UPDATE, self.sub, {"inBlock": block_hash})
            self.session.notify(UPDATE, self.sub, {"finalized": block_hash})
        else:  # dropped by the producer, or gone from the pool
            self.session.notify(UPDATE, self.sub, "invalid")
        _end_when_sent(self.session, self.sub)

    def closed(self) -> None:
        """The subscription ended (finished, unwatched, refused or its connection closed)."""
        with self.lock:
            already, self.done = self.done, True
            counted, self.counted = self.counted, False
        if not already:
            self.session.chain.unwatch(self.ext_hash, self, self.box)
        if counted:
            self.session.watches.release(self.session.client)


def submit_and_watch(session: Session, params: list) -> str:
    (extrinsic,) = params_of("author_submitAndWatchExtrinsic", params, 1, 1)
    raw = _bytes("author_submitAndWatchExtrinsic", extrinsic)
    chain = session.chain
    watch = _Watch(session, "")
    watch.sub = session.subscribe(KIND, watch.closed)
    if session.watches is not None:
        try:
            session.watches.reserve(session.client)
        except TooManyWaiters:
            session.unsubscribe(watch.sub)
            raise SubstrateError(TOO_MANY_SUBSCRIPTIONS, f"too many extrinsics watched (at most "
                                 f"{session.watches.per_client} from one client, {session.watches.total} in all): "
                                 "submit with author_submitExtrinsic and follow new heads") from None
        watch.counted = True
    try:
        ext = ingest.submit(chain, raw)
    except BaseException:  # refused: the error is the answer, the unanswered subscription goes
        watch.done = True
        session.unsubscribe(watch.sub)
        raise
    watch.ext_hash = ext.hash
    ready = chain.next_nonce(ext.signer) > ext.nonce
    session.notify(UPDATE, watch.sub, "ready" if ready else "future")
    known = chain.watch(ext.hash, watch, watch.box)
    if known is not None:  # already in a block (or gone) before the watch was set
        watch.finish(known)
    return watch.sub


def _end_when_sent(session: Session, sub: str, tries: int = 200) -> None:
    """End the finished subscription `sub` once its notifications have left: while its id is still
    unanswered (the outcome came inside the submitting handler) they wait in the session, so the end
    waits too (polled every 50 ms, at most 10 s; the session's own bound still holds)."""
    held = getattr(getattr(session, "_subs", {}).get(sub), "held", None)
    if held is None or tries <= 0:
        session.unsubscribe(sub)
        return
    timer = threading.Timer(0.05, _end_when_sent, (session, sub, tries - 1))
    timer.daemon = True
    timer.start()


def unwatch_extrinsic(session: Session, params: list) -> bool:
    (subscription,) = params_of("author_unwatchExtrinsic", params, 1, 1)
    if session.kind_of(subscription) != KIND:
        return False
    return session.unsubscribe(subscription)


def query_info(session: Session, params: list) -> dict[str, Any]:
    extrinsic, _at = params_of("payment_queryInfo", params, 1, 2)
    info = ingest.dispatch_info(session.chain, _bytes("payment_queryInfo", extrinsic))
    return {"weight": {"ref_time": info["weight"]["ref_time"], "proof_size": info["weight"]["proof_size"]},
            "class": info["class"].lower(), "partialFee": str(info["partial_fee"])}


TABLE = {
    "author_submitExtrinsic": submit_extrinsic,
    "author_submitAndWatchExtrinsic": submit_and_watch,
    "author_unwatchExtrinsic": unwatch_extrinsic,
    "payment_queryInfo": query_info,
}

"""The dashboard's new-heads worker body: follow the backend's new heads (a taonet node's
Server-Sent Events or a subtensor node's `chain_subscribeNewHeads`, `Backend.new_heads`) and
reconnect forever. It only posts messages (NodeUp with `taonet_chainInfo` and the backend's
capabilities, HeadArrived for the head then and per block after, NodeDown with a short reason while no node answers);
`HeadArrived` coalesces, so the newest head wins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message

from tui.messages import HeadArrived, NodeDown, NodeUp

QUIET = {"taonet": 10.0, "subtensor": 60.0}
"""Seconds without a word from the feed before it counts as down: a taonet node sends a keep-alive
every second; a subtensor node only its blocks (12 s apart on finney), so a few of them."""


def follow(url: str, open_backend: Callable[[], Any], post: Callable[[Message], object], stopping: Callable[[], bool],
           wait: Callable[[float], object], retry: float = 1.0) -> None:
    """Run until `stopping()`; `open_backend()` connects (tui.context.Context.backend), `wait(seconds)`
    sleeps between attempts (and returns early on quit). Keep-alives (about one a second) let it
    notice quitting while no block comes."""
    from client.errors import NodeUnavailable

    while not stopping():
        try:
            with open_backend() as backend:
                info = backend.call("taonet_chainInfo")
                post(NodeUp(url, info, frozenset(backend.capabilities)))
                if info.get("best_number") is not None:  # the head now, whether or not the feed starts with it
                    post(HeadArrived({"number": info["best_number"], "hash": info.get("best_hash")}))
                heads = backend.new_heads(QUIET.get(backend.kind, 60.0), keepalives=True)
                try:
                    for header in heads:
                        if stopping():
                            return
                        if header is not None:
                            post(HeadArrived(dict(header)))
                finally:
                    heads.close()  # its own connection (a subtensor node's WebSocket) ends now
            reason = "the node closed the feed"
        except NodeUnavailable as exc:
            reason = exc.detail or "no answer"
        except Exception as exc:  # any other failure also means: no usable node now, try again shortly
            reason = str(exc) or type(exc).__name__
        if stopping():
            return
        post(NodeDown(url, reason))
        wait(retry)

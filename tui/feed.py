"""The dashboard's new-heads worker body: follow the node's feed (`client.heads`) and reconnect
forever. It only posts messages (NodeUp with `taonet_chainInfo`, HeadArrived per block, NodeDown
with a short reason while no node answers); `HeadArrived` coalesces, so the newest head wins."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from tui.messages import HeadArrived, NodeDown, NodeUp


def follow(url: str, post: Callable[[Message], object], stopping: Callable[[], bool],
           wait: Callable[[float], object], retry: float = 1.0) -> None:
    """Run until `stopping()`; `wait(seconds)` sleeps between attempts (and returns early on quit).
    Keep-alives (about one a second) let it notice quitting while no block comes."""
    from client.errors import NodeUnavailable
    from client.heads import new_heads
    from client.taonet import TaonetBackend

    while not stopping():
        try:
            with TaonetBackend(url, timeout=10.0) as rpc:
                post(NodeUp(url, rpc.call("taonet_chainInfo")))
            for header in new_heads(url, keepalives=True):
                if stopping():
                    return
                if header is not None:
                    post(HeadArrived(dict(header)))
            reason = "the node closed the feed"
        except NodeUnavailable as exc:
            reason = exc.detail or "no answer"
        except Exception as exc:  # any other failure also means: no usable node now, try again shortly
            reason = str(exc) or type(exc).__name__
        if stopping():
            return
        post(NodeDown(url, reason))
        wait(retry)

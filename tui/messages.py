"""Messages between the dashboard's workers and its handlers: small dataclasses, nothing else.

Workers (threads doing node I/O) only ever post these; handlers on the app and the views turn
them into state. `HeadArrived` coalesces: a queued head is replaced by a newer one, so a fast
chain never builds a backlog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message


@dataclass
class NodeUp(Message):
    """The node answered: its URL, `taonet_chainInfo`, and what its backend offers
    (`client.backend` capabilities; empty: not said, keep what the network's kind implies)."""

    url: str
    info: dict[str, Any]
    capabilities: frozenset[str] = frozenset()


@dataclass
class NodeDown(Message):
    """No node answers at `url` (the app shows how to start one and keeps retrying)."""

    url: str
    reason: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, NodeDown)


@dataclass
class HeadArrived(Message):
    """A new block header from the new-heads feed; only the newest pending one is kept."""

    header: dict[str, Any]

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, HeadArrived)


@dataclass
class Loaded(Message):
    """A view's data for one block, read by `view.load` in a worker."""

    view: str
    head: int
    data: Any

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Loaded) and message.view == self.view


@dataclass
class LoadFailed(Message):
    view: str
    error: str


@dataclass
class ActionDone(Message):
    """An action (stake, process start/stop) finished: `ok`, a one-line `text`, and details."""

    action: str
    ok: bool
    text: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class OpenSubnet(Message):
    """Show subnet `netuid` on the Subnet view."""

    netuid: int

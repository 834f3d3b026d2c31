"""Node errors a user can act on (ValueError subclasses: btcli prints them as one line)."""
from __future__ import annotations


class NodeError(ValueError):
    """A node could not start, stop or open its data directory; the message says what to do."""

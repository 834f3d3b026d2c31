"""The subtensor backend: taonet's client against a real subtensor node (finney, test, archive, ws(s)://).

`SubtensorBackend` satisfies `client.backend.Backend` with the parts of this package:
`connection` (one WebSocket connection through async-substrate-interface: deadlines, close, metadata
cached on disk), `reads*` (the read model computed from the runtime's APIs and storage), `calls`
(taonet's neutral calls mapped to the runtime's pallets), `signing` (a signed SCALE extrinsic from a
taonet key, fees, submission and its events) and `errors` (a DispatchError in one line).

Nothing here imports async-substrate-interface at module level: `btcli --help` must not load it.
"""
from __future__ import annotations

from typing import Any

__all__ = ["SubtensorBackend"]


def __getattr__(name: str) -> Any:  # the parts import one another; the backend is found on first use
    if name == "SubtensorBackend":
        from client.subtensor.backend import SubtensorBackend

        return SubtensorBackend
    raise AttributeError(name)

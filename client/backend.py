"""The one interface btcli, the dashboard and subnets use to reach a chain, whatever node speaks it.

Two backends satisfy it:

- `client.taonet.TaonetBackend`: a taonet node (`local`, `http(s)://`): taonet's JSON-RPC over HTTP.
- `client.subtensor.SubtensorBackend`: a real subtensor node (`finney`, `test`, `archive`,
  `ws(s)://`): Substrate JSON-RPC over a WebSocket, SCALE driven by the runtime's metadata
  (async-substrate-interface), imported only when such a network is chosen.

Reads go through *the read model*: `call(method, *params)` with taonet's method names
(`taonet_subnets`, `taonet_metagraph`, …); each answer's shape is the TypedDict the typed helpers in
`client/*.py` return (`client.subnets.subnets(backend)` and friends, which are what commands use).
The taonet backend sends them as they are; the subtensor backend computes the same shapes from the
real runtime's APIs and storage (fields the real chain lacks are None). Signing is typed here:
neutral calls (`"subtensor.add_stake_limit"`, args in rao) are signed and submitted by the backend in
its own wire format.

What only a taonet node has (hosted processes, the admin token, chart history, `localnet`) is a
*capability*: ask `backend.capabilities` before using it; the dashboard hides what a backend lacks.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from client.balance import Balance
    from client.extrinsics import AccountInfo, Outcome
    from client.heads import Head

HOSTING = "hosting"
"""Hosted miners and validators (`taonet_process*`), with the node's admin token."""
HISTORY = "history"
"""Per-neuron history for charts (`taonet_history`)."""
NODE_ADMIN = "node_admin"
"""The node's own folder: `btcli node`, `localnet`, verify and repair."""
NEW_HEADS = "new_heads"
"""A feed of new block headers (`new_heads`)."""
TAONET_ALL = frozenset({HOSTING, HISTORY, NODE_ADMIN, NEW_HEADS})
SUBTENSOR_ALL = frozenset({NEW_HEADS})


class Backend(Protocol):
    """A connection to one chain. Use as a context manager, or call `close()`."""

    kind: str
    """"taonet" or "subtensor"."""
    url: str
    """The endpoint, as connected."""
    label: str
    """The network as the user named it (`finney`, `local`, a URL): shown in every confirmation."""
    capabilities: frozenset[str]

    def __enter__(self) -> Backend: ...
    def __exit__(self, *exc: Any) -> None: ...
    def close(self) -> None: ...

    # -- the read model ------------------------------------------------------------------------
    def call(self, method: str, *params: Any, timeout: float | None = None) -> Any: ...
    def batch(self, calls: list[tuple[str, list[Any]]], raise_errors: bool = False) -> list[Any]: ...
    def wait_ready(self, timeout: float = 10.0) -> None: ...
    def new_heads(self, timeout: float = 30.0, *, keepalives: bool = False) -> Iterator[Head | None]: ...
    """Headers as blocks come; with `keepalives`, None about once a second between them (so a worker
    thread can notice it should stop)."""

    # -- signing -------------------------------------------------------------------------------
    @property
    def genesis_hash(self) -> str: ...
    def account(self, address: str) -> AccountInfo: ...
    def accounts(self, addresses: list[str]) -> list[AccountInfo]: ...
    def next_nonce(self, address: str) -> int: ...
    period: int | None
    """btcli's --period: a taonet node's extrinsic is includable in the next `period` blocks (None:
    immortal); a subtensor one is signed with a mortal era of `period` blocks (None: 16)."""
    def sign(self, keypair: Any, call: str, args: dict[str, Any], nonce: int | None = None, tip: int = 0) -> Any: ...
    def estimate_fee(self, signer: str, call: str, args: dict[str, Any], tip: int = 0) -> Balance: ...
    def submit(self, extrinsic: Any) -> str: ...
    def submit_and_wait(self, extrinsic: Any, timeout: float = 60.0, raise_on_failure: bool = True) -> Outcome: ...
    def extrinsic_events(self, outcome: Outcome) -> list[dict[str, Any]]: ...
    def commit_hash(self, hotkey: str, netuid: int, uids: list[int], values: list[int], salt: list[int],
                    version_key: int) -> str: ...


def require(backend: Backend, capability: str, what: str) -> None:
    """A one-line ClientError when `backend` lacks `capability` (`what` names the feature)."""
    from client.errors import ClientError

    if capability not in backend.capabilities:
        raise ClientError(f"{what} needs a taonet node; {backend.label} is a {backend.kind} endpoint")

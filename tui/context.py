"""What the dashboard is pointed at: the network (a taonet node or a subtensor endpoint), the wallet
path and the node's data dir; and the one place the dashboard opens a backend for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from client.backend import Backend
    from client.network import Network


@dataclass
class Context:
    """Settings every view's loader reads (plain data, safe to hand to worker threads).

    `url` is the node's URL or a network name (`local`, `finney`, `ws://…`), or a resolved
    `client.network.Network`; either way `network` holds the resolved one, and `backend()` opens
    the backend it names (client.network.open_backend): a taonet node or a subtensor endpoint."""

    url: Any
    wallet_path: str = "~/.bittensor/wallets"
    data_dir: str | None = None
    netuid: int = 1
    extra: dict[str, Any] = field(default_factory=dict)
    network: Network | None = None
    capabilities: frozenset[str] = frozenset()
    """What the backend offers (client.backend's HOSTING, HISTORY, ...): known from the kind of
    network before connecting, then what the connected backend says (`connected`)."""

    def __post_init__(self) -> None:
        from client.backend import SUBTENSOR_ALL, TAONET_ALL
        from client.network import Network, resolve_network

        if isinstance(self.url, Network):
            self.network = self.url
        elif self.network is None:
            self.network = resolve_network(str(self.url))  # UnknownNetwork (a ValueError): one line
        self.url = self.network.url
        if not self.capabilities:
            self.capabilities = TAONET_ALL if self.network.kind == "taonet" else SUBTENSOR_ALL

    @property
    def kind(self) -> str:
        """"taonet" or "subtensor"."""
        assert self.network is not None
        return self.network.kind

    @property
    def label(self) -> str:
        """The network as the user named it (`finney`, `local`, a URL)."""
        assert self.network is not None
        return self.network.name

    def has(self, capability: str) -> bool:
        return capability in self.capabilities

    def backend(self, timeout: float = 10.0) -> Backend:
        """A connected backend for this network (the caller closes it, or uses it as a context manager)."""
        from client.network import open_backend

        assert self.network is not None
        return open_backend(self.network, timeout)

    def connected(self, backend: Any) -> None:
        """Take what the connected backend says it offers."""
        self.capabilities = frozenset(backend.capabilities)

    def admin_token(self) -> str:
        """The node's admin token (client.hosting.admin_token); raises ClientError when absent."""
        from client.hosting import admin_token

        return admin_token(Path(self.data_dir).expanduser() if self.data_dir else None)

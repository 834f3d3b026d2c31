"""What the dashboard is pointed at: the node URL, the wallet path and the node's data dir."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Context:
    """Settings every view's loader reads (plain data, safe to hand to worker threads)."""

    url: str
    wallet_path: str = "~/.bittensor/wallets"
    data_dir: str | None = None
    netuid: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    def admin_token(self) -> str:
        """The node's admin token (client.hosting.admin_token); raises ClientError when absent."""
        from client.hosting import admin_token

        return admin_token(Path(self.data_dir).expanduser() if self.data_dir else None)


"""Network view: the head, block time, total issuance, each subnet's next epoch, and the subnets.

Select a subnet (enter or click) to open it on the Subnet view.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from textual.app import ComposeResult
from textual.widgets import Static

from tui.context import Context
from tui.messages import OpenSubnet
from tui.view_base import View
from tui.widgets.fast_table import FastTable
from tui.widgets.table_model import Column
from client.balance import RAO_PER_TAO as RAO


def _tao(rao: Any) -> str:
    return f"{rao / RAO:,.2f}"


def countdown(blocks: int | None, block_time: float) -> str:
    """Blocks until the next epoch and about how long that is."""
    if blocks is None:
        return "-"
    seconds = blocks * block_time
    return f"{blocks} ({seconds:.0f}s)" if seconds < 120 else f"{blocks} ({seconds / 60:.0f}m)"


SUBNET_COLUMNS = (
    Column("netuid", "Net", str, width=4),
    Column("name", "Name", str, "left", max_width=14),
    Column("price", "Price τ", lambda v: f"{v:.6f}", max_width=12),
    Column("tao_in", "TAO in", _tao, max_width=14),
    Column("alpha_in", "α in", _tao, max_width=14),
    Column("share", "Emis %", lambda v: f"{v * 100:.2f}", width=7),
    Column("tempo", "Tempo", str, width=6),
    Column("next_epoch", "Next epoch", str, max_width=14),
    Column("burn", "Reg cost τ", lambda v: f"{v / RAO:,.4f}", max_width=12),
    Column("neurons", "UIDs", str, max_width=10),
)


def summary_text(data: dict[str, Any]) -> str:
    """The head-of-view lines (a pure function of the loaded data)."""
    info = data["info"]
    issuance = info.get("total_issuance")
    return (f"Block [b]#{data['head']:,}[/] · block time {info.get('block_time') or 0:g}s · "
            f"total issuance [b]{'-' if issuance is None else f'τ{issuance / RAO:,.4f}'}[/] · "
            f"block emission τ{data['block_emission'] / RAO:,.4f} · {len(data['subnets'])} subnets")


def subnet_columns(data: dict[str, Any]) -> dict[str, np.ndarray]:
    rows, bt = data["subnets"], data["info"].get("block_time") or 12.0
    return {
        "netuid": np.array([s["netuid"] for s in rows], dtype=np.int64),
        "name": np.array([s.get("name") or "" for s in rows], dtype=object),
        "price": np.array([float(s["price"]) for s in rows]),
        "tao_in": np.array([s["tao_in"] for s in rows], dtype=np.int64),
        "alpha_in": np.array([s["alpha_in"] for s in rows], dtype=np.int64),
        "share": np.array([float(s.get("emission_share") or 0) for s in rows]),
        "tempo": np.array([s["tempo"] for s in rows], dtype=np.int64),
        "next_epoch": np.array([countdown(s.get("blocks_until_next_epoch"), bt) for s in rows], dtype=object),
        "burn": np.array([s["burn"] for s in rows], dtype=np.int64),
        "neurons": np.array([f"{s['neurons']}/{s['max_allowed_uids']}" for s in rows], dtype=object),
    }


class NetworkView(View):
    """The whole network at a glance; enter opens the highlighted subnet."""

    MAIN = "#subnets-table"

    def compose(self) -> ComposeResult:
        yield Static("waiting for the node…", id="network-summary")
        yield Static("", classes="view--error")
        yield FastTable(SUBNET_COLUMNS, "netuid", fixed_columns=1, id="subnets-table")

    @staticmethod
    def load(rpc: Any, ctx: Context) -> dict[str, Any]:
        subnets, info = rpc.batch([("taonet_subnets", []), ("taonet_chainInfo", [])], raise_errors=True)
        return {"head": subnets["head"], "block_emission": subnets["block_emission"], "subnets": subnets["subnets"],
                "info": info}

    def show(self, data: dict[str, Any]) -> None:
        super().show(data)
        self.set_text("#network-summary", summary_text(data))
        self.query_one(FastTable).set_data(subnet_columns(data))

    def on_fast_table_row_selected(self, message: FastTable.RowSelected) -> None:
        message.stop()
        self.post_message(OpenSubnet(int(message.row_key)))

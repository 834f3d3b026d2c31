"""Key swaps in the read model: the coldkey swap announcements (one coldkey's or all), their
disputes, and what a key swap costs and waits for (node.runtime.swap_hotkey / swap_coldkey).

A plain dict over one snapshot, with the keys the real btcli's `wallet swap-check` prints.
"""
from __future__ import annotations

from typing import Any

from node.reader import View
from node.runtime import economy as eco
from node.runtime import swap_hotkey as hk


def _announcement(view: View, coldkey: str, row: tuple, redelay: int) -> dict[str, Any]:
    execution_block, new_hash = row
    dispute = view.get("coldkey_swap_disputes", coldkey)
    head = view.head
    clear_block = execution_block + redelay
    status = "disputed" if dispute is not None else "ready" if head >= execution_block else "pending"
    return {"coldkey": coldkey, "new_coldkey_hash": new_hash, "execution_block": execution_block, "status": status,
            "time_remaining_blocks": max(0, execution_block - head), "disputed_block": None if dispute is None else dispute[0],
            "clear_block": clear_block, "clear_remaining_blocks": max(0, clear_block - head)}


def key_swap_status(view: View, coldkey: str | None) -> dict[str, Any]:
    """{head, key_swap_cost, key_swap_on_subnet_cost (rao), tx_rate_limit, hotkey_swap_on_subnet_interval,
    announcement_delay, reannouncement_delay (blocks), last_tx_block (the coldkey's last key swap, with
    a coldkey), announcements: [{coldkey, new_coldkey_hash, execution_block, status
    (pending|ready|disputed), time_remaining_blocks, disputed_block, clear_block, clear_remaining_blocks}]}:
    one coldkey's announcement (none or one), or every one without a coldkey."""
    settings = eco.settings(view)
    redelay = settings["coldkey_swap_reannouncement_delay"]
    if coldkey is not None:
        row = view.get("coldkey_swap_announcements", coldkey)
        rows = [] if row is None else [(coldkey, *row)]
    else:
        rows = view.prefix("coldkey_swap_announcements", "")
    out: dict[str, Any] = {
        "head": view.head, "key_swap_cost": hk.KEY_SWAP_COST, "key_swap_on_subnet_cost": hk.KEY_SWAP_ON_SUBNET_COST,
        "tx_rate_limit": settings["tx_rate_limit"], "hotkey_swap_on_subnet_interval": hk.HOTKEY_SWAP_ON_SUBNET_INTERVAL,
        "announcement_delay": settings["coldkey_swap_announcement_delay"], "reannouncement_delay": redelay,
        "announcements": [_announcement(view, r[0], tuple(r[1:]), redelay) for r in rows]}
    if coldkey is not None:
        out["coldkey"] = coldkey
        out["last_tx_block"] = hk.last_tx_block(view, coldkey)
    return out

"""taonet_keySwapStatus on a subtensor endpoint, from the runtime's storage and constants
(ColdkeySwapAnnouncements, ColdkeySwapDisputes, ColdkeySwapAnnouncementDelay,
ColdkeySwapReannouncementDelay, TxRateLimit, LastRateLimitedBlock(LastTxBlock), KeySwapCost,
KeySwapOnSubnetCost, HotkeySwapOnSubnetInterval) at the best block. Same shape as the taonet
node's (node/read_model/swaps.py).
"""
from __future__ import annotations

from typing import Any

from client.errors import ClientError
from client.subtensor.reads import address, at_head, constant, storage, storage_map


def _hash_hex(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return "0x" + bytes(value).hex()
    text = str(value)
    return text if text.startswith("0x") else "0x" + text


def _pair(value: Any) -> tuple[int, str]:
    """(execution block, hash) of an announcement value, however the decoder shaped the tuple."""
    if isinstance(value, dict):
        value = list(value.values())
    when, new_hash = value
    return int(when), _hash_hex(new_hash)


def _last_tx_block(conn: Any, coldkey: str, at: str) -> int:
    try:
        found = storage(conn, "SubtensorModule", "LastRateLimitedBlock", [{"LastTxBlock": coldkey}], at)
    except (ClientError, ValueError, TypeError):
        found = None
    if not found:
        found = storage(conn, "SubtensorModule", "LastTxBlock", [coldkey], at)
    return int(found or 0)


def key_swap_status(conn: Any, coldkey: Any = None) -> dict[str, Any]:
    who = None if coldkey is None else address(coldkey, "coldkey")
    head, at = at_head(conn)
    delay = int(storage(conn, "SubtensorModule", "ColdkeySwapAnnouncementDelay", (), at) or 0)
    redelay = int(storage(conn, "SubtensorModule", "ColdkeySwapReannouncementDelay", (), at) or 0)
    if who is not None:
        found = storage(conn, "SubtensorModule", "ColdkeySwapAnnouncements", [who], at)
        rows = {} if found is None else {who: found}
        disputed = storage(conn, "SubtensorModule", "ColdkeySwapDisputes", [who], at)
        disputes = {} if disputed is None else {who: disputed}
    else:
        rows = storage_map(conn, "SubtensorModule", "ColdkeySwapAnnouncements", (), at)
        disputes = storage_map(conn, "SubtensorModule", "ColdkeySwapDisputes", (), at)
    announcements = []
    for ck in sorted(rows):
        when, new_hash = _pair(rows[ck])
        dispute = disputes.get(ck)
        clear = when + redelay
        status = "disputed" if dispute is not None else "ready" if head >= when else "pending"
        announcements.append({"coldkey": ck, "new_coldkey_hash": new_hash, "execution_block": when, "status": status,
                              "time_remaining_blocks": max(0, when - head),
                              "disputed_block": None if dispute is None else int(dispute), "clear_block": clear,
                              "clear_remaining_blocks": max(0, clear - head)})
    out: dict[str, Any] = {
        "head": head, "key_swap_cost": int(constant(conn, "SubtensorModule", "KeySwapCost") or 0),
        "key_swap_on_subnet_cost": int(constant(conn, "SubtensorModule", "KeySwapOnSubnetCost") or 0),
        "tx_rate_limit": int(storage(conn, "SubtensorModule", "TxRateLimit", (), at) or 0),
        "hotkey_swap_on_subnet_interval": int(constant(conn, "SubtensorModule", "HotkeySwapOnSubnetInterval") or 0),
        "announcement_delay": delay, "reannouncement_delay": redelay, "announcements": announcements}
    if who is not None:
        out["coldkey"] = who
        out["last_tx_block"] = _last_tx_block(conn, who, at)
    return out

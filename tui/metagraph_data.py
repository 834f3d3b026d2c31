"""Metagraph RPC results turned into `MetagraphTable` columns (pure functions, no Textual).

`taonet_metagraph` is used when the node has it; older nodes answer `taonet_neurons` plus
`taonet_subnetInfo`, which lack the epoch outputs (those columns then read zero). `fetch` adds
"earnings" (`client.subnets.earnings`): where the node marks a uid `recycled` (its hotkey belongs
to the subnet owner's coldkey), the recycled part of its emission is never shown as earned.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from client.balance import RAO_PER_TAO as RAO

U16 = 65535.0


def axon_text(axon: dict[str, Any] | None) -> str:
    return f"{axon['ip']}:{axon['port']}" if axon else ""


def fetch(rpc: Any, netuid: int, with_weights: bool = False) -> dict[str, Any]:
    """The metagraph of `netuid` as `taonet_metagraph` shapes it, from whichever RPC the node has,
    with "earnings" (per uid: earned and recycled emission) added."""
    from client.subnets import earnings

    m = _metagraph(rpc, netuid, with_weights)
    m["earnings"] = earnings(m)
    return m


def _metagraph(rpc: Any, netuid: int, with_weights: bool) -> dict[str, Any]:
    from client.errors import RpcError

    try:
        return rpc.call("taonet_metagraph", netuid, with_weights, with_weights)
    except RpcError as exc:
        if exc.code != -32601:  # anything but "method not found" is a real error
            raise
    neurons, info = rpc.batch([("taonet_neurons", [netuid]), ("taonet_subnetInfo", [netuid])], raise_errors=True)
    rows = neurons["neurons"]
    head = neurons["head"]
    hyper = {h["name"]: h["value"] for h in info.pop("hyperparameters", [])}
    tempo = int(hyper.get("tempo") or info.get("tempo") or 360)
    zeros = [0] * len(rows)
    return {"head": head, "netuid": netuid, "n": len(rows), "uids": [r["uid"] for r in rows],
            "hotkeys": [r["hotkey"] for r in rows], "coldkeys": [r["coldkey"] for r in rows],
            "stake": [r["stake"] for r in rows], "validator_trust": zeros, "consensus": zeros, "incentive": zeros,
            "dividends": zeros, "validator_permit": [False] * len(rows), "emission": [r["emission"] for r in rows],
            "daily_emission": [r["emission"] * 7200 // tempo for r in rows],
            "registered_at": [r["registered_at"] for r in rows], "last_update": [r["last_update"] for r in rows],
            "blocks_since_update": [head - r["last_update"] for r in rows], "immune": [r["immune"] for r in rows],
            "axons": [r["axon"] for r in rows], "pool": info, "hyperparameters": hyper}


def table_columns(m: dict[str, Any]) -> dict[str, np.ndarray]:
    """The `MetagraphTable` columns, in its units (stake and emission in alpha rao). Emission and
    per-day are what the uid earns; what the chain recycles is its own column."""
    n = len(m["uids"])
    paid = m.get("earnings")  # absent: nothing is marked recycled, all of the emission is earned
    emission = [p["earned_emission"] for p in paid] if paid else m["emission"]
    recycled = [p["recycled_emission"] for p in paid] if paid else [0] * n
    daily = [p["daily_earned"] for p in paid] if paid else m["daily_emission"]

    def ratio(key: str) -> np.ndarray:
        return np.asarray(m.get(key) or [0] * n, dtype=np.float64) / U16

    return {
        "uid": np.asarray(m["uids"], dtype=np.int64),
        "hotkey": np.asarray(m["hotkeys"], dtype=object),
        "coldkey": np.asarray(m["coldkeys"], dtype=object),
        "stake": np.asarray(m["stake"], dtype=np.int64),
        "validator_trust": ratio("validator_trust"),
        "consensus": ratio("consensus"),
        "incentive": ratio("incentive"),
        "dividends": ratio("dividends"),
        "emission": np.asarray(emission, dtype=np.int64),
        "recycled": np.asarray(recycled, dtype=np.int64),
        "permit": np.asarray(m["validator_permit"], dtype=bool),
        "updated": np.asarray(m["blocks_since_update"], dtype=np.int64),
        "immune": np.asarray(m["immune"], dtype=bool),
        "axon": np.asarray([axon_text(a) for a in m["axons"]], dtype=object),
        "daily": np.asarray(daily, dtype=np.float64) / RAO,
    }


def pool_text(m: dict[str, Any]) -> str:
    """The pool and subnet summary beside the table."""
    p = {k: v for k, v in (m.get("pool") or {}).items() if v is not None}  # None: the chain does not keep it
    share = p.get("emission_share")
    lines = [f"[b]Subnet {m['netuid']}[/] {p.get('name') or ''} {p.get('symbol') or ''}",
             f"price      τ{float(p.get('price', 0)):.6f}",
             f"TAO in     τ{p.get('tao_in', 0) / RAO:,.3f}",
             f"α in       {p.get('alpha_in', 0) / RAO:,.3f}",
             f"α out      {p.get('alpha_out', 0) / RAO:,.3f}",
             f"emission   {'-' if share is None else f'{float(share) * 100:.2f}%'}",
             f"next epoch {p.get('blocks_until_next_epoch', '-')} blocks",
             f"epochs     {p.get('epoch_count', '-')}",
             f"reg cost   τ{p.get('burn', 0) / RAO:,.4f}",
             f"neurons    {m['n']}/{p.get('max_allowed_uids', '-')}"]
    return "\n".join(lines)


def hyper_text(m: dict[str, Any], limit: int = 40) -> str:
    hyper = m.get("hyperparameters") or {}
    lines = ["[b]Hyperparameters[/]"]
    for name, value in list(hyper.items())[:limit]:
        shown = f"{value:.4g}" if isinstance(value, float) else str(value)
        lines.append(f"{name[:22]:<22} {shown}")
    return "\n".join(lines)


def own_hotkeys(wallet_path: str) -> set[str]:
    """Every coldkey and hotkey address in the wallet path (public files only)."""
    from wallet.wallet import list_wallets

    keys: set[str] = set()
    for w in list_wallets(wallet_path):
        if w.coldkey_ss58:
            keys.add(w.coldkey_ss58)
        keys.update(addr for _, addr in w.hotkeys if addr)
    return keys

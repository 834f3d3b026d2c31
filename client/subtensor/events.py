"""The real runtime's events in the read model's words.

Commands read what a call did from its events by taonet's names (`subtensor.StakeAdded` with
`tao`, `alpha`, `fee`; `transaction_payment.TransactionFeePaid` with `actual_fee`; `sudo.Sudid`
with `success`/`error`/`message`), so `normalize` renames the real events
(`SubtensorModule.StakeAdded(coldkey, hotkey, tao, alpha, netuid, fee)`) and names their
positional fields as the runtime's source orders them. Events the commands do not read keep their
fields and get the same pallet naming. An amount the real event does not carry (the α received
by a move) is None, never guessed.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

PALLETS = {"SubtensorModule": "subtensor", "TransactionPayment": "transaction_payment", "AdminUtils": "admin_utils",
           "Balances": "balances", "System": "system", "Sudo": "sudo"}

FIELDS: dict[str, tuple[str, ...]] = {
    "subtensor.StakeAdded": ("coldkey", "hotkey", "tao", "alpha", "netuid", "fee"),
    "subtensor.StakeRemoved": ("coldkey", "hotkey", "tao", "alpha", "netuid", "fee"),
    "subtensor.StakeMoved": ("coldkey", "origin_hotkey", "origin_netuid", "destination_hotkey", "destination_netuid",
                             "tao"),
    "subtensor.StakeTransferred": ("origin_coldkey", "destination_coldkey", "hotkey", "origin_netuid",
                                   "destination_netuid", "tao"),
    "subtensor.StakeSwapped": ("coldkey", "hotkey", "origin_netuid", "destination_netuid", "tao"),
    "subtensor.NetworkAdded": ("netuid", "modality"),
    "subtensor.NeuronRegistered": ("netuid", "uid", "hotkey"),
    "subtensor.WeightsCommitted": ("hotkey", "netuid", "commit_hash"),
    "subtensor.WeightsSet": ("netuid", "uid"),
    "subtensor.AxonServed": ("netuid", "hotkey"),
    "subtensor.TakeIncreased": ("coldkey", "hotkey", "take"),
    "subtensor.TakeDecreased": ("coldkey", "hotkey", "take"),
    "subtensor.AlphaBurned": ("coldkey", "hotkey", "alpha", "netuid"),
}
"""Positional fields of the events commands read, in the runtime's order (spec 461 metadata)."""


def event_name(real: str) -> str:
    pallet, _, name = real.partition(".")
    return f"{PALLETS.get(pallet, pallet)}.{name}"


def _fields(name: str, data: Mapping[str, Any]) -> dict[str, Any]:
    values = data.get("value") if set(data) == {"value"} else None
    if name in FIELDS and isinstance(values, Sequence) and not isinstance(values, str | bytes):
        return dict(zip(FIELDS[name], values))
    return dict(data)


def _sudid(data: Mapping[str, Any], describe: Any) -> dict[str, Any]:
    result = data.get("sudo_result", data.get("value"))
    if isinstance(result, Mapping) and "Err" in result:
        error, message = describe(result["Err"])
        return {"success": False, "error": error, "message": message}
    return {"success": True}


def _proxy_executed(data: Mapping[str, Any], describe: Any) -> dict[str, Any]:
    """Proxy.ProxyExecuted{result}: the proxied call's own outcome, as the taonet node reports it."""
    result = data.get("result", data.get("value"))
    if isinstance(result, Mapping) and "Err" in result:
        error, message = describe(result["Err"])
        return {"success": False, "error": error, "message": message}
    return {"success": True}


def normalize(events: list[dict[str, Any]], describe: Any) -> list[dict[str, Any]]:
    """`events` ([{"name": "Pallet.Event", "data": {...}}]) in the read model's names and fields;
    `describe(dispatch_error) -> (name, message)` words a sudo call's failure."""
    out = []
    for event in events:
        name = event_name(event["name"])
        data = event.get("data") or {}
        data = _sudid(data, describe) if name.endswith(".Sudid") else \
            _proxy_executed(data, describe) if name.endswith(".ProxyExecuted") else _fields(name, data)
        if name in ("subtensor.StakeMoved", "subtensor.StakeTransferred", "subtensor.StakeSwapped"):
            data.setdefault("received_alpha", None)  # the real event carries the TAO moved, not the α received
            data.setdefault("fee_tao", None)
        out.append({"name": name, "data": data})
    return out

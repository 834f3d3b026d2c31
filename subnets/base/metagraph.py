"""The subnet's neurons as a neuron sees them: a snapshot refreshed from the node every few seconds.

Read from `taonet_metagraph` when the node has it (issue 5), else from `taonet_neurons`; the
validator permits are only known in the first case (`validator_permit` is None otherwise).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from client.errors import RpcError


@dataclass
class Metagraph:
    netuid: int
    block: int = 0
    uids: list[int] = field(default_factory=list)
    hotkeys: list[str] = field(default_factory=list)
    coldkeys: list[str] = field(default_factory=list)
    stakes: list[int] = field(default_factory=list)
    last_update: list[int] = field(default_factory=list)
    axons: list[dict[str, Any] | None] = field(default_factory=list)
    validator_permit: list[bool] | None = None

    def uid_of(self, hotkey: str) -> int | None:
        try:
            return self.uids[self.hotkeys.index(hotkey)]
        except ValueError:
            return None

    def index_of_uid(self, uid: int) -> int | None:
        try:
            return self.uids.index(uid)
        except ValueError:
            return None

    def serving(self) -> list[int]:
        """Indexes of the neurons with a published axon (an address and a port)."""
        return [i for i, a in enumerate(self.axons) if a and a.get("port") and a.get("ip") not in (None, "0.0.0.0", "::")]

    def validators(self) -> set[str] | None:
        """Hotkeys with a validator permit; None while the chain gives none (no permits reported, or no
        epoch has run on the subnet yet), when a miner lets any registered hotkey call."""
        if self.validator_permit is None or not any(self.validator_permit):
            return None
        return {h for h, p in zip(self.hotkeys, self.validator_permit) if p}


def _from_rows(netuid: int, head: int, rows: list[dict[str, Any]]) -> Metagraph:
    mg = Metagraph(netuid, head)
    permits = []
    for n in rows:
        mg.uids.append(int(n["uid"]))
        mg.hotkeys.append(n["hotkey"])
        mg.coldkeys.append(n.get("coldkey", ""))
        mg.stakes.append(int(n.get("stake") or 0))
        mg.last_update.append(int(n.get("last_update") or 0))
        mg.axons.append(n.get("axon"))
        permits.append(n.get("validator_permit"))
    if rows and all(p is not None for p in permits):
        mg.validator_permit = [bool(p) for p in permits]
    return mg


def _columns_to_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A metagraph given as columns (uids, hotkeys, …, one list each) as one dict per neuron."""
    names = {"uids": "uid", "hotkeys": "hotkey", "coldkeys": "coldkey", "stake": "stake", "stakes": "stake",
             "last_update": "last_update", "axons": "axon", "validator_permit": "validator_permit"}
    count = len(data["hotkeys"])
    rows: list[dict[str, Any]] = [{} for _ in range(count)]
    for column, key in names.items():
        values = data.get(column)
        if isinstance(values, list) and len(values) == count:
            for row, value in zip(rows, values):
                row[key] = value
    for i, row in enumerate(rows):
        row.setdefault("uid", i)
    return rows


def fetch(rpc: Any, netuid: int) -> Metagraph:
    """The current metagraph of `netuid` (RpcError when the subnet does not exist)."""
    from client import subnets

    getter = getattr(subnets, "metagraph", None)
    if getter is not None:
        try:
            data = getter(rpc, netuid)
        except RpcError as exc:
            if "not found" not in exc.rpc_message:  # an older node: fall back to taonet_neurons
                raise
        else:
            rows = data.get("neurons")
            if not isinstance(rows, list) and isinstance(data.get("hotkeys"), list):
                rows = _columns_to_rows(data)
            if isinstance(rows, list):
                return _from_rows(netuid, int(data.get("head") or data.get("block") or 0), rows)
    data = subnets.neurons(rpc, netuid)
    return _from_rows(netuid, int(data["head"]), data["neurons"])

"""Chain specs and the genesis state.

A chain spec (JSON): {"name": str, "balances": {ss58: rao}, "sudo": ss58 | null, "timestamp": ms,
"economics": {setting: int}} — `economics` (optional) overrides chain-wide settings of
node.runtime.economy.DEFAULT_SETTINGS (min lock cost, network rate limit, default tempo, …).
Genesis also creates the root subnet (netuid 0), owned by the sudo key.
The genesis block (number 0, zero parent hash, the spec's timestamp, empty extrinsics) commits the
spec's state; its header hash is the genesis hash, which identifies the chain and goes into every
signed extrinsic. The `dev` spec funds //Alice … //Ferdie with 1,000,000 TAO each; //Alice is sudo.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from node.paths import check_chain_name
from node.runtime.balances import EXISTENTIAL_DEPOSIT
from node.runtime.types import ArgumentError, address, u64
from consensus.params import RAO_PER_TAO

DEV_ACCOUNTS = {  # the well-known dev keys (//Name on the Substrate dev phrase), as in the wallet vectors
    "alice": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
    "bob": "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
    "charlie": "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y",
    "dave": "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy",
    "eve": "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw",
    "ferdie": "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL",
}
DEV_BALANCE = 1_000_000 * RAO_PER_TAO


@dataclass(frozen=True)
class ChainSpec:
    name: str
    balances: dict[str, int] = field(default_factory=dict)
    sudo: str | None = None
    timestamp: int = 0
    economics: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out = {"name": self.name, "balances": dict(sorted(self.balances.items())), "sudo": self.sudo,
               "timestamp": self.timestamp}
        if self.economics:
            out["economics"] = dict(sorted(self.economics.items()))
        return out


# The dev chain keeps the real defaults (tempo 360, min lock 1000 TAO) except the one-subnet-per-
# 7200-blocks rate limit, which would stop a walkthrough creating two subnets.
DEV_ECONOMICS = {"network_rate_limit": 0}


def dev_spec(name: str = "taonet-dev") -> ChainSpec:
    return ChainSpec(name, {a: DEV_BALANCE for a in DEV_ACCOUNTS.values()}, DEV_ACCOUNTS["alice"], 0, dict(DEV_ECONOMICS))


def spec_from_json(data: Any) -> ChainSpec:
    """A validated ChainSpec from parsed JSON; raise ValueError with the reason."""
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"]:
        raise ValueError("a chain spec is a JSON object with a non-empty 'name'")
    try:
        check_chain_name(data["name"])  # it names the default data directory
    except ValueError as exc:
        raise ValueError(f"invalid chain spec: {exc}") from None
    balances = data.get("balances", {})
    if not isinstance(balances, dict):
        raise ValueError("chain spec 'balances' must map ss58 addresses to rao")
    try:
        checked = {address(k, "balances key"): u64(v, f"balance of {k}") for k, v in balances.items()}
        sudo = None if data.get("sudo") is None else address(data["sudo"], "sudo")
        timestamp = u64(data.get("timestamp", 0), "timestamp")
    except ArgumentError as exc:
        raise ValueError(f"invalid chain spec: {exc}") from None
    if any(0 < v < EXISTENTIAL_DEPOSIT for v in checked.values()):
        raise ValueError(f"invalid chain spec: genesis balances must be 0 or at least {EXISTENTIAL_DEPOSIT} rao")
    if sum(checked.values()) >= 2**63:
        raise ValueError("invalid chain spec: total issuance must stay below 2^63 rao")
    from node.runtime.economy import DEFAULT_SETTINGS, SETTING_MAX

    economics = data.get("economics", {})
    if not isinstance(economics, dict) or any(k not in DEFAULT_SETTINGS for k in economics):
        raise ValueError(f"invalid chain spec: 'economics' takes settings among {', '.join(sorted(DEFAULT_SETTINGS))}")
    try:
        economics = {k: u64(v, f"economics.{k}") for k, v in economics.items()}
    except ArgumentError as exc:
        raise ValueError(f"invalid chain spec: {exc}") from None
    for name, value in economics.items():
        if value > SETTING_MAX.get(name, (value, ""))[0]:
            raise ValueError(f"invalid chain spec: economics.{name} must be in 0..{SETTING_MAX[name][0]}, got {value}")
    return ChainSpec(data["name"], checked, sudo, timestamp, economics)


def load_spec(source: str) -> ChainSpec:
    """'dev' or the path of a chain spec JSON file."""
    if source == "dev":
        return dev_spec()
    try:
        data = json.loads(Path(source).expanduser().read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read chain spec {source}: {exc}") from None
    return spec_from_json(data)


def write_genesis_state(state: Any, spec: ChainSpec) -> None:
    """Put the spec's accounts, issuance, sudo key and chain name into the state overlay."""
    for who, free in spec.balances.items():
        if free:
            state.put("accounts", who, (free, 0))
    state.put_value("total_issuance", sum(spec.balances.values()))
    state.put_value("chain_name", spec.name)
    if spec.sudo is not None:
        state.put_value("sudo_key", spec.sudo)
    from node.runtime import economy

    if spec.economics:
        state.put_value("economics", dict(spec.economics))
    root = economy.new_subnet(economy.ROOT_NETUID, spec.sudo or "", "", 0)
    root.name, root.symbol = "root", "Τ"
    economy.save_subnet(state, root)
    economy.save_params(state, economy.ROOT_NETUID, economy.default_params(), {})
    state.put_value("netuids", [economy.ROOT_NETUID])

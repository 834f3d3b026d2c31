"""Subnets in the read model: the per-subnet summary, emission shares, hyperparameters.

Amounts are integer rao (alpha amounts in alpha rao); prices are floats in TAO per alpha.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from consensus import emission as em
from consensus import params as hp
from consensus.pool import PERQUINTILL
from node.read_model import NotFound
from node.reader import View
from node.runtime import balances
from node.runtime import economy as eco


def require_subnet(view: View, netuid: int) -> eco.Subnet:
    """The subnet `netuid`, or NotFound."""
    s = eco.subnet(view, netuid)
    if s is None:
        raise NotFound(f"subnet {netuid} does not exist")
    return s


def subnet_summary(view: View, s: eco.Subnet, head: int, shares: dict[int, Fraction]) -> dict[str, Any]:
    """One subnet's summary (the shape of a `taonet_subnets` entry)."""
    p = eco.params(view, s.netuid)
    tempo = p.get("tempo", 360)
    return {
        "netuid": s.netuid, "name": s.name, "symbol": s.symbol, "owner_coldkey": s.owner_coldkey,
        "owner_hotkey": s.owner_hotkey, "registered_at": s.registered_at, "started": bool(s.first_emission_block) or s.netuid == 0,
        "first_emission_block": s.first_emission_block, "tao_in": s.tao_in, "alpha_in": s.alpha_in, "alpha_out": s.alpha_out,
        "protocol_alpha": s.protocol_alpha, "quote_weight": s.quote_weight / PERQUINTILL, "price": float(s.price),
        "ema_price": float(em.ema_price_fraction(s.ema_price_q32)) if s.netuid else 1.0,
        "emission_share": float(shares.get(s.netuid, Fraction(0))), "tao_emission": s.tao_emission,
        "alpha_emission": s.alpha_emission, "tempo": tempo, "last_epoch_block": s.last_epoch_block,
        "blocks_until_next_epoch": em.blocks_until_next_epoch(head, tempo, s.last_epoch_block) if s.netuid else None,
        "pending_epoch_at": s.pending_epoch_at, "last_epoch_trigger": eco.last_set(view, s.netuid).get("trigger_epoch"),
        "last_trim": eco.last_set(view, s.netuid).get("trim_to_max_allowed_uids"),
        "epoch_count": s.epoch_count, "burn": s.burn, "registration_allowed": bool(p.get("registration_allowed", True)) and s.netuid != 0,
        "neurons": s.neurons, "max_allowed_uids": p.get("max_allowed_uids"), "subnet_volume": s.volume,
        "lock_paid": s.lock_paid, "registrations": s.registrations,
        "pending": {"server": s.pending_server, "validator": s.pending_validator, "root": s.pending_root,
                    "owner": s.pending_owner},
    }


def emission_shares(view: View, subnet_rows: list[eco.Subnet]) -> dict[int, Fraction]:
    """Each emitting subnet's share of the block emission (netuid -> fraction)."""
    from node.runtime.coinbase import miner_burned

    emitting = [s for s in subnet_rows if s.netuid and s.first_emission_block and eco.param(view, s.netuid, "registration_allowed")]
    shares = em.subnet_shares([em.ema_price_fraction(s.ema_price_q32) for s in emitting],
                              [miner_burned(view, s.netuid) for s in emitting])
    return {s.netuid: share for s, share in zip(emitting, shares)}


def all_subnets(view: View) -> list[eco.Subnet]:
    return [eco.subnet(view, n) for n in eco.netuids(view)]


def subnet_with_share(view: View, s: eco.Subnet) -> dict[str, Any]:
    """`s`'s summary at the view's head, its emission share computed among every subnet."""
    return subnet_summary(view, s, view.head, emission_shares(view, all_subnets(view)))


def subnets(view: View) -> dict[str, Any]:
    """Every subnet: {"head", "block_emission", "subnets": [summary…]}."""
    head = view.head
    rows = all_subnets(view)
    shares = emission_shares(view, rows)
    return {"head": head, "block_emission": em.block_emission(balances.total_issuance(view)),
            "subnets": [subnet_summary(view, s, head, shares) for s in rows]}


def hyperparameter_rows(view: View, s: eco.Subnet) -> list[dict[str, Any]]:
    """[{name, value, raw, type, min, max, owner_settable, settable, last_set, storage, note}]
    (float values shown, U64F64 bits in raw)."""
    values, changed = eco.params(view, s.netuid), eco.last_set(view, s.netuid)
    out = []
    for spec in hp.HYPERPARAMS.values():
        if spec.name == "burn":
            raw = s.burn
        elif spec.name == "subnet_is_active":
            raw = bool(s.first_emission_block)
        else:
            raw = values.get(spec.name, spec.default)
        shown = raw / 2**64 if spec.type == "float" else raw
        out.append({"name": spec.name, "value": shown, "raw": raw, "type": spec.type, "min": spec.min, "max": spec.max,
                    "owner_settable": spec.owner_settable and bool(spec.call), "settable": bool(spec.call),
                    "last_set": changed.get(spec.name),
                    "storage": spec.storage, "note": spec.note})
    yuma3 = bool(values.get("yuma3_enabled", hp.HYPERPARAMS["yuma3_enabled"].default))
    out.append({"name": "yuma_version", "value": 3 if yuma3 else 2, "raw": 3 if yuma3 else 2, "type": "u16", "min": 2,
                "max": 3, "owner_settable": False, "settable": False, "last_set": None, "storage": "Yuma3On",
                "note": "derived from yuma3_enabled: set that to switch between Yuma 3 and Yuma 2"})
    return out


def subnet_info(view: View, netuid: int) -> dict[str, Any]:
    """One subnet: its summary, "head" and "hyperparameters" (hyperparameter_rows)."""
    s = require_subnet(view, netuid)
    return {**subnet_with_share(view, s), "head": view.head, "hyperparameters": hyperparameter_rows(view, s),
            "last_owner_changes": eco.last_set(view, s.netuid)}


def hyperparameters(view: View, netuid: int) -> dict[str, Any]:
    """{"netuid", "owner_coldkey", "hyperparameters": hyperparameter_rows}."""
    s = require_subnet(view, netuid)
    return {"netuid": s.netuid, "owner_coldkey": s.owner_coldkey, "hyperparameters": hyperparameter_rows(view, s)}

"""Stake in the read model: a coldkey's stake everywhere, a hotkey's owner and nominators, validator
takes (node.runtime.take) and root claims (node.runtime.root_claim).

A stake row is keyed f"{coldkey}:{hotkey}:{netuid}" (node.schema); its alpha is its shares' value,
⌊shares·pool alpha/pool shares⌋ (node.runtime.staking), exactly what unstaking it all would take.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from consensus import params as hp
from node.read_model.subnets import require_subnet
from node.reader import View
from node.runtime import economy as eco
from node.runtime import root_claim, staking, take


def stakes(view: View, coldkey: str) -> list[dict[str, Any]]:
    """[{coldkey, hotkey, netuid, uid (None if not registered), alpha, shares, price, tao_value}]
    for every hotkey and subnet `coldkey` stakes on (tao_value at the spot price, before fees)."""
    out = []
    prices: dict[int, Fraction] = {}
    for key, shares in view.prefix("stake", coldkey + ":"):
        _, hotkey, netuid_text = key.split(":")
        netuid = int(netuid_text)
        alpha_total, share_total = staking.hotkey_pool(view, netuid, hotkey)
        alpha = shares * alpha_total // share_total if share_total else 0
        if netuid not in prices:
            s = eco.subnet(view, netuid)
            prices[netuid] = s.price if s else Fraction(0)
        uid = eco.uid_of(view, netuid, hotkey)
        out.append({"coldkey": coldkey, "hotkey": hotkey, "netuid": netuid, "uid": uid, "alpha": alpha, "shares": shares,
                    "price": float(prices[netuid]), "tao_value": int(alpha * prices[netuid])})
    return out


def stake_info(view: View, coldkeys: list[str]) -> dict[str, Any]:
    """The stakes of several coldkeys: {"head", "stakes": [stakes rows…], "totals": {coldkey: tao_value}}."""
    rows = [row for c in coldkeys for row in stakes(view, c)]
    totals = {c: 0 for c in coldkeys}
    for row in rows:
        totals[row["coldkey"]] += row["tao_value"]
    return {"head": view.head, "stakes": rows, "totals": totals}


def hotkey_owner(view: View, hotkey: str) -> dict[str, Any]:
    """{hotkey, coldkey (None if never registered), since, netuids: [where it has a uid]}."""
    row = view.get("hotkey_owner", hotkey)
    netuids = [n for n in eco.netuids(view) if eco.uid_of(view, n, hotkey) is not None]
    return {"hotkey": hotkey, "coldkey": row[0] if row else None, "since": row[1] if row else None, "netuids": netuids}


def nominators(view: View, hotkey: str, netuid: int, limit: int) -> dict[str, Any]:
    """The coldkeys staking to `hotkey` on `netuid`, largest stake first (then by coldkey), at most
    `limit` of them: {head, hotkey, netuid, uid, owner, take (u16; None if unregistered), pool_alpha,
    pool_shares, count (every nominator), nominators: [{coldkey, alpha, shares, proportion, owner}]}."""
    suffix = f":{hotkey}:{netuid}"
    s = require_subnet(view, netuid)
    owner = staking.hotkey_owner(view, hotkey)
    pool_alpha, pool_shares = staking.hotkey_pool(view, s.netuid, hotkey)
    rows = view.conn.execute("SELECT key, shares FROM stake WHERE substr(key, -?) = ?", (len(suffix), suffix)).fetchall()
    found = []
    for key, shares in rows:
        coldkey = key[: -len(suffix)]
        found.append({"coldkey": coldkey, "alpha": staking.stake_alpha(view, coldkey, hotkey, s.netuid),
                      "shares": shares, "proportion": shares / pool_shares if pool_shares else 0.0,
                      "owner": coldkey == owner})
    uid = eco.uid_of(view, s.netuid, hotkey)
    take_value = take.take_of(view, hotkey) if owner is not None else None
    found.sort(key=lambda n: (-n["alpha"], n["coldkey"]))
    return {"head": view.head, "hotkey": hotkey, "netuid": s.netuid, "uid": uid, "owner": owner,
            "take": take_value, "pool_alpha": pool_alpha,
            "pool_shares": pool_shares, "count": len(found), "nominators": found[:limit]}


# -- delegation -----------------------------------------------------------------------------------
def delegate_take(view: View, hotkey: str) -> dict[str, Any]:
    """A hotkey's validator take: {head, hotkey, owner (None if never registered), take (u16 of
    65535), take_fraction, default_take, min_take, max_take, last_change (block, 0 = never),
    rate_limit (blocks between increases), next_increase_block (0 = now)}."""
    value = take.take_of(view, hotkey)
    return {"head": view.head, "hotkey": hotkey, "owner": staking.hotkey_owner(view, hotkey), "take": value,
            "take_fraction": value / hp.U16_MAX, "default_take": take.DEFAULT_TAKE, "min_take": take.MIN_TAKE,
            "max_take": take.MAX_TAKE, "last_change": take.last_change(view, hotkey),
            "rate_limit": eco.setting(view, "delegate_take_rate_limit"),
            "next_increase_block": take.next_increase_block(view, hotkey)}


def root_claims(view: View, coldkey: str) -> dict[str, Any]:
    """A coldkey's root dividends: {head, coldkey, claim_type ("Swap" | "Keep" | "KeepSubnets"),
    keep_netuids, threshold (least alpha rao a claim pays), claimable: [{hotkey, netuid, owed
    (alpha rao), root_stake (rao), swap (whether a claim sells it for root stake), above_threshold}],
    totals: {netuid: owed}, escrow: {netuid: alpha rao held for all root stakers}}."""
    kind, kept = root_claim.claim_type(view, coldkey)
    threshold = eco.setting(view, "root_claim_threshold")
    rows = root_claim.claimable(view, coldkey)
    totals: dict[str, int] = {}
    for row in rows:
        row["swap"] = kind == "Swap" or (kind == "KeepSubnets" and row["netuid"] not in kept)
        row["above_threshold"] = row["owed"] >= threshold and row["owed"] > 0
        totals[str(row["netuid"])] = totals.get(str(row["netuid"]), 0) + row["owed"]
    escrow = {n: root_claim.escrow(view, int(n)) for n in totals}
    return {"head": view.head, "coldkey": coldkey, "claim_type": kind, "keep_netuids": kept, "threshold": threshold,
            "claimable": rows, "totals": totals, "escrow": escrow}


def auto_stake(view: View, coldkey: str) -> dict[str, Any]:
    """A coldkey's auto-stake destinations (node.runtime.auto_stake): {head, coldkey, destinations:
    {str(netuid): hotkey}} — only the subnets where it set one (elsewhere its incentive stays on the
    miner hotkey)."""
    found = {}
    for key, hotkey in view.prefix("auto_stake_destination", coldkey + ":"):
        found[int(key.rsplit(":", 1)[1])] = hotkey
    return {"head": view.head, "coldkey": coldkey, "destinations": {str(n): found[n] for n in sorted(found)}}

"""JSON-RPC reads of validator takes and root claims (node.runtime.take, node.runtime.root_claim).

Amounts are integer rao (alpha rao for what is owed on a subnet); each method reads one snapshot.
"""
from __future__ import annotations

from typing import Any

from consensus import params as hp
from node.chain import Chain
from node.rpc_economy import snapshot
from node.rpc_methods import _address, method
from node.runtime import economy as eco
from node.runtime import root_claim, staking, take


@method("taonet_delegateTake")
def taonet_delegate_take(chain: Chain, hotkey: Any) -> dict:
    """A hotkey's validator take: {head, hotkey, owner (null if never registered), take (u16 of
    65535), take_fraction, default_take, min_take, max_take, last_change (block, 0 = never),
    rate_limit (blocks between increases), next_increase_block (0 = now)}."""
    hk = _address(hotkey)
    with snapshot(chain) as view:
        value = take.take_of(view, hk)
        return {"head": view.head, "hotkey": hk, "owner": staking.hotkey_owner(view, hk), "take": value,
                "take_fraction": value / hp.U16_MAX, "default_take": take.DEFAULT_TAKE, "min_take": take.MIN_TAKE,
                "max_take": take.MAX_TAKE, "last_change": take.last_change(view, hk),
                "rate_limit": eco.setting(view, "delegate_take_rate_limit"),
                "next_increase_block": take.next_increase_block(view, hk)}


@method("taonet_rootClaims")
def taonet_root_claims(chain: Chain, coldkey: Any) -> dict:
    """A coldkey's root dividends: {head, coldkey, claim_type ("Swap" | "Keep" | "KeepSubnets"),
    keep_netuids, threshold (least alpha rao a claim pays), claimable: [{hotkey, netuid, owed
    (alpha rao), root_stake (rao), swap (whether a claim sells it for root stake), above_threshold}],
    totals: {netuid: owed}, escrow: {netuid: alpha rao held for all root stakers}}."""
    ck = _address(coldkey)
    with snapshot(chain) as view:
        kind, kept = root_claim.claim_type(view, ck)
        threshold = eco.setting(view, "root_claim_threshold")
        rows = root_claim.claimable(view, ck)
        totals: dict[str, int] = {}
        for row in rows:
            row["swap"] = kind == "Swap" or (kind == "KeepSubnets" and row["netuid"] not in kept)
            row["above_threshold"] = row["owed"] >= threshold and row["owed"] > 0
            totals[str(row["netuid"])] = totals.get(str(row["netuid"]), 0) + row["owed"]
        escrow = {n: root_claim.escrow(view, int(n)) for n in totals}
        return {"head": view.head, "coldkey": ck, "claim_type": kind, "keep_netuids": kept, "threshold": threshold,
                "claimable": rows, "totals": totals, "escrow": escrow}

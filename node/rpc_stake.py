"""JSON-RPC methods of stake: a coldkey's stake everywhere, a hotkey's owner and nominators (the
dashboard's neuron detail, `btcli`-style delegate pages), validator takes and root claims.

Thin adapters: each parses its params (node.rpc_params), reads one snapshot through
node.read_model.stakes and returns its dict. Amounts are integer rao (alpha rao for alpha).
"""
from __future__ import annotations

from typing import Any

from node import rpc_params as parse
from node.chain import Chain
from node.read_model import stakes
from node.rpc_params import InvalidParams

DEFAULT_NOMINATORS = 100
MAX_NOMINATORS = 10_000


def taonet_stake_info(chain: Chain, coldkeys: Any) -> dict:
    """Stake of one coldkey (an address) or several (a list, ≤ 1000) across every hotkey and subnet:
    {"head", "stakes": [{coldkey, hotkey, netuid, uid (null if not registered), alpha, shares, price,
    tao_value}], "totals": {coldkey: tao_value}} (tao_value at the spot price, before fees)."""
    addresses = parse.addresses(coldkeys, 1000, "coldkeys")
    with chain.reader.snapshot() as view:
        return stakes.stake_info(view, addresses)


def taonet_hotkey_owner(chain: Chain, hotkey: Any) -> dict:
    """{hotkey, coldkey (null if never registered), since, netuids: [where it has a uid]}."""
    hk = parse.address(hotkey)
    with chain.reader.snapshot() as view:
        return stakes.hotkey_owner(view, hk)


def taonet_nominators(chain: Chain, hotkey: Any, netuid: Any, limit: Any = DEFAULT_NOMINATORS) -> dict:
    """The coldkeys staking to `hotkey` on `netuid`, largest stake first (then by coldkey), at most
    `limit` of them: {head, hotkey, netuid, uid (null if not registered there), owner (the coldkey
    that registered the hotkey, or null), take (its validator take, u16 of 65535; null if unregistered),
    pool_alpha, pool_shares, count (every nominator), nominators: [{coldkey, alpha, shares,
    proportion (of the pool's shares, a float for display), owner (bool)}]}."""
    hk = parse.address(hotkey)
    count_limit = parse.number(limit, "limit")
    if not 0 < count_limit <= MAX_NOMINATORS:
        raise InvalidParams(f"limit must be in 1..{MAX_NOMINATORS}, got {count_limit}")
    n = parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return stakes.nominators(view, hk, n, count_limit)


def taonet_delegate_take(chain: Chain, hotkey: Any) -> dict:
    """A hotkey's validator take: {head, hotkey, owner (null if never registered), take (u16 of
    65535), take_fraction, default_take, min_take, max_take, last_change (block, 0 = never),
    rate_limit (blocks between increases), next_increase_block (0 = now)}."""
    hk = parse.address(hotkey)
    with chain.reader.snapshot() as view:
        return stakes.delegate_take(view, hk)


def taonet_root_claims(chain: Chain, coldkey: Any) -> dict:
    """A coldkey's root dividends: {head, coldkey, claim_type ("Swap" | "Keep" | "KeepSubnets"),
    keep_netuids, threshold (least alpha rao a claim pays), claimable: [{hotkey, netuid, owed
    (alpha rao), root_stake (rao), swap (whether a claim sells it for root stake), above_threshold}],
    totals: {netuid: owed}, escrow: {netuid: alpha rao held for all root stakers}}."""
    ck = parse.address(coldkey)
    with chain.reader.snapshot() as view:
        return stakes.root_claims(view, ck)


def taonet_auto_stake(chain: Chain, coldkey: Any) -> dict:
    """A coldkey's auto-stake destinations: {head, coldkey, destinations: {netuid: hotkey}} (only the
    subnets where it set one with set_coldkey_auto_stake_hotkey)."""
    ck = parse.address(coldkey)
    with chain.reader.snapshot() as view:
        return stakes.auto_stake(view, ck)


TABLE = {
    "taonet_stakeInfo": taonet_stake_info, "taonet_hotkeyOwner": taonet_hotkey_owner,
    "taonet_nominators": taonet_nominators, "taonet_delegateTake": taonet_delegate_take,
    "taonet_rootClaims": taonet_root_claims, "taonet_autoStake": taonet_auto_stake,
}

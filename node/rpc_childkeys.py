"""JSON-RPC methods of childkeys: a hotkey's children (pending ones, its childkey take, the rate
limits) and its parents. Thin adapters over node.read_model.childkeys; proportions are u64 of
u64::MAX, stake alpha rao.
"""
from __future__ import annotations

from typing import Any

from node import rpc_params as parse
from node.chain import Chain
from node.read_model import childkeys


def taonet_children(chain: Chain, hotkey: Any, netuid: Any = None) -> dict:
    """{head, hotkey, owner, total_stake_tao, rules: {max_children, min_take, max_take,
    set_children_rate_limit, childkey_take_rate_limit, pending_childkey_cooldown, stake_threshold},
    subnets: [{netuid, children: [{hotkey, proportion, fraction}], pending: {children,
    cooldown_block} | null, childkey_take, take_fraction, last_set_children, next_set_children_block,
    next_take_increase_block, stake: {alpha, root, inherited_alpha, inherited_root}}]} — one subnet
    when `netuid` is given, else each subnet where the hotkey has children, pending ones, a take or a uid."""
    hk = parse.address(hotkey)
    n = None if netuid is None else parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return childkeys.children(view, hk, n)


def taonet_parents(chain: Chain, hotkey: Any, netuid: Any = None) -> dict:
    """{head, hotkey, subnets: [{netuid, parents: [{hotkey, proportion, fraction}], stake}]}."""
    hk = parse.address(hotkey)
    n = None if netuid is None else parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return childkeys.parents(view, hk, n)


TABLE = {"taonet_children": taonet_children, "taonet_parents": taonet_parents}

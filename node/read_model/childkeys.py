"""Childkeys in the read model: a hotkey's children (with what is pending, its childkey take and the
rate limits) and its parents, per subnet (node.runtime.childkeys holds the rules).

Proportions are u64 of u64::MAX, with `fraction` as a float for display; stake is alpha rao.
"""
from __future__ import annotations

from typing import Any

from consensus.childkeys import MAX_CHILDREN, U64_MAX
from node.read_model.subnets import require_subnet
from node.reader import View
from node.runtime import childkeys as ck
from node.runtime import economy as eco
from node.runtime import staking


def _links(links: list[tuple[int, str]]) -> list[dict[str, Any]]:
    return [{"hotkey": h, "proportion": p, "fraction": p / U64_MAX} for p, h in links]


def _netuids(view: View, netuid: int | None) -> list[int]:
    if netuid is not None:
        require_subnet(view, netuid)
        return [netuid]
    return [n for n in eco.netuids(view) if n != eco.ROOT_NETUID]


def rules(view: View) -> dict[str, int]:
    """The chain's childkey limits: max children, take range, rate limits, pending cooldown."""
    return {"max_children": MAX_CHILDREN, "min_take": ck.MIN_CHILDKEY_TAKE, "max_take": ck.MAX_CHILDKEY_TAKE,
            "set_children_rate_limit": eco.setting(view, "set_children_rate_limit"),
            "childkey_take_rate_limit": eco.setting(view, "childkey_take_rate_limit"),
            "pending_childkey_cooldown": eco.setting(view, "pending_childkey_cooldown"),
            "stake_threshold": eco.setting(view, "stake_threshold")}


def stake_of(view: View, netuid: int, hotkey: str) -> dict[str, int]:
    """Own alpha and root stake, and both as inherited through childkeys on `netuid`."""
    alpha = staking.hotkey_pool(view, netuid, hotkey)[0]
    root = staking.hotkey_pool(view, eco.ROOT_NETUID, hotkey)[0]
    (inh_alpha,), (inh_root,) = ck.inherited_stakes(view, netuid, [hotkey], [alpha], [root])
    return {"alpha": alpha, "root": root, "inherited_alpha": inh_alpha, "inherited_root": inh_root}


def children(view: View, hotkey: str, netuid: int | None = None) -> dict[str, Any]:
    """{head, hotkey, owner, total_stake_tao, rules, subnets: [{netuid, children: [{hotkey, proportion,
    fraction}], pending: {children, cooldown_block} | None, childkey_take, take_fraction,
    last_set_children, next_set_children_block (0 = now), next_take_increase_block, stake}]};
    subnets lists `netuid` only when given, else every subnet where the hotkey has children, a
    pending list, a take or a uid."""
    limits = rules(view)
    out = []
    for n in _netuids(view, netuid):
        kids = ck.children_of(view, n, hotkey)
        pending = ck.pending_of(view, n, hotkey)
        take_row = view.get("childkey_take", f"{n}:{hotkey}")
        if netuid is None and not (kids or pending or take_row or eco.uid_of(view, n, hotkey) is not None):
            continue
        last_children, last_take = ck.last_tx(view, n, hotkey)
        take = ck.childkey_take(view, n, hotkey)
        out.append({
            "netuid": n, "children": _links(kids),
            "pending": None if pending is None else {"children": _links(pending[0]), "cooldown_block": pending[1]},
            "childkey_take": take, "take_fraction": take / 65535, "last_set_children": last_children,
            "next_set_children_block": ck.next_allowed_block(last_children, limits["set_children_rate_limit"]),
            "next_take_increase_block": ck.next_allowed_block(last_take, limits["childkey_take_rate_limit"]),
            "stake": stake_of(view, n, hotkey)})
    return {"head": view.head, "hotkey": hotkey, "owner": staking.hotkey_owner(view, hotkey),
            "total_stake_tao": ck.total_stake_tao(view, hotkey), "rules": limits, "subnets": out}


def parents(view: View, hotkey: str, netuid: int | None = None) -> dict[str, Any]:
    """{head, hotkey, subnets: [{netuid, parents: [{hotkey, proportion, fraction}], stake}]} (every
    subnet where the hotkey has parents, or just `netuid`)."""
    out = []
    for n in _netuids(view, netuid):
        links = ck.parents_of(view, n, hotkey)
        if links or netuid is not None:
            out.append({"netuid": n, "parents": _links(links), "stake": stake_of(view, n, hotkey)})
    return {"head": view.head, "hotkey": hotkey, "subnets": out}

"""Childkeys: a parent hotkey lends proportions of its stake on a subnet to child hotkeys, which
validate with it; `set_children`, `set_childkey_take`, and the pending children applied after the
cooldown.  (README "Childkeys"; the real chain's staking/set_children.rs.)

Storage (node.schema): `child_keys[f"{netuid}:{parent}"]` and `parent_keys[f"{netuid}:{child}"]`
hold JSON [[proportion, hotkey], …] (proportion: u64 of u64::MAX; no row = none);
`pending_child_keys[f"{netuid}:{parent}"]` = (children JSON, cooldown block), listed per subnet in
storage `pending_children:{netuid}`; `childkey_take[f"{netuid}:{hotkey}"]` (u16 of 65535, no row =
MinChildkeyTake 0); `childkey_last_tx[f"{netuid}:{hotkey}"]` = the blocks of the last set_children
and set_childkey_take (TransactionKeyLastBlock).

set_children checks, in the chain's order: the rate limit (`set_children_rate_limit` blocks, 150;
TxRateLimitExceeded), not root (RegistrationNotPermittedOnRootSubnet), the subnet exists, the signer
owns the hotkey (NonAssociatedColdKey), no child twice (DuplicateChild), no self (InvalidChild), at
most 5 (TooManyChildren), Σ proportions ≤ u64::MAX (ProportionOverflow), no child that is already a
parent of the hotkey (ChildParentInconsistency), and, unless revoking or the hotkey is the subnet
owner's, the hotkey's total stake (TAO value over all subnets) ≥ StakeThreshold
(NotEnoughStakeToSetChildkeys). On a started subnet the children wait in PendingChildKeys until
block + `pending_childkey_cooldown` (SetChildrenScheduled) and are applied in the first block after
that in which the subnet's epoch ran (SetChildren); on a subnet not yet started they apply at once.
"""
from __future__ import annotations

import json
from typing import Any

from consensus import childkeys as ck
from node.runtime import economy as eco
from node.runtime import staking
from node.runtime.dispatch import Context, DispatchError, register
from node.runtime.types import ArgumentError, Field, address, public_key, u64

MAX_CHILDREN = ck.MAX_CHILDREN
MIN_CHILDKEY_TAKE = 0  # MinChildkeyTake
MAX_CHILDKEY_TAKE = 11_796  # MaxChildkeyTake (18%)
# the rate limits and the cooldown are chain settings (node.runtime.economy.DEFAULT_SETTINGS:
# set_children_rate_limit 150, childkey_take_rate_limit 216 000, pending_childkey_cooldown 7 200)

Children = list[tuple[int, str]]


def children_arg(value: Any, name: str) -> Children:
    """[[proportion u64, child ss58], …] (JSON arrays)."""
    if not isinstance(value, list):
        raise ArgumentError(f"{name} must be a list of [proportion, child hotkey] pairs")
    out = []
    for item in value:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            raise ArgumentError(f"{name} must be a list of [proportion, child hotkey] pairs, got {item!r}")
        out.append((u64(item[0], f"{name} proportion"), address(item[1], f"{name} child")))
    return out


def take_arg(value: Any, name: str) -> int:
    if type(value) is not int or not 0 <= value <= 65_535:
        raise ArgumentError(f"{name} must be an integer in 0..65535 (a proportion of 65535), got {value!r}")
    return value


def _key(netuid: int, hotkey: str) -> str:
    return f"{netuid}:{hotkey}"


def _read(state: Any, table: str, netuid: int, hotkey: str) -> Children:
    row = state.get(table, _key(netuid, hotkey))
    return [] if row is None else [(int(p), h) for p, h in json.loads(row[0])]


def _write(state: Any, table: str, netuid: int, hotkey: str, links: Children) -> None:
    row = (json.dumps([[p, h] for p, h in links], separators=(",", ":")),) if links else None
    if state.get(table, _key(netuid, hotkey)) != row:
        state.put(table, _key(netuid, hotkey), row)


def children_of(state: Any, netuid: int, hotkey: str) -> Children:
    """ChildKeys(hotkey, netuid): [(proportion, child)]."""
    return _read(state, "child_keys", netuid, hotkey)


def parents_of(state: Any, netuid: int, hotkey: str) -> Children:
    """ParentKeys(hotkey, netuid): [(proportion, parent)]."""
    return _read(state, "parent_keys", netuid, hotkey)


def pending_of(state: Any, netuid: int, hotkey: str) -> tuple[Children, int] | None:
    row = state.get("pending_child_keys", _key(netuid, hotkey))
    return None if row is None else ([(int(p), h) for p, h in json.loads(row[0])], row[1])


def min_childkey_take(state: Any, netuid: int) -> int:
    """The chain's get_effective_min_childkey_take: max(MinChildkeyTake, the subnet's min_childkey_take)."""
    return max(MIN_CHILDKEY_TAKE, int(eco.param(state, netuid, "min_childkey_take")))


def childkey_take(state: Any, netuid: int, hotkey: str) -> int:
    row = state.get("childkey_take", _key(netuid, hotkey))
    return max(0 if row is None else row[0], min_childkey_take(state, netuid))


def last_tx(state: Any, netuid: int, hotkey: str) -> tuple[int, int]:
    """(block of the last set_children, block of the last set_childkey_take); 0 = never."""
    row = state.get("childkey_last_tx", _key(netuid, hotkey))
    return (0, 0) if row is None else (row[0], row[1])


def _set_last(state: Any, netuid: int, hotkey: str, children_block: int | None = None,
              take_block: int | None = None) -> None:
    old = last_tx(state, netuid, hotkey)
    state.put("childkey_last_tx", _key(netuid, hotkey), (old[0] if children_block is None else children_block,
                                                          old[1] if take_block is None else take_block))


def passes_rate_limit(last: int, block: int, limit: int) -> bool:
    """The chain's check_passes_rate_limit: the first call always passes."""
    return last == 0 or block - last >= limit


def next_allowed_block(last: int, limit: int) -> int:
    return 0 if last == 0 else last + limit


def total_stake_tao(state: Any, hotkey: str) -> int:
    """The hotkey's stake over every subnet, in TAO at each pool's price (get_total_stake_for_hotkey)."""
    total = 0
    for netuid in eco.netuids(state):
        alpha = staking.hotkey_pool(state, netuid, hotkey)[0]
        if alpha:
            s = eco.subnet(state, netuid)
            total += alpha if netuid == eco.ROOT_NETUID or s is None else staking.alpha_value(s, alpha)
    return total


def check_relations(hotkey: str, children: Children, parents: Children) -> None:
    """The consistency rules on a new child list (ensure_pending_consistency), DispatchError if broken."""
    proposed = {child: p for p, child in children}
    if hotkey in proposed:
        raise DispatchError("subtensor.InvalidChild", f"hotkey {hotkey} cannot be its own child")
    if len(proposed) > MAX_CHILDREN:
        raise DispatchError("subtensor.TooManyChildren", f"{len(proposed)} children: at most {MAX_CHILDREN} per hotkey and subnet")
    if sum(proposed.values()) > ck.U64_MAX:
        raise DispatchError("subtensor.ProportionOverflow", "the children's proportions add up to more than 100%")
    parent_keys = {p for _, p in parents}
    both = sorted(c for c in proposed if c in parent_keys)
    if both:
        raise DispatchError("subtensor.ChildParentInconsistency",
                            f"{both[0]} is a parent of {hotkey} on this subnet, so it cannot also be its child")


@register("subtensor.set_children", hotkey=Field(address), netuid=Field(u64), children=Field(children_arg))
def set_children(ctx: Context, hotkey: str, netuid: int, children: Children) -> None:
    """Set (or, with an empty list, revoke) the hotkey's children on a subnet, signed by its owner."""
    state, block = ctx.state, ctx.block_number
    coldkey = ctx.signer()
    last, limit = last_tx(state, netuid, hotkey)[0], eco.setting(state, "set_children_rate_limit")
    if not passes_rate_limit(last, block, limit):
        raise DispatchError("subtensor.TxRateLimitExceeded",
                            f"children of {hotkey} on subnet {netuid} were set in block {last}; they can be set again "
                            f"from block {next_allowed_block(last, limit)}")
    if netuid == eco.ROOT_NETUID:
        raise DispatchError("subtensor.RegistrationNotPermittedOnRootSubnet", "childkeys cannot be set on the root subnet (0)")
    s = eco.require_subnet(state, netuid)
    owner = staking.hotkey_owner(state, hotkey)
    if owner != coldkey:
        where = "is not registered anywhere" if owner is None else f"is owned by {owner}"
        raise DispatchError("subtensor.NonAssociatedColdKey", f"hotkey {hotkey} {where}, not by the signer {coldkey}")
    seen: set[str] = set()
    for _, child in children:
        if child in seen:
            raise DispatchError("subtensor.DuplicateChild", f"{child} is listed twice")
        seen.add(child)
    check_relations(hotkey, children, parents_of(state, netuid, hotkey))
    threshold = eco.setting(state, "stake_threshold")
    if children and hotkey != s.owner_hotkey and total_stake_tao(state, hotkey) < threshold:
        raise DispatchError("subtensor.NotEnoughStakeToSetChildkeys",
                            f"hotkey {hotkey} needs a total stake of at least {threshold} rao to set children")
    _set_last(state, netuid, hotkey, children_block=block)
    if not s.first_emission_block:
        _apply(ctx, netuid, hotkey, children)
        return
    cooldown = block + eco.setting(state, "pending_childkey_cooldown")
    state.put("pending_child_keys", _key(netuid, hotkey), (json.dumps([[p, c] for p, c in children], separators=(",", ":")),
                                                            cooldown))
    index = state.get_value(f"pending_children:{netuid}", [])
    if hotkey not in index:
        state.put_value(f"pending_children:{netuid}", sorted(index + [hotkey]))
    ctx.emit("subtensor.SetChildrenScheduled", hotkey=hotkey, netuid=netuid, cooldown_block=cooldown,
             children=[[p, c] for p, c in children])


def _by_key(links: dict[str, int]) -> Children:
    """A BTreeMap's order: by the accounts' public keys."""
    return [(links[h], h) for h in sorted(links, key=public_key)]


def _apply(ctx: Context, netuid: int, hotkey: str, children: Children) -> None:
    """Persist the pending children of `hotkey` (persist_child_parent_relations); a list that no
    longer fits the rules is dropped silently, as on chain."""
    state = ctx.state
    new = {c: p for p, c in children if c != hotkey}
    try:
        check_relations(hotkey, _by_key(new), parents_of(state, netuid, hotkey))
    except DispatchError:
        return
    old = {c for _, c in children_of(state, netuid, hotkey)}
    _write(state, "child_keys", netuid, hotkey, _by_key(new))
    for child in sorted(set(new) | old):
        links = [(p, h) for p, h in parents_of(state, netuid, child) if h != hotkey]
        if child in new:
            current = parents_of(state, netuid, child)
            if any(h == hotkey for _, h in current):
                links = [(new[child] if h == hotkey else p, h) for p, h in current]
            else:
                links = current + [(new[child], hotkey)]
        _write(state, "parent_keys", netuid, child, links)
    ctx.emit("subtensor.SetChildren", hotkey=hotkey, netuid=netuid, children=[[p, c] for p, c in children])


def on_initialize(ctx: Context) -> None:
    """After the coinbase: on each subnet whose epoch ran in this block, apply the pending children
    whose cooldown has passed (do_set_pending_children)."""
    state, block = ctx.state, ctx.block_number
    for netuid in eco.netuids(state):
        index = state.get_value(f"pending_children:{netuid}", [])
        if not index:
            continue
        s = eco.subnet(state, netuid)
        if s is None or (s.first_emission_block and s.last_epoch_block != block):
            continue
        keep = []
        for hotkey in index:
            pending = pending_of(state, netuid, hotkey)
            if pending is None:
                continue
            children, cooldown = pending
            if cooldown < block or not s.first_emission_block:
                _apply(ctx, netuid, hotkey, children)
                state.put("pending_child_keys", _key(netuid, hotkey), None)
            else:
                keep.append(hotkey)
        if keep:
            state.put_value(f"pending_children:{netuid}", keep)
        else:
            state.put("storage", f"pending_children:{netuid}", None)


@register("subtensor.set_childkey_take", hotkey=Field(address), netuid=Field(u64), take=Field(take_arg))
def set_childkey_take(ctx: Context, hotkey: str, netuid: int, take: int) -> None:
    """Set the share of its parents' dividends the hotkey keeps as a child (signed by its owner)."""
    state, block = ctx.state, ctx.block_number
    coldkey = ctx.signer()
    owner = staking.hotkey_owner(state, hotkey)
    if owner != coldkey:
        where = "is not registered anywhere" if owner is None else f"is owned by {owner}"
        raise DispatchError("subtensor.NonAssociatedColdKey", f"hotkey {hotkey} {where}, not by the signer {coldkey}")
    if not min_childkey_take(state, netuid) <= take <= MAX_CHILDKEY_TAKE:
        low = min_childkey_take(state, netuid)
        raise DispatchError("subtensor.InvalidChildkeyTake",
                            f"take {take} ({take / 65535:.2%}) is outside {low}..{MAX_CHILDKEY_TAKE} "
                            f"({low / 65535:.2%}..{MAX_CHILDKEY_TAKE / 65535:.2%}, subnet {netuid}'s min_childkey_take "
                            "and the chain's maximum)")
    last, limit = last_tx(state, netuid, hotkey)[1], eco.setting(state, "childkey_take_rate_limit")
    if take > childkey_take(state, netuid, hotkey) and not passes_rate_limit(last, block, limit):
        raise DispatchError("subtensor.TxChildkeyTakeRateLimitExceeded",
                            f"the childkey take of {hotkey} on subnet {netuid} was changed in block {last}; it can be "
                            f"raised again from block {next_allowed_block(last, limit)}")
    _set_last(state, netuid, hotkey, take_block=block)
    state.put("childkey_take", _key(netuid, hotkey), (take,))
    ctx.emit("subtensor.ChildKeyTakeSet", hotkey=hotkey, take=take)


# -- the epoch's view (node.runtime.epoch) ---------------------------------------------------------
def inherited_stakes(state: Any, netuid: int, hotkeys: list[str], alpha: list[int],
                     root: list[int]) -> tuple[list[int], list[int]]:
    """Alpha and root stake of each hotkey after its children and parents on the subnet
    (get_inherited_for_hotkey_on_subnet and its TAO twin); unchanged where no childkeys exist."""
    child_owner, child_prop, parent_of, parent_alpha, parent_root, parent_prop = [], [], [], [], [], []
    for i, hotkey in enumerate(hotkeys):
        for p, _ in children_of(state, netuid, hotkey):
            child_owner.append(i)
            child_prop.append(p)
        for p, parent in parents_of(state, netuid, hotkey):
            parent_of.append(i)
            parent_prop.append(p)
            parent_alpha.append(staking.hotkey_pool(state, netuid, parent)[0])
            parent_root.append(staking.hotkey_pool(state, eco.ROOT_NETUID, parent)[0])
    if not child_owner and not parent_of:
        return list(alpha), list(root)
    inh_alpha = ck.inherited_stake(alpha, child_owner, child_prop, parent_of, parent_alpha, parent_prop)
    inh_root = ck.inherited_stake(root, child_owner, child_prop, parent_of, parent_root, parent_prop)
    return [int(v) for v in inh_alpha], [int(v) for v in inh_root]


def dividend_shares(state: Any, netuid: int, hotkey: str, dividend: int, tao_weight: int) -> list[tuple[str, int]]:
    """A hotkey's epoch dividend split with its parents (get_parent_child_dividends_distribution):
    [(parent, alpha)…, (hotkey, its part)]; just [(hotkey, dividend)] without parents."""
    parents = parents_of(state, netuid, hotkey)
    if not parents:
        return [(hotkey, dividend)]
    owner = staking.hotkey_owner(state, hotkey)
    stakes = [ck.ParentStake(parent, p, staking.hotkey_pool(state, netuid, parent)[0],
                             staking.hotkey_pool(state, eco.ROOT_NETUID, parent)[0],
                             staking.hotkey_owner(state, parent) == owner) for p, parent in parents]
    shares, own = ck.split_dividends(dividend, childkey_take(state, netuid, hotkey),
                                     staking.hotkey_pool(state, netuid, hotkey)[0],
                                     staking.hotkey_pool(state, eco.ROOT_NETUID, hotkey)[0],
                                     [p for p, _ in children_of(state, netuid, hotkey)], stakes, tao_weight)
    return shares + [(hotkey, own)]

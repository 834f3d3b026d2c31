"""`swap_hotkey`: a coldkey moves a hotkey's registrations, stake and roles to a new hotkey of its
own, on every subnet or on one, as the real chain's do_swap_hotkey (pallets/subtensor swap/swap_hotkey.rs).

Checks, in the chain's order: the signer owns `hotkey` (NonAssociatedColdKey); a `new_hotkey` that
already has an owner is the signer's too (NonAssociatedColdKey); the keys differ
(NewHotKeyIsSameWithOld); the signer's last key swap is more than TxRateLimit blocks ago
(HotKeySetTxRateLimitExceeded; node.runtime.swap_coldkey keeps LastTxBlock); `new_hotkey` has no
uid on the subnet, or on any subnet for a swap everywhere (HotKeyAlreadyRegisteredInSubNet); a
swap that touches root (everywhere, or netuid 0) needs a new hotkey clean on root: no root stake,
no RootClaimable rates, no RootClaimed watermarks (NewHotKeyNotCleanForRootSwap). Then:
- everywhere: on each subnet where the hotkey has a uid or children, its last hotkey swap there
  (if any) is more than HotkeySwapOnSubnetInterval blocks ago (HotKeySwapOnSubnetIntervalNotPassed);
  KeySwapCost is recycled (NotEnoughBalanceToPaySwapHotKey); the old hotkey's owner row moves to
  the new one; every subnet is swapped; its take (`delegates`) moves. Event HotkeySwapped.
- on one subnet: the interval check always applies; KeySwapOnSubnetCost is recycled; the new hotkey
  becomes the signer's (the old one stays the signer's); that subnet is swapped. Event
  HotkeySwappedOnSubnet.
Each swapped subnet moves: the uid (`uids`, the neuron row's hotkey), unrevealed weight commits,
childkey take and its rate-limit blocks, children, parents and pending children (and the hotkey
inside other hotkeys' lists), the subnet owner hotkey, and every staker's alpha (rows renamed
when the new hotkey has no pool there, else each stake's value debited and credited; on root the
RootClaimable rates and every coldkey's RootClaimed watermarks move with the shares, so nothing
owed changes). LastTxBlock and LastHotkeySwapOnNetuid record the swap.
"""
from __future__ import annotations

import json
from typing import Any

from consensus import mechanisms as cm
from node.runtime import amounts, mechanisms, root_ledger, staking
from node.runtime import childkeys as ck
from node.runtime import economy as eco
from node.runtime.dispatch import Context, DispatchError, register
from node.runtime.types import Field, address, u64
from node.schema import STATE_TABLES

# the spec-461 runtime's constants (its metadata: KeySwapCost, KeySwapOnSubnetCost, HotkeySwapOnSubnetInterval)
KEY_SWAP_COST = 100_000_000  # 0.1 TAO, recycled by swap_hotkey everywhere and by announce_coldkey_swap
KEY_SWAP_ON_SUBNET_COST = 1_000_000  # 0.001 TAO, recycled by swap_hotkey on one subnet
HOTKEY_SWAP_ON_SUBNET_INTERVAL = 1  # blocks between a coldkey's hotkey swaps on one subnet


def optional_netuid(value: Any, name: str) -> int | None:
    return None if value is None else u64(value, name)


# -- LastTxBlock and the per-subnet cooldown -------------------------------------------------------
def last_tx_block(state: Any, account: str) -> int:
    row = state.get("last_tx_block", account)
    return 0 if row is None else row[0]


def set_last_tx_block(state: Any, account: str, block: int) -> None:
    state.put("last_tx_block", account, (block,))


def exceeds_tx_rate_limit(state: Any, last: int, block: int) -> bool:
    """exceeds_tx_rate_limit: never for a first swap or a limit of 0; else within the limit."""
    limit = eco.setting(state, "tx_rate_limit")
    return limit != 0 and last != 0 and block - last <= limit


def last_hotkey_swap(state: Any, netuid: int, coldkey: str) -> int:
    row = state.get("last_hotkey_swap", f"{netuid}:{coldkey}")
    return 0 if row is None else row[0]


def registered_netuids(state: Any, hotkey: str) -> list[int]:
    return [n for n in eco.netuids(state) if eco.uid_of(state, n, hotkey) is not None]


def root_clean(state: Any, hotkey: str) -> bool:
    """No root stake, RootClaimable rates or RootClaimed watermarks on the hotkey."""
    if staking.hotkey_pool(state, eco.ROOT_NETUID, hotkey) != (0, 0) or root_ledger.rates(state, hotkey):
        return False
    return not any(hotkey in json.loads(row[0]) for _, row in state.scan("root_claimed", "%"))


# -- the call --------------------------------------------------------------------------------------
@register("subtensor.swap_hotkey", hotkey=Field(address), new_hotkey=Field(address),
          netuid=Field(optional_netuid, None))
def swap_hotkey(ctx: Context, hotkey: str, new_hotkey: str, netuid: int | None) -> None:
    """Swap `hotkey` for `new_hotkey` on every subnet (netuid None) or on one."""
    coldkey = ctx.signer()
    state, block = ctx.state, ctx.block_number
    if staking.hotkey_owner(state, hotkey) != coldkey:
        raise DispatchError("subtensor.NonAssociatedColdKey", f"hotkey {hotkey} is not owned by the signing coldkey {coldkey}")
    new_owner = staking.hotkey_owner(state, new_hotkey)
    if new_owner is not None and new_owner != coldkey:
        raise DispatchError("subtensor.NonAssociatedColdKey", f"the new hotkey {new_hotkey} belongs to another coldkey ({new_owner})")
    if hotkey == new_hotkey:
        raise DispatchError("subtensor.NewHotKeyIsSameWithOld", "the new hotkey is the old one")
    last = last_tx_block(state, coldkey)
    if exceeds_tx_rate_limit(state, last, block):
        raise DispatchError("subtensor.HotKeySetTxRateLimitExceeded",
                            f"this coldkey swapped a key at block {last}: the next swap is allowed after block "
                            f"{last + eco.setting(state, 'tx_rate_limit')}")
    taken = registered_netuids(state, new_hotkey)
    if (netuid is not None and netuid in taken) or (netuid is None and taken):
        where = f"subnet {netuid}" if netuid is not None else f"subnet(s) {', '.join(map(str, taken))}"
        raise DispatchError("subtensor.HotKeyAlreadyRegisteredInSubNet", f"the new hotkey {new_hotkey} is already registered on {where}")
    if netuid in (None, eco.ROOT_NETUID) and not root_clean(state, new_hotkey):
        raise DispatchError("subtensor.NewHotKeyNotCleanForRootSwap",
                            f"the new hotkey {new_hotkey} already has root stake or root dividends: use a fresh hotkey")
    if netuid is not None:
        _swap_on_subnet(ctx, coldkey, hotkey, new_hotkey, netuid)
        return
    affected = [n for n in eco.netuids(state)
                if eco.uid_of(state, n, hotkey) is not None or ck.children_of(state, n, hotkey)]
    for n in affected:
        _check_interval(state, n, coldkey, block, first_free=True)
    _recycle(ctx, coldkey, KEY_SWAP_COST)
    owner_row = state.get("hotkey_owner", hotkey)
    state.put("hotkey_owner", hotkey, None)
    if state.get("hotkey_owner", new_hotkey) is None:
        state.put("hotkey_owner", new_hotkey, (coldkey, block if owner_row is None else owner_row[1]))
    for n in eco.netuids(state):
        swap_on_one_subnet(state, hotkey, new_hotkey, n)
    _move(state, "delegates", hotkey, new_hotkey)
    for n in affected:
        state.put("last_hotkey_swap", f"{n}:{coldkey}", (block,))
    set_last_tx_block(state, coldkey, block)
    ctx.emit("subtensor.HotkeySwapped", coldkey=coldkey, old_hotkey=hotkey, new_hotkey=new_hotkey)


def _check_interval(state: Any, netuid: int, coldkey: str, block: int, first_free: bool) -> None:
    last = last_hotkey_swap(state, netuid, coldkey)
    if first_free and last == 0:
        return
    if not last + HOTKEY_SWAP_ON_SUBNET_INTERVAL < block:
        raise DispatchError("subtensor.HotKeySwapOnSubnetIntervalNotPassed",
                            f"this coldkey swapped a hotkey on subnet {netuid} at block {last}: wait until block "
                            f"{last + HOTKEY_SWAP_ON_SUBNET_INTERVAL + 1}")


def _recycle(ctx: Context, coldkey: str, cost: int) -> None:
    eco.withdraw_free(ctx, coldkey, cost, "subtensor.NotEnoughBalanceToPaySwapHotKey",
                      f"pay the hotkey swap's {amounts.tao(cost)}")
    eco.add_issuance(ctx.state, -cost)


def _swap_on_subnet(ctx: Context, coldkey: str, hotkey: str, new_hotkey: str, netuid: int) -> None:
    state, block = ctx.state, ctx.block_number
    _check_interval(state, netuid, coldkey, block, first_free=False)
    _recycle(ctx, coldkey, KEY_SWAP_ON_SUBNET_COST)
    if state.get("hotkey_owner", new_hotkey) is None:
        state.put("hotkey_owner", new_hotkey, (coldkey, block))
    swap_on_one_subnet(state, hotkey, new_hotkey, netuid)
    set_last_tx_block(state, coldkey, block)
    state.put("last_hotkey_swap", f"{netuid}:{coldkey}", (block,))
    ctx.emit("subtensor.HotkeySwappedOnSubnet", coldkey=coldkey, old_hotkey=hotkey, new_hotkey=new_hotkey, netuid=netuid)


# -- what moves on one subnet ----------------------------------------------------------------------
def _move(state: Any, table: str, old_key: str, new_key: str) -> None:
    row = state.get(table, old_key)
    if row is not None:
        state.put(table, old_key, None)
        state.put(table, new_key, row)


def _renamed(links: ck.Children, old: str, new: str) -> ck.Children:
    return [(p, new if h == old else h) for p, h in links]


def swap_on_one_subnet(state: Any, old: str, new: str, netuid: int) -> None:
    """perform_hotkey_swap_on_one_subnet (without keep_stake)."""
    uid = eco.uid_of(state, netuid, old)
    if uid is not None:
        state.put("uids", f"{netuid}:{old}", None)
        state.put("uids", f"{netuid}:{new}", (uid,))
        row = list(state.get("neurons", eco.neuron_key(netuid, uid)))
        row[0] = new
        state.put("neurons", eco.neuron_key(netuid, uid), tuple(row))
        for mecid in range(mechanisms.count(state, netuid)):  # each mechanism's commits (index m·4096 + netuid)
            index = cm.storage_index(netuid, mecid)
            _move(state, "weight_commits", f"{index}:{old}", f"{index}:{new}")
    for table in ("childkey_take", "childkey_last_tx"):
        _move(state, table, f"{netuid}:{old}", f"{netuid}:{new}")
    _swap_childkeys(state, old, new, netuid)
    s = eco.subnet(state, netuid)
    if s is not None and s.owner_hotkey == old:
        s.owner_hotkey = new
        eco.save_subnet(state, s)
    _swap_stake(state, old, new, netuid)
    if "auto_stake_destination" in STATE_TABLES:  # AutoStakeDestination: a coldkey's choice follows the hotkey
        for key, row in state.scan("auto_stake_destination", f"%:{netuid}"):
            if row[0] == old:
                state.put("auto_stake_destination", key, (new, *row[1:]))


def _swap_childkeys(state: Any, old: str, new: str, netuid: int) -> None:
    """parent_child_swap_hotkey and the pending lists that name the hotkey."""
    children = ck.children_of(state, netuid, old)
    ck._write(state, "child_keys", netuid, old, [])
    ck._write(state, "child_keys", netuid, new, children)
    for _, child in children:
        ck._write(state, "parent_keys", netuid, child, _renamed(ck.parents_of(state, netuid, child), old, new))
    parents = ck.parents_of(state, netuid, old)
    ck._write(state, "parent_keys", netuid, old, [])
    ck._write(state, "parent_keys", netuid, new, parents)
    for _, parent in parents:
        ck._write(state, "child_keys", netuid, parent, _renamed(ck.children_of(state, netuid, parent), old, new))
    index_key = f"pending_children:{netuid}"
    index = state.get_value(index_key, [])
    if old in index:
        _move(state, "pending_child_keys", f"{netuid}:{old}", f"{netuid}:{new}")
        state.put_value(index_key, [new if h == old else h for h in index])
    for parent in state.get_value(index_key, []):
        pending = ck.pending_of(state, netuid, parent)
        if pending is None or all(h != old for _, h in pending[0]):
            continue
        kept = [(p, h) for p, h in pending[0] if h != old]
        moved = [(p, new) for p, h in pending[0] if h == old]  # the chain appends the renamed entry
        encoded = json.dumps([[p, h] for p, h in kept + moved], separators=(",", ":"))
        state.put("pending_child_keys", f"{netuid}:{parent}", (encoded, pending[1]))


def _swap_stake(state: Any, old: str, new: str, netuid: int) -> None:
    """Every staker's alpha on `old` moves to `new`: renamed rows when `new` has no pool here (the
    shares and, on root, the claim ledger move as they are), else value for value."""
    if staking.hotkey_pool(state, netuid, old) == (0, 0) and not (netuid == eco.ROOT_NETUID and root_ledger.rates(state, old)):
        return  # no pool, so no stake rows: nothing to scan for
    stakes = state.scan("stake", f"%:{old}:{netuid}")
    if staking.hotkey_pool(state, netuid, new) == (0, 0):
        _move(state, "hotkey_alpha", f"{netuid}:{old}", f"{netuid}:{new}")
        for key, row in stakes:
            coldkey = key.split(":", 1)[0]
            state.put("stake", key, None)
            state.put("stake", f"{coldkey}:{new}:{netuid}", row)
        if netuid == eco.ROOT_NETUID:
            _move(state, "root_claimable", old, new)
            for coldkey, row in state.scan("root_claimed", "%"):
                marks = json.loads(row[0])
                if old in marks:
                    marks[new] = marks.pop(old)
                    state.put("root_claimed", coldkey, (root_ledger.dump_json(marks),))
        return
    for key, _ in stakes:
        coldkey = key.split(":", 1)[0]
        alpha = staking.stake_alpha(state, coldkey, old, netuid)
        staking.debit_stake(state, coldkey, old, netuid, alpha)
        staking.credit_stake(state, coldkey, new, netuid, alpha)
    if staking.hotkey_pool(state, netuid, old) != (0, 0):  # a pool with no stake rows left: its dust follows
        alpha, _ = staking.hotkey_pool(state, netuid, old)
        state.put("hotkey_alpha", f"{netuid}:{old}", None)
        pool_alpha, total = staking.hotkey_pool(state, netuid, new)
        state.put("hotkey_alpha", f"{netuid}:{new}", (pool_alpha + alpha, total))

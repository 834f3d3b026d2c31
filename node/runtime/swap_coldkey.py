"""The coldkey swap in two steps, as the real chain (pallets/subtensor macros/dispatches.rs,
swap/swap_coldkey.rs, guards/check_coldkey_swap.rs).

- `announce_coldkey_swap(new_coldkey_hash)`: the BlakeTwo256 hash of the new coldkey's public key.
  The first announcement recycles KeySwapCost (NotEnoughBalanceToPaySwapColdKey); a new one is
  allowed from `execution_block + ColdkeySwapReannouncementDelay` on (ColdkeySwapReannouncedTooEarly)
  and costs nothing. It stores (now + ColdkeySwapAnnouncementDelay, hash). Event ColdkeySwapAnnounced.
- `swap_coldkey_announced(new_coldkey)`: an announcement exists (ColdkeySwapAnnouncementNotFound),
  the hash matches (AnnouncedColdkeyHashDoesNotMatch), its execution block is reached
  (ColdkeySwapTooEarly); then the swap, and the announcement is gone. Event ColdkeySwapped.
- `clear_coldkey_swap_announcement()`: from `execution_block + ColdkeySwapReannouncementDelay` on
  (ColdkeySwapClearTooEarly). Event ColdkeySwapCleared.
- `dispute_coldkey_swap()`: an announcement exists and is not yet disputed
  (ColdkeySwapAlreadyDisputed); records the block. Event ColdkeySwapDisputed.
- `reset_coldkey_swap(coldkey)` (root): drops the announcement and the dispute. Event ColdkeySwapReset.
- `swap_coldkey(old_coldkey, new_coldkey, swap_cost)` (root): the swap at once, `swap_cost` recycled.
While an announcement exists the coldkey may sign only those four swap calls (ColdkeySwapAnnounced);
once disputed, nothing at all (ColdkeySwapDisputed): a guard on every signed dispatch.

The swap (do_swap_coldkey): the new coldkey has no stake (ColdKeyAlreadyAssociated) and is not a
hotkey (NewColdKeyIsHotkey); the identity moves if the new coldkey has none; subnets the old one
owns, its stakes (shares renamed, the root claim watermarks and the auto-claim index with them),
its hotkeys (owner rows and the neurons' coldkey column) and its auto-stake choices move; all its
free TAO moves and the old account is emptied (its nonce kept); LastTxBlock(new) = now.
"""
from __future__ import annotations

from hashlib import blake2b
from typing import Any

from node.runtime import amounts, balances, root_ledger
from node.runtime import economy as eco
from node.runtime.dispatch import GUARDS, ROOT, Context, DispatchError, register
from node.runtime.swap_hotkey import KEY_SWAP_COST, set_last_tx_block
from node.runtime.types import Field, address, hash32, public_key, u64
from node.schema import STATE_TABLES

ALLOWED_DURING_SWAP = frozenset({"subtensor.announce_coldkey_swap", "subtensor.swap_coldkey_announced",
                                 "subtensor.dispute_coldkey_swap", "subtensor.clear_coldkey_swap_announcement"})


def coldkey_hash(coldkey: str) -> str:
    """BlakeTwo256 of the account id: what an announcement stores (0x-hex)."""
    return "0x" + blake2b(public_key(coldkey), digest_size=32).hexdigest()


def announcement(state: Any, coldkey: str) -> tuple[int, str] | None:
    row = state.get("coldkey_swap_announcements", coldkey)
    return None if row is None else (row[0], row[1])


def dispute(state: Any, coldkey: str) -> int | None:
    row = state.get("coldkey_swap_disputes", coldkey)
    return None if row is None else row[0]


def guard(ctx: Context, call: str) -> None:
    """CheckColdkeySwap: a coldkey with an announcement signs only the swap calls; disputed, none."""
    if ctx.origin == ROOT or ctx.state.get("coldkey_swap_announcements", ctx.origin) is None:
        return
    if dispute(ctx.state, ctx.origin) is not None:
        raise DispatchError("subtensor.ColdkeySwapDisputed",
                            "this coldkey's swap is disputed: every call is refused until root resets it")
    if call not in ALLOWED_DURING_SWAP:
        raise DispatchError("subtensor.ColdkeySwapAnnounced",
                            "this coldkey announced a swap: only the swap calls (execute, clear, dispute, announce) are allowed")


GUARDS.append(guard)


def _delays(state: Any) -> tuple[int, int]:
    return eco.setting(state, "coldkey_swap_announcement_delay"), eco.setting(state, "coldkey_swap_reannouncement_delay")


@register("subtensor.announce_coldkey_swap", new_coldkey_hash=Field(hash32))
def announce_coldkey_swap(ctx: Context, new_coldkey_hash: str) -> None:
    who = ctx.signer()
    state, now = ctx.state, ctx.block_number
    delay, redelay = _delays(state)
    existing = announcement(state, who)
    if existing is not None:
        if now < existing[0] + redelay:
            raise DispatchError("subtensor.ColdkeySwapReannouncedTooEarly",
                                f"a swap is already announced: a new announcement is allowed from block {existing[0] + redelay}")
    else:
        _recycle(ctx, who, KEY_SWAP_COST)
    state.put("coldkey_swap_announcements", who, (now + delay, new_coldkey_hash))
    ctx.emit("subtensor.ColdkeySwapAnnounced", who=who, new_coldkey_hash=new_coldkey_hash)


def _recycle(ctx: Context, who: str, cost: int) -> None:
    eco.withdraw_free(ctx, who, cost, "subtensor.NotEnoughBalanceToPaySwapColdKey",
                      f"pay the coldkey swap's {amounts.tao(cost)}")
    eco.add_issuance(ctx.state, -cost)


def _announced(state: Any, who: str) -> tuple[int, str]:
    found = announcement(state, who)
    if found is None:
        raise DispatchError("subtensor.ColdkeySwapAnnouncementNotFound",
                            f"coldkey {who} has no swap announcement: announce one first")
    return found


@register("subtensor.swap_coldkey_announced", new_coldkey=Field(address))
def swap_coldkey_announced(ctx: Context, new_coldkey: str) -> None:
    who = ctx.signer()
    when, wanted = _announced(ctx.state, who)
    ctx.state.put("coldkey_swap_announcements", who, None)
    if coldkey_hash(new_coldkey) != wanted:
        raise DispatchError("subtensor.AnnouncedColdkeyHashDoesNotMatch",
                            f"{new_coldkey} is not the coldkey announced (its hash differs)")
    if ctx.block_number < when:
        raise DispatchError("subtensor.ColdkeySwapTooEarly", f"the swap can execute from block {when}")
    do_swap_coldkey(ctx, who, new_coldkey)


@register("subtensor.clear_coldkey_swap_announcement")
def clear_coldkey_swap_announcement(ctx: Context) -> None:
    who = ctx.signer()
    when, _ = _announced(ctx.state, who)
    _, redelay = _delays(ctx.state)
    if ctx.block_number < when + redelay:
        raise DispatchError("subtensor.ColdkeySwapClearTooEarly",
                            f"the announcement can be cleared from block {when + redelay}")
    ctx.state.put("coldkey_swap_announcements", who, None)
    ctx.emit("subtensor.ColdkeySwapCleared", who=who)


@register("subtensor.dispute_coldkey_swap")
def dispute_coldkey_swap(ctx: Context) -> None:
    who = ctx.signer()
    _announced(ctx.state, who)
    if dispute(ctx.state, who) is not None:
        raise DispatchError("subtensor.ColdkeySwapAlreadyDisputed", "this coldkey's swap is already disputed")
    ctx.state.put("coldkey_swap_disputes", who, (ctx.block_number,))
    ctx.emit("subtensor.ColdkeySwapDisputed", coldkey=who)


@register("subtensor.reset_coldkey_swap", coldkey=Field(address))
def reset_coldkey_swap(ctx: Context, coldkey: str) -> None:
    ctx.ensure_root()
    ctx.state.put("coldkey_swap_announcements", coldkey, None)
    ctx.state.put("coldkey_swap_disputes", coldkey, None)
    ctx.emit("subtensor.ColdkeySwapReset", who=coldkey)


@register("subtensor.swap_coldkey", old_coldkey=Field(address), new_coldkey=Field(address), swap_cost=Field(u64))
def swap_coldkey(ctx: Context, old_coldkey: str, new_coldkey: str, swap_cost: int) -> None:
    ctx.ensure_root()
    if swap_cost:
        _recycle(ctx, old_coldkey, swap_cost)
    do_swap_coldkey(ctx, old_coldkey, new_coldkey)
    reset = (ctx.state.get("coldkey_swap_announcements", old_coldkey), ctx.state.get("coldkey_swap_disputes", old_coldkey))
    if any(r is not None for r in reset):
        ctx.state.put("coldkey_swap_announcements", old_coldkey, None)
        ctx.state.put("coldkey_swap_disputes", old_coldkey, None)


# -- the swap ---------------------------------------------------------------------------------------
def do_swap_coldkey(ctx: Context, old: str, new: str) -> None:
    state = ctx.state
    if state.scan("stake", f"{new}:%"):
        raise DispatchError("subtensor.ColdKeyAlreadyAssociated",
                            f"the new coldkey {new} already stakes: swap to a coldkey with no stake")
    if state.get("hotkey_owner", new) is not None:
        raise DispatchError("subtensor.NewColdKeyIsHotkey", f"{new} is a hotkey: swap to a coldkey")
    if state.get("identities", new) is None:
        _rename(state, "identities", old, new)
    for netuid in eco.netuids(state):
        s = eco.subnet(state, netuid)
        if s is not None and s.owner_coldkey == old:
            s.owner_coldkey = new
            eco.save_subnet(state, s)
        if "auto_stake_destination" in STATE_TABLES:
            _rename(state, "auto_stake_destination", f"{old}:{netuid}", f"{new}:{netuid}")
    had_root = False
    for key, row in state.scan("stake", f"{old}:%"):
        rest = key.split(":", 1)[1]
        state.put("stake", key, None)
        state.put("stake", f"{new}:{rest}", row)
        had_root = had_root or rest.endswith(f":{eco.ROOT_NETUID}")
    _rename(state, "root_claimed", old, new)
    if had_root:
        root_ledger.remove(state, old)
        root_ledger.add(state, new)
    for hotkey, row in state.scan("hotkey_owner", "%"):
        if row[0] == old:
            state.put("hotkey_owner", hotkey, (new, *row[1:]))
    for key, row in state.scan("neurons", "%"):
        if row[1] == old:
            state.put("neurons", key, (row[0], new, *row[2:]))
    free, nonce = balances.account(state, old)
    if free:
        balances.set_account(state, old, 0, nonce)
        new_free, new_nonce = balances.account(state, new)
        balances.set_account(state, new, new_free + free, new_nonce)
    set_last_tx_block(state, new, ctx.block_number)
    ctx.emit("subtensor.ColdkeySwapped", old_coldkey=old, new_coldkey=new)


def _rename(state: Any, table: str, old_key: str, new_key: str) -> None:
    row = state.get(table, old_key)
    if row is not None:
        state.put(table, old_key, None)
        state.put(table, new_key, row)

"""Validator (delegate) take per hotkey: `increase_take` / `decrease_take`.  # spec §2.6, §5

Storage `delegates[hotkey] = (take, last_change)`: the take as a u16 proportion of 65535 and the
block of the last take change. A hotkey without a row takes DefaultTake (11 796 ≈ 18%). Bounds:
MinDelegateTake 0 ..= MaxDelegateTake 11 796.

Checks, in the chain's order (the CheckDelegateTake dispatch guard, then the call):
1. take ≥ min (DelegateTakeTooLow), take ≤ max (DelegateTakeTooHigh);
2. the hotkey exists (HotKeyAccountNotExists) and the signer owns it (NonAssociatedColdKey);
3. strictly higher for increase_take / strictly lower for decrease_take than the current take
   (DelegateTakeTooLow on both, as the chain);
4. increases only: the delegate-take rate limit — refused while
   block − last_change ≤ `delegate_take_rate_limit` (a chain setting, default TxDelegateTakeRateLimit
   216 000 blocks; 0 turns it off; a hotkey that never changed its take is never limited).
Both calls record the block, so a decrease also restarts the wait before the next increase.
The epoch (node.runtime.epoch) takes ⌊dividend·take/65535⌋ of both the alpha and the root part.
"""
from __future__ import annotations

from typing import Any

from consensus import params as hp
from node.runtime import economy as eco
from node.runtime import staking
from node.runtime.dispatch import Context, DispatchError, register
from node.runtime.types import ArgumentError, Field, address

MIN_TAKE = 0
MAX_TAKE = hp.DEFAULT_TAKE  # MaxDelegateTake = InitialDefaultDelegateTake (18%)
DEFAULT_TAKE = hp.DEFAULT_TAKE
DEFAULT_RATE_LIMIT = 216_000  # TxDelegateTakeRateLimit, blocks


def u16(value: Any, name: str) -> int:
    if type(value) is not int or not 0 <= value <= hp.U16_MAX:
        raise ArgumentError(f"{name} must be an integer in 0..65535 (a proportion of 65535), got {value!r}")
    return value


def take_of(state: Any, hotkey: str) -> int:
    """The hotkey's take (u16 proportion of 65535); DefaultTake when never set."""
    row = state.get("delegates", hotkey)
    return DEFAULT_TAKE if row is None else row[0]


def last_change(state: Any, hotkey: str) -> int:
    row = state.get("delegates", hotkey)
    return 0 if row is None else row[1]


def next_increase_block(state: Any, hotkey: str) -> int:
    """The first block in which an increase passes the rate limit (0: any block)."""
    last, limit = last_change(state, hotkey), eco.setting(state, "delegate_take_rate_limit")
    return 0 if limit == 0 or last == 0 else last + limit + 1


def _checks(ctx: Context, hotkey: str, take: int) -> str:
    if take < MIN_TAKE:
        raise DispatchError("subtensor.DelegateTakeTooLow", f"take {take} is below the minimum {MIN_TAKE}")
    if take > MAX_TAKE:
        raise DispatchError("subtensor.DelegateTakeTooHigh",
                            f"take {take} ({take / hp.U16_MAX:.2%}) is above the maximum {MAX_TAKE} ({MAX_TAKE / hp.U16_MAX:.2%})")
    coldkey = ctx.signer()
    owner = staking.hotkey_owner(ctx.state, hotkey)
    if owner is None:
        raise DispatchError("subtensor.HotKeyAccountNotExists",
                            f"hotkey {hotkey} is not registered anywhere: register it first (`btcli subnets register`)")
    if owner != coldkey:
        raise DispatchError("subtensor.NonAssociatedColdKey", f"hotkey {hotkey} is owned by {owner}, not by the signer {coldkey}")
    return coldkey


def _store(ctx: Context, hotkey: str, take: int) -> None:
    ctx.state.put("delegates", hotkey, (take, ctx.block_number))


@register("subtensor.increase_take", hotkey=Field(address), take=Field(u16))
def increase_take(ctx: Context, hotkey: str, take: int) -> None:
    """Raise the hotkey's take (signed by its owner coldkey), at most once per rate-limit window."""
    coldkey = _checks(ctx, hotkey, take)
    current = take_of(ctx.state, hotkey)
    if take <= current:
        raise DispatchError("subtensor.DelegateTakeTooLow",
                            f"increase_take must raise the take: it is {current} now, {take} asked (use decrease_take)")
    nxt = next_increase_block(ctx.state, hotkey)
    if ctx.block_number < nxt:
        raise DispatchError("subtensor.DelegateTxRateLimitExceeded",
                            f"the take was changed in block {last_change(ctx.state, hotkey)}; it can be raised again "
                            f"from block {nxt}")
    _store(ctx, hotkey, take)
    ctx.emit("subtensor.TakeIncreased", coldkey=coldkey, hotkey=hotkey, take=take)


@register("subtensor.decrease_take", hotkey=Field(address), take=Field(u16))
def decrease_take(ctx: Context, hotkey: str, take: int) -> None:
    """Lower the hotkey's take (signed by its owner coldkey); no rate limit."""
    coldkey = _checks(ctx, hotkey, take)
    current = take_of(ctx.state, hotkey)
    if take >= current:
        raise DispatchError("subtensor.DelegateTakeTooLow",
                            f"decrease_take must lower the take: it is {current} now, {take} asked (use increase_take)")
    _store(ctx, hotkey, take)
    ctx.emit("subtensor.TakeDecreased", coldkey=coldkey, hotkey=hotkey, take=take)

"""The runtime: apply an extrinsic (fee, nonce, dispatch in a savepoint), the per-block hooks, and
a whole block (`execute_block`: hooks around its extrinsics, for the producer and the replay).

Call modules register into `node.runtime.dispatch.CALLS` when imported; later issues add their
modules to `MODULES` and their per-block work to `ON_INITIALIZE` / `ON_FINALIZE`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from node.runtime import amounts
from node.runtime import childkeys  # noqa: F401  (registers the calls)
from node.runtime import auto_claim, balances, coinbase, root_claim, staking, subnets, sudo, take, utility, weights  # noqa: F401  (registers the calls)
from node.runtime import auto_stake, hotkeys, identity, unstake_all  # noqa: F401  (registers the calls)
from node.runtime import owner_settings, stake_burn, tempo_control, trim  # noqa: F401  (registers the calls)
from node.runtime import proxy  # noqa: F401  (registers the calls)
from node.runtime import swap_coldkey, swap_hotkey  # noqa: F401  (registers the calls and the coldkey-swap guard)
from node.runtime import epoch  # noqa: F401  (registers the Yuma epoch in coinbase.EPOCH_RUNNERS)
from node.runtime.dispatch import CALLS, NO_PARENT, Context, DispatchError, check_args, dispatch

MODULES = ("balances", "sudo", "subtensor", "admin_utils", "utility", "proxy")
# hooks run at the start and end of every block: hook(ctx) with ctx.origin == ROOT; as the chain's
# block_step, the pending children and then the auto-claim of root dividends run after the coinbase
ON_INITIALIZE: list[Callable[[Context], None]] = [coinbase.on_initialize, childkeys.on_initialize,
                                                  auto_claim.on_initialize]
ON_FINALIZE: list[Callable[[Context], None]] = []

__all__ = ["ADMISSION_CHECKED", "CALLS", "Context", "DispatchError", "FEELESS_CALLS", "Invalid", "Applied", "admission_check", "apply_extrinsic",
           "check_args", "execute_block", "fee"]


class Invalid(Exception):
    """The extrinsic cannot be included in this block (nonce no longer matches, fee unaffordable)."""


@dataclass(frozen=True)
class Applied:
    success: bool
    error: str | None = None
    message: str | None = None


# calls that pay no fee (Pays::No on the chain: a validator's or a miner's hotkey needs no TAO):
# the weights calls and serve_axon
FEELESS_CALLS = weights.FEELESS_CALLS | subnets.SERVING_CALLS


def fee(ext: Any) -> int:
    """The fee an extrinsic pays: base + per byte of its canonical encoding + tip; the free calls
    (FEELESS_CALLS) pay only their tip."""
    if ext.call in FEELESS_CALLS:
        return ext.tip
    return balances.fee_for(ext.length, ext.tip)


# calls the pool checks against the last committed state before admitting them: the free calls
# (a paying call that fails still pays its fee; a free one that would fail is refused instead)
ADMISSION_CHECKED = FEELESS_CALLS


def admission_check(state: Any, ext: Any, block_number: int) -> None:
    """The pool's check of a (valid, signed) extrinsic whose call is in ADMISSION_CHECKED, against
    the last committed state; raise DispatchError to refuse it."""
    if ext.call in weights.FEELESS_CALLS:
        weights.admission_check(state, ext.signer, ext.call, check_args(ext.call, ext.args), block_number)
    elif ext.call in subnets.SERVING_CALLS:
        subnets.serving_admission_check(state, ext.signer, ext.call, check_args(ext.call, ext.args), block_number)


def apply_extrinsic(state: Any, ext: Any, index: int, block_number: int, events: list) -> Applied:
    """Charge the fee and nonce, then run the call in a savepoint: a failed call changes nothing
    but the fee and nonce. Raise Invalid (state untouched) when the extrinsic cannot be included."""
    ctx = Context(state, block_number, ext.signer, index, events)
    free, nonce = balances.account(state, ext.signer)
    if ext.nonce != nonce:
        raise Invalid(f"nonce {ext.nonce} does not match the account's next nonce {nonce}")
    if not balances.withdraw_fee(ctx, ext.signer, fee(ext)):
        raise Invalid(f"the signer can no longer pay the fee of {amounts.tao(fee(ext))} (free {amounts.tao(free)})")
    mark = len(events)
    depth = state.depth()
    state.savepoint()
    try:
        dispatch(ctx, ext.call, ext.args)
    except DispatchError as exc:
        state.rollback()
        del events[mark:]
        ctx.emit("system.ExtrinsicFailed", error=exc.name, message=exc.message)
        return Applied(False, exc.name, exc.message)
    except (ArithmeticError, ValueError, TypeError, KeyError, IndexError) as exc:
        # a bug in a call must not stop block production: the call fails (deterministically, so a
        # replay agrees) and the node log keeps the traceback
        import logging

        logging.getLogger("taonet.node").exception("call %s raised", ext.call)
        state.rollback_to(depth)
        del events[mark:]
        message = f"internal error in {ext.call}: {type(exc).__name__}: {exc} (please report it)"
        ctx.emit("system.ExtrinsicFailed", error="system.InternalError", message=message)
        return Applied(False, "system.InternalError", message)
    state.release()
    ctx.emit("system.ExtrinsicSuccess")
    return Applied(True)


def initialize_block(state: Any, number: int, events: list, parent_hash: str = NO_PARENT) -> None:
    from node.runtime.dispatch import ROOT

    ctx = Context(state, number, ROOT, None, events, parent_hash)
    for hook in ON_INITIALIZE:
        hook(ctx)


def finalize_block(state: Any, number: int, events: list, parent_hash: str = NO_PARENT) -> None:
    from node.runtime.dispatch import ROOT

    ctx = Context(state, number, ROOT, None, events, parent_hash)
    for hook in ON_FINALIZE:
        hook(ctx)


def execute_block(state: Any, number: int, parent_hash: str, extrinsics: list,
                  on_invalid: Callable[[Any, str], None]) -> tuple[list, list[Applied], list]:
    """Apply a block's extrinsics to the overlay (hooks around them, which see the parent block's
    hash); invalid ones are skipped (`on_invalid(ext, why)`). Returns (included, results, events).
    The producer (node.chain) and the replay (node.replay) both build blocks through here."""
    events: list = []
    initialize_block(state, number, events, parent_hash)
    included: list = []
    results: list[Applied] = []
    for ext in extrinsics:
        try:
            result = apply_extrinsic(state, ext, len(included), number, events)
        except Invalid as exc:
            on_invalid(ext, str(exc))
            continue
        included.append(ext)
        results.append(result)
    finalize_block(state, number, events, parent_hash)
    return included, results, events

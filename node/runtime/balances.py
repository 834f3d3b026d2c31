"""Balances: free balance, existential deposit and reaping, fees, transfers, total issuance.

Constants (integer rao; 1 TAO = 10^9 rao):
- EXISTENTIAL_DEPOSIT = 500 rao, as on the real chain: an account whose free balance drops below
  it is reaped (the dust is burned from total issuance) unless the call was `keep_alive`.
  A reaped account keeps its nonce (a row with free = 0), so old extrinsics can never replay.
- fee = BASE_FEE + BYTE_FEE * len(canonical extrinsic) + tip, withdrawn before the call runs and
  burned (total issuance falls by it). A transfer of ~400 bytes pays about 0.00014 TAO.
Invariant: total issuance = the sum of all free balances.
"""
from __future__ import annotations

from node.runtime import amounts
from node.runtime.dispatch import Context, DispatchError, register
from node.runtime.types import Field, address, boolean, u64

EXISTENTIAL_DEPOSIT = 500
BASE_FEE = 100_000
BYTE_FEE = 100


def account(state, who: str) -> tuple[int, int]:
    """(free, nonce) of an account; (0, 0) if it does not exist."""
    row = state.get("accounts", who)
    return (0, 0) if row is None else row


def set_account(state, who: str, free: int, nonce: int) -> None:
    state.put("accounts", who, None if free == 0 and nonce == 0 else (free, nonce))


def total_issuance(state) -> int:
    return state.get_value("total_issuance", 0)


def _burn(state, amount: int) -> None:
    if amount:
        state.put_value("total_issuance", total_issuance(state) - amount)


def fee_for(length: int, tip: int) -> int:
    return BASE_FEE + BYTE_FEE * length + tip


def withdraw_fee(ctx: Context, who: str, fee: int) -> bool:
    """Charge `fee` and bump the nonce; False (nothing changed) when the account cannot pay."""
    free, nonce = account(ctx.state, who)
    if free < fee:
        return False
    free -= fee
    burned = fee
    if 0 < free < EXISTENTIAL_DEPOSIT:
        ctx.emit("balances.DustLost", account=who, amount=free)
        burned, free = burned + free, 0
    set_account(ctx.state, who, free, nonce + 1)
    _burn(ctx.state, burned)
    ctx.emit("transaction_payment.TransactionFeePaid", who=who, actual_fee=fee)
    return True


def transfer(ctx: Context, source: str, dest: str, value: int, keep_alive: bool) -> None:
    """Move `value` rao; reap the source below the existential deposit unless `keep_alive`."""
    state = ctx.state
    src_free, src_nonce = account(state, source)
    if src_free < value:
        raise DispatchError("balances.InsufficientBalance",
                            f"balance too low: {amounts.tao(src_free)} free after the fee, {amounts.tao(value)} asked")
    remaining = src_free - value
    if keep_alive and remaining < EXISTENTIAL_DEPOSIT:
        raise DispatchError("balances.KeepAlive",
                            f"the transfer would leave {amounts.tao(remaining)}, below the existential deposit of "
                            f"{amounts.tao(EXISTENTIAL_DEPOSIT)}: use transfer_allow_death to empty the account")
    if source == dest:
        ctx.emit("balances.Transfer", **{"from": source, "to": dest, "amount": value})
        return
    dest_free, dest_nonce = account(state, dest)
    if dest_free + value < EXISTENTIAL_DEPOSIT:
        raise DispatchError("balances.ExistentialDeposit",
                            f"the destination would hold {amounts.tao(dest_free + value)}, below the existential deposit of "
                            f"{amounts.tao(EXISTENTIAL_DEPOSIT)}")
    if remaining < EXISTENTIAL_DEPOSIT:
        if remaining:
            ctx.emit("balances.DustLost", account=source, amount=remaining)
            _burn(state, remaining)
        ctx.emit("balances.Reaped", account=source)
        remaining = 0
    set_account(state, source, remaining, src_nonce)
    if dest_free == 0:
        ctx.emit("balances.Endowed", account=dest, free_balance=value)
    set_account(state, dest, dest_free + value, dest_nonce)
    ctx.emit("balances.Transfer", **{"from": source, "to": dest, "amount": value})


@register("balances.transfer_keep_alive", dest=Field(address), value=Field(u64))
def transfer_keep_alive(ctx: Context, dest: str, value: int) -> None:
    """Transfer, refusing to take the sender below the existential deposit."""
    transfer(ctx, ctx.signer(), dest, value, keep_alive=True)


@register("balances.transfer_allow_death", dest=Field(address), value=Field(u64))
def transfer_allow_death(ctx: Context, dest: str, value: int) -> None:
    """Transfer; the sender is reaped if left below the existential deposit."""
    transfer(ctx, ctx.signer(), dest, value, keep_alive=False)


@register("balances.transfer_all", dest=Field(address), keep_alive=Field(boolean, False))
def transfer_all(ctx: Context, dest: str, keep_alive: bool) -> None:
    """Transfer the whole free balance (less the existential deposit with keep_alive)."""
    source = ctx.signer()
    free, _ = account(ctx.state, source)
    value = max(0, free - EXISTENTIAL_DEPOSIT) if keep_alive else free
    transfer(ctx, source, dest, value, keep_alive)


@register("balances.force_set_balance", who=Field(address), new_free=Field(u64))
def force_set_balance(ctx: Context, who: str, new_free: int) -> None:
    """Root only: set an account's free balance (total issuance follows)."""
    ctx.ensure_root()
    if new_free < EXISTENTIAL_DEPOSIT:
        new_free = 0
    free, nonce = account(ctx.state, who)
    if total_issuance(ctx.state) - free + new_free >= 2**63:
        raise DispatchError("balances.Overflow", "total issuance would overflow")
    set_account(ctx.state, who, new_free, nonce)
    ctx.state.put_value("total_issuance", total_issuance(ctx.state) - free + new_free)
    ctx.emit("balances.BalanceSet", who=who, free=new_free)

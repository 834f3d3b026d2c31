"""Staking: alpha held as shares of a hotkey's pool, bought and sold through the subnet pool.  # spec §3.2–§3.3

Shares. Per (netuid, hotkey) a pool of `alpha` and `shares`; per (coldkey, hotkey, netuid) a number
of shares. A stake is worth ⌊shares·alpha/total_shares⌋. Adding alpha a mints ⌊a·S/A⌋ shares
(a if the pool has none; a user's amount that would mint none is refused, an internal credit of it
joins the pool without a row); removing a burns ⌈a·S/A⌉ shares (never fewer than its value), so the
value of a share never falls and Σ stake values ≤ the pool's alpha. The last holder out takes the
dust. Every mint or burn of root shares moves the coldkey's root-claim watermarks
(node.runtime.root_ledger), so new root stake never claims old root dividends. Alpha dividends
are added to the hotkey pool: every nominator gains pro rata.

Swaps (consensus.pool): buys take the fee in TAO, which is burned (no block author on the dev
node); sells take it in alpha, which the protocol sells fee-free for TAO that is burned (if that
tiny sale cannot execute the alpha fee is recycled). Root (netuid 0) swaps 1:1, fee-free.
Limit prices are u64 = price·1e9 (TAO per alpha); for moves across subnets the limit is the
lowest accepted ratio price(origin)/price(destination) after the swap, also ·1e9.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from consensus import pool as amm
from node.runtime import amounts
from node.runtime import economy as eco
from node.runtime import root_ledger
from node.runtime.dispatch import Context, DispatchError, register
from node.runtime.types import Field, address, boolean, u64

SWAP_ERRORS = {
    "reserves_too_low": ("subtensor.InsufficientLiquidity", "the pool's reserves are too low for this swap"),
    "insufficient_liquidity": ("subtensor.InsufficientLiquidity", "the swap would take the pool below its minimum reserve"),
    "price_limit_exceeded": ("subtensor.SlippageTooHigh", "the price is already past your limit price"),
    "input_too_large": ("subtensor.InsufficientLiquidity", "the amount is more than 1000 times the pool's reserve"),
}


def _swap_error(exc: amm.SwapError) -> DispatchError:
    name, sentence = SWAP_ERRORS.get(exc.reason, ("subtensor.SwapFailed", "the swap failed"))
    return DispatchError(name, f"{sentence} ({exc})")


# -- shares -------------------------------------------------------------------------------------
def hotkey_owner(state: Any, hotkey: str) -> str | None:
    row = state.get("hotkey_owner", hotkey)
    return None if row is None else row[0]


def hotkey_pool(state: Any, netuid: int, hotkey: str) -> tuple[int, int]:
    """(alpha, shares) of a hotkey's pool on a subnet."""
    return state.get("hotkey_alpha", f"{netuid}:{hotkey}") or (0, 0)


def stake_shares(state: Any, coldkey: str, hotkey: str, netuid: int) -> int:
    row = state.get("stake", f"{coldkey}:{hotkey}:{netuid}")
    return 0 if row is None else row[0]


def stake_alpha(state: Any, coldkey: str, hotkey: str, netuid: int) -> int:
    """The alpha a coldkey holds on a hotkey on a subnet (its shares' value, floored)."""
    shares = stake_shares(state, coldkey, hotkey, netuid)
    if not shares:
        return 0
    alpha, total = hotkey_pool(state, netuid, hotkey)
    return shares * alpha // total


def shares_for(state: Any, netuid: int, hotkey: str, alpha: int) -> int:
    """The shares `alpha` mints in a hotkey's pool: ⌊a·S/A⌋ (a plus the pool's alpha when it has none)."""
    pool_alpha, total = hotkey_pool(state, netuid, hotkey)
    return alpha + pool_alpha if total == 0 else alpha * total // pool_alpha


def require_shares(state: Any, netuid: int, hotkey: str, alpha: int) -> None:
    """Refuse a user's stake of `alpha` that would mint no share (it would vanish into the pool)."""
    if alpha > 0 and shares_for(state, netuid, hotkey, alpha) == 0:
        pool_alpha, total = hotkey_pool(state, netuid, hotkey)
        raise DispatchError("subtensor.AmountTooLow",
                            f"{amounts.alpha(alpha)} buys no share of hotkey {hotkey}'s pool on subnet {netuid} (a share "
                            f"is worth {amounts.alpha(-(-pool_alpha // total))}): stake or move at least that much")


def credit_stake(state: Any, coldkey: str, hotkey: str, netuid: int, alpha: int) -> None:
    """Add `alpha` to the hotkey pool and mint the coldkey's shares for it. An amount worth less
    than one share mints none: it joins the pool (every staker gains pro rata) and no row is written."""
    if alpha <= 0:
        return
    pool_alpha, total = hotkey_pool(state, netuid, hotkey)
    minted = shares_for(state, netuid, hotkey, alpha)
    if pool_alpha + alpha > eco.INT_CEILING or total + minted > eco.INT_CEILING:
        raise DispatchError("subtensor.Overflow", "the hotkey's stake would overflow")
    state.put("hotkey_alpha", f"{netuid}:{hotkey}", (pool_alpha + alpha, total + minted))
    if minted == 0:
        return
    key = f"{coldkey}:{hotkey}:{netuid}"
    row = state.get("stake", key)
    state.put("stake", key, ((0 if row is None else row[0]) + minted,))
    if netuid == eco.ROOT_NETUID:
        root_ledger.on_root_shares(state, coldkey, hotkey, minted)


def add_to_hotkey_pool(state: Any, netuid: int, hotkey: str, alpha: int, owner_coldkey: str) -> None:
    """Alpha dividends (node.runtime.epoch): add `alpha` to a hotkey's pool without minting shares,
    so every staker on it gains pro rata. A pool with no shares yet gives them to the hotkey's
    owner coldkey (nobody else could claim the alpha)."""
    if alpha <= 0:
        return
    pool_alpha, total = hotkey_pool(state, netuid, hotkey)
    if total == 0:
        credit_stake(state, owner_coldkey, hotkey, netuid, alpha)
        return
    state.put("hotkey_alpha", f"{netuid}:{hotkey}", (pool_alpha + alpha, total))


def debit_stake(state: Any, coldkey: str, hotkey: str, netuid: int, alpha: int) -> None:
    """Remove exactly `alpha` (≤ the stake's value) from the coldkey's stake."""
    key = f"{coldkey}:{hotkey}:{netuid}"
    shares = stake_shares(state, coldkey, hotkey, netuid)
    pool_alpha, total = hotkey_pool(state, netuid, hotkey)
    value = shares * pool_alpha // total if total else 0
    if alpha > value:
        raise DispatchError("subtensor.NotEnoughStakeToWithdraw",
                            f"the stake holds {amounts.alpha(value)} on subnet {netuid}, {amounts.alpha(alpha)} asked")
    if alpha == value:
        burned = shares
        if shares == total:
            alpha = pool_alpha  # the last holder takes the dust
    else:
        burned = min(-(-alpha * total // pool_alpha), shares)
    left_alpha, left_total = pool_alpha - alpha, total - burned
    state.put("hotkey_alpha", f"{netuid}:{hotkey}", None if left_alpha == 0 and left_total == 0 else (left_alpha, left_total))
    state.put("stake", key, None if shares == burned else (shares - burned,))
    if netuid == eco.ROOT_NETUID:
        root_ledger.on_root_shares(state, coldkey, hotkey, -burned)


# -- pool operations on a subnet row --------------------------------------------------------------
def limit_of(is_buy: bool, limit_price: int | None) -> int:
    if limit_price is None:
        return amm.DEFAULT_BUY_LIMIT if is_buy else amm.DEFAULT_SELL_LIMIT
    return limit_price


def simulate_buy(s: eco.Subnet, tao: int, fee_rate: int, limit_price: int | None = None,
                 drop_fees: bool = False) -> amm.SwapResult:
    """Buy alpha with `tao` (fee included) on a copy of the pool; raise DispatchError if refused."""
    if s.netuid == eco.ROOT_NETUID:
        return amm.SwapResult(tao, 0, tao, Fraction(1), Fraction(1), Fraction(0), False,
                              amm.PoolState(s.tao_in + tao, 0, stable=True))
    try:
        return amm.buy(s.pool(fee_rate), tao, limit_of(True, limit_price), drop_fees)
    except amm.SwapError as exc:
        raise _swap_error(exc) from None


def simulate_sell(s: eco.Subnet, alpha: int, fee_rate: int, limit_price: int | None = None
                  ) -> tuple[amm.SwapResult, amm.PoolState, int]:
    """Sell `alpha` (fee included) on a copy of the pool. Returns (the trader's swap, the pool
    after the trade and the protocol's fee-free sale of the fee alpha, the fee TAO burned)."""
    if s.netuid == eco.ROOT_NETUID:
        if alpha > s.tao_in:
            raise DispatchError("subtensor.InsufficientLiquidity", "root holds less TAO than asked")
        return (amm.SwapResult(alpha, 0, alpha, Fraction(1), Fraction(1), Fraction(0), False,
                               amm.PoolState(s.tao_in - alpha, 0, stable=True)),
                amm.PoolState(s.tao_in - alpha, 0, stable=True), 0)
    try:
        result = amm.sell(s.pool(fee_rate), alpha, limit_of(False, limit_price))
    except amm.SwapError as exc:
        raise _swap_error(exc) from None
    after, fee_tao = result.pool, 0
    if result.fee:
        try:
            fee_sale = amm.sell(after, result.fee, drop_fees=True)
            after, fee_tao = fee_sale.pool, fee_sale.amount_out
        except amm.SwapError:
            pass  # too small to sell: the fee alpha is recycled
    return result, after, fee_tao


def apply_buy(ctx: Context, s: eco.Subnet, result: amm.SwapResult) -> None:
    """Commit a simulated buy to the subnet row: TAO in, alpha out to outstanding, fee burned."""
    if s.netuid == eco.ROOT_NETUID:
        s.tao_in += result.amount_in_used
    else:
        s.set_pool(result.pool)
    s.alpha_out += result.amount_out
    s.volume += result.amount_in_used
    eco.add_issuance(ctx.state, -result.fee)


def apply_sell(ctx: Context, s: eco.Subnet, sold: tuple[amm.SwapResult, amm.PoolState, int]) -> None:
    """Commit a simulated sell: alpha back to the reserve (the fee's TAO burned, or the fee
    alpha recycled), TAO out of the reserve."""
    result, after, fee_tao = sold
    if s.netuid == eco.ROOT_NETUID:
        s.tao_in -= result.amount_out
    else:
        s.set_pool(after)
    s.alpha_out -= result.amount_in_used
    s.volume += result.amount_out
    eco.add_issuance(ctx.state, -fee_tao)


# -- checks ---------------------------------------------------------------------------------------
def require_trading(s: eco.Subnet) -> None:
    if s.netuid != eco.ROOT_NETUID and s.first_emission_block == 0:
        raise DispatchError("subtensor.SubtokenDisabled",
                            f"subnet {s.netuid} has not started yet: its owner must run `btcli subnets start --netuid {s.netuid}`")


def require_hotkey(state: Any, hotkey: str) -> str:
    owner = hotkey_owner(state, hotkey)
    if owner is None:
        raise DispatchError("subtensor.HotKeyAccountNotExists",
                            f"hotkey {hotkey} is not registered anywhere: register it first (`btcli subnets register`)")
    return owner


def alpha_value(s: eco.Subnet, alpha: int) -> int:
    """TAO value of `alpha` at the spot price (floored)."""
    return int(alpha * s.price)


# -- add and remove -------------------------------------------------------------------------------
def add_stake(ctx: Context, hotkey: str, netuid: int, amount: int, limit_price: int | None, allow_partial: bool) -> None:
    coldkey = ctx.signer()
    state = ctx.state
    s = eco.require_subnet(state, netuid)
    require_trading(s)
    require_hotkey(state, hotkey)
    min_stake, fee_rate = eco.setting(state, "min_stake"), eco.setting(state, "fee_rate")
    fee = 0 if netuid == eco.ROOT_NETUID else amm.swap_fee(amount, fee_rate)
    if amount < min_stake + fee:
        raise DispatchError("subtensor.AmountTooLow",
                            f"stake at least {amounts.tao(min_stake + fee)} (the minimum stake {amounts.tao(min_stake)} plus the fee {amounts.tao(fee)}); "
                            f"{amounts.tao(amount)} asked")
    result = simulate_buy(s, amount, fee_rate, limit_price)
    if result.partial and not allow_partial:
        raise DispatchError("subtensor.SlippageTooHigh",
                            f"only {amounts.tao(result.amount_in_used)} of {amounts.tao(amount)} can be staked before the price passes your limit "
                            "(allow a partial stake, or raise the tolerance)")
    if result.amount_in_used < min_stake:
        raise DispatchError("subtensor.AmountTooLow",
                            f"only {amounts.tao(result.amount_in_used)} can be staked within the limit, below the minimum stake "
                            f"{amounts.tao(min_stake)}")
    require_shares(state, netuid, hotkey, result.amount_out)
    eco.withdraw_free(ctx, coldkey, result.amount_in_used, "subtensor.NotEnoughBalanceToStake", "stake")
    apply_buy(ctx, s, result)
    credit_stake(state, coldkey, hotkey, netuid, result.amount_out)
    eco.save_subnet(state, s)
    ctx.emit("subtensor.StakeAdded", coldkey=coldkey, hotkey=hotkey, netuid=netuid, tao=result.amount_in_used,
             alpha=result.amount_out, fee=result.fee, partial=result.partial, price=float(result.price_after))


def remove_stake(ctx: Context, hotkey: str, netuid: int, amount: int, limit_price: int | None, allow_partial: bool) -> None:
    coldkey = ctx.signer()
    state = ctx.state
    s = eco.require_subnet(state, netuid)
    require_trading(s)
    held = stake_alpha(state, coldkey, hotkey, netuid)
    if amount == 0 or amount > held:
        raise DispatchError("subtensor.NotEnoughStakeToWithdraw",
                            f"the stake of {coldkey} on hotkey {hotkey} holds {amounts.alpha(held)} on subnet {netuid}; {amounts.alpha(amount)} asked")
    min_stake, fee_rate = eco.setting(state, "min_stake"), eco.setting(state, "fee_rate")
    sold = simulate_sell(s, amount, fee_rate, limit_price)
    result = sold[0]
    if result.partial and not allow_partial:
        raise DispatchError("subtensor.SlippageTooHigh",
                            f"only {amounts.alpha(result.amount_in_used)} of {amounts.alpha(amount)} can be unstaked before the price falls "
                            "below your limit (allow a partial unstake, or raise the tolerance)")
    used = result.amount_in_used
    if used < held and result.amount_out < min_stake:
        raise DispatchError("subtensor.AmountTooLow",
                            f"unstaking {amounts.alpha(used)} returns {amounts.tao(result.amount_out)}, below the minimum stake {amounts.tao(min_stake)} "
                            "(unstake everything with --all instead)")
    left = held - used
    if 0 < left and alpha_value(s, left) < min_stake:
        raise DispatchError("subtensor.AmountTooLow",
                            f"this would leave {amounts.alpha(left)} staked, worth less than the minimum stake {amounts.tao(min_stake)}: "
                            "unstake everything (--all) or less")
    debit_stake(state, coldkey, hotkey, netuid, used)
    apply_sell(ctx, s, sold)
    eco.save_subnet(state, s)
    received = eco.deposit_free(ctx, coldkey, result.amount_out)
    ctx.emit("subtensor.StakeRemoved", coldkey=coldkey, hotkey=hotkey, netuid=netuid, alpha=used, tao=received,
             fee=result.fee, partial=result.partial, price=float(result.price_after))


@register("subtensor.add_stake", hotkey=Field(address), netuid=Field(u64), amount_staked=Field(u64))
def add_stake_call(ctx: Context, hotkey: str, netuid: int, amount_staked: int) -> None:
    """Stake `amount_staked` rao of TAO to `hotkey` on `netuid` (buys alpha through the pool)."""
    add_stake(ctx, hotkey, netuid, amount_staked, None, True)


@register("subtensor.add_stake_limit", hotkey=Field(address), netuid=Field(u64), amount_staked=Field(u64),
          limit_price=Field(u64), allow_partial=Field(boolean, False))
def add_stake_limit_call(ctx: Context, hotkey: str, netuid: int, amount_staked: int, limit_price: int,
                         allow_partial: bool) -> None:
    """Stake, buying only while the price stays ≤ `limit_price` (TAO per alpha ·1e9)."""
    add_stake(ctx, hotkey, netuid, amount_staked, limit_price, allow_partial)


@register("subtensor.remove_stake", hotkey=Field(address), netuid=Field(u64), amount_unstaked=Field(u64))
def remove_stake_call(ctx: Context, hotkey: str, netuid: int, amount_unstaked: int) -> None:
    """Unstake `amount_unstaked` alpha rao (sold through the pool; TAO to the coldkey)."""
    remove_stake(ctx, hotkey, netuid, amount_unstaked, None, True)


@register("subtensor.remove_stake_limit", hotkey=Field(address), netuid=Field(u64), amount_unstaked=Field(u64),
          limit_price=Field(u64), allow_partial=Field(boolean, False))
def remove_stake_limit_call(ctx: Context, hotkey: str, netuid: int, amount_unstaked: int, limit_price: int,
                            allow_partial: bool) -> None:
    """Unstake, selling only while the price stays ≥ `limit_price`; the rest stays staked."""
    remove_stake(ctx, hotkey, netuid, amount_unstaked, limit_price, allow_partial)


# -- move, transfer, swap -------------------------------------------------------------------------
def cross_quote(origin: eco.Subnet, dest: eco.Subnet, alpha: int, fee_rate: int):
    """Sell `alpha` on origin, buy on dest with the TAO: (sold, bought, ratio of prices after)."""
    sold = simulate_sell(origin, alpha, fee_rate)
    bought = simulate_buy(dest, sold[0].amount_out, fee_rate)
    p_origin = Fraction(1) if origin.netuid == eco.ROOT_NETUID else amm.price(sold[1])
    p_dest = Fraction(1) if dest.netuid == eco.ROOT_NETUID else amm.price(bought.pool)
    return sold, bought, (p_origin / p_dest if p_dest else Fraction(0))


def _max_within_limit(origin: eco.Subnet, dest: eco.Subnet, alpha: int, fee_rate: int, limit: Fraction) -> int:
    """The largest amount ≤ alpha whose post-swap price ratio stays ≥ limit (bisection)."""
    lo, hi = 0, alpha
    while hi - lo > 1:
        mid = (lo + hi) // 2
        try:
            ok = cross_quote(origin, dest, mid, fee_rate)[2] >= limit
        except DispatchError:
            ok = False
        lo, hi = (mid, hi) if ok else (lo, mid)
    return lo


def move(ctx: Context, from_cold: str, to_cold: str, from_hot: str, to_hot: str, origin_netuid: int,
         destination_netuid: int, alpha: int, limit_price: int | None, allow_partial: bool, event: str) -> None:
    """Move stake between (coldkey, hotkey, netuid) positions; across subnets it sells on the
    origin pool and buys on the destination pool."""
    state = ctx.state
    origin = eco.require_subnet(state, origin_netuid)
    dest = origin if destination_netuid == origin_netuid else eco.require_subnet(state, destination_netuid)
    require_trading(origin)
    require_trading(dest)
    require_hotkey(state, to_hot)
    held = stake_alpha(state, from_cold, from_hot, origin_netuid)
    if alpha == 0 or alpha > held:
        raise DispatchError("subtensor.NotEnoughStakeToWithdraw",
                            f"the stake of {from_cold} on hotkey {from_hot} holds {amounts.alpha(held)} on subnet "
                            f"{origin_netuid}; {amounts.alpha(alpha)} asked")
    min_stake, fee_rate = eco.setting(state, "min_stake"), eco.setting(state, "fee_rate")
    if origin_netuid == destination_netuid:
        if alpha < held and alpha_value(origin, alpha) < min_stake:
            raise DispatchError("subtensor.AmountTooLow", f"move at least the minimum stake ({amounts.tao(min_stake)} of value)")
        debit_stake(state, from_cold, from_hot, origin_netuid, alpha)
        require_shares(state, destination_netuid, to_hot, alpha)
        credit_stake(state, to_cold, to_hot, destination_netuid, alpha)
        ctx.emit(event, coldkey=from_cold, destination_coldkey=to_cold, hotkey=from_hot, destination_hotkey=to_hot,
                 origin_netuid=origin_netuid, destination_netuid=destination_netuid, alpha=alpha,
                 received_alpha=alpha, tao=0, partial=False)
        return
    sold, bought, ratio = cross_quote(origin, dest, alpha, fee_rate)
    partial = False
    if limit_price is not None and ratio < Fraction(limit_price, amm.PRICE_LIMIT_SCALE):
        if not allow_partial:
            raise DispatchError("subtensor.SlippageTooHigh",
                                f"after this swap the price ratio would be {float(ratio):.9g}, below your limit "
                                f"{limit_price / amm.PRICE_LIMIT_SCALE:.9g} (allow a partial swap, or raise the tolerance)")
        alpha = _max_within_limit(origin, dest, alpha, fee_rate, Fraction(limit_price, amm.PRICE_LIMIT_SCALE))
        if alpha == 0:
            raise DispatchError("subtensor.SlippageTooHigh", "no amount can be swapped within your limit price")
        sold, bought, ratio = cross_quote(origin, dest, alpha, fee_rate)
        partial = True
    tao = sold[0].amount_out
    if tao < min_stake:
        raise DispatchError("subtensor.AmountTooLow",
                            f"the swap is worth {amounts.tao(tao)}, below the minimum stake {amounts.tao(min_stake)}")
    left = held - alpha
    if 0 < left and alpha_value(origin, left) < min_stake:
        raise DispatchError("subtensor.AmountTooLow",
                            f"this would leave {amounts.alpha(left)} on subnet {origin_netuid}, worth less than the minimum "
                            "stake: move everything or less")
    require_shares(state, destination_netuid, to_hot, bought.amount_out)
    debit_stake(state, from_cold, from_hot, origin_netuid, alpha)
    apply_sell(ctx, origin, sold)
    eco.save_subnet(state, origin)
    apply_buy(ctx, dest, bought)
    eco.save_subnet(state, dest)
    credit_stake(state, to_cold, to_hot, destination_netuid, bought.amount_out)
    ctx.emit(event, coldkey=from_cold, destination_coldkey=to_cold, hotkey=from_hot, destination_hotkey=to_hot,
             origin_netuid=origin_netuid, destination_netuid=destination_netuid, alpha=alpha,
             received_alpha=bought.amount_out, tao=tao, fee_alpha=sold[0].fee, fee_tao=bought.fee, partial=partial)


_MOVE = dict(origin_hotkey=Field(address), destination_hotkey=Field(address), origin_netuid=Field(u64),
             destination_netuid=Field(u64), alpha_amount=Field(u64))
_TRANSFER = dict(destination_coldkey=Field(address), hotkey=Field(address), origin_netuid=Field(u64),
                 destination_netuid=Field(u64), alpha_amount=Field(u64))
_SWAP = dict(hotkey=Field(address), origin_netuid=Field(u64), destination_netuid=Field(u64), alpha_amount=Field(u64))
_LIMIT = dict(limit_price=Field(u64), allow_partial=Field(boolean, False))


def _move_call(ctx: Context, origin_hotkey: str, destination_hotkey: str, origin_netuid: int, destination_netuid: int,
               alpha_amount: int, limit_price: int | None = None, allow_partial: bool = False) -> None:
    coldkey = ctx.signer()
    move(ctx, coldkey, coldkey, origin_hotkey, destination_hotkey, origin_netuid, destination_netuid, alpha_amount,
         limit_price, allow_partial, "subtensor.StakeMoved")


def _transfer_call(ctx: Context, destination_coldkey: str, hotkey: str, origin_netuid: int, destination_netuid: int,
                   alpha_amount: int, limit_price: int | None = None, allow_partial: bool = False) -> None:
    coldkey = ctx.signer()
    move(ctx, coldkey, destination_coldkey, hotkey, hotkey, origin_netuid, destination_netuid, alpha_amount,
         limit_price, allow_partial, "subtensor.StakeTransferred")


def _swap_call(ctx: Context, hotkey: str, origin_netuid: int, destination_netuid: int, alpha_amount: int,
               limit_price: int | None = None, allow_partial: bool = False) -> None:
    if origin_netuid == destination_netuid:
        raise DispatchError("subtensor.SameNetuid", "swap_stake moves stake between two different subnets")
    coldkey = ctx.signer()
    move(ctx, coldkey, coldkey, hotkey, hotkey, origin_netuid, destination_netuid, alpha_amount, limit_price,
         allow_partial, "subtensor.StakeSwapped")


register("subtensor.move_stake", **_MOVE)(_move_call)
register("subtensor.move_stake_limit", **_MOVE, **_LIMIT)(_move_call)
register("subtensor.transfer_stake", **_TRANSFER)(_transfer_call)
register("subtensor.transfer_stake_limit", **_TRANSFER, **_LIMIT)(_transfer_call)
register("subtensor.swap_stake", **_SWAP)(_swap_call)
register("subtensor.swap_stake_limit", **_SWAP, **_LIMIT)(_swap_call)

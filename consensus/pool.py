"""Dynamic TAO pool: a weighted (Balancer) AMM between TAO and a subnet's alpha.  # spec §3.1–§3.2

All amounts are ints in rao. Weights are Perquintill ints (parts of 10^18); prices are exact
``Fraction`` values in TAO per alpha (``price_u64f64`` gives the chain's U64F64 bits).

Rounding rules (so results are identical on every machine and the pool never loses):
* fees floor: ``fee = amount*FeeRate // 65535``; a partial fill's fee is ``delta*r/(65535-r)``
  with the ratio truncated to U64F64 and the product floored, exactly as the chain does;
* swap outputs floor toward the pool: ``(r)^e`` is bracketed by an interval of width ~2^-200
  (exact when the exponent is an integer) and the output uses the upper end;
* amounts needed to reach a limit price floor (use the lower end), so a partial fill never
  passes its limit;
* a price-neutral injection re-solves w2 with products rounded half-up to whole units and
  the ratio rounded to the nearest Perquintill (ties down), as the chain does.
Deviation from the chain, on purpose: a swap that would leave the output reserve below
``MINIMUM_RESERVE`` is refused (the chain only checks the reserve before the trade).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from math import gcd, isqrt
from typing import NamedTuple

PERQUINTILL = 10**18
DEFAULT_QUOTE_WEIGHT = PERQUINTILL // 2
MIN_WEIGHT = PERQUINTILL // 100  # both weights stay within [0.01, 0.99]
MAX_WEIGHT = PERQUINTILL - MIN_WEIGHT
FEE_DENOMINATOR = 65535
DEFAULT_FEE_RATE = 33
MAX_FEE_RATE = 10_000
MINIMUM_RESERVE = 1_000_000
MAX_INPUT_RESERVE_MULTIPLE = 1000
PRICE_LIMIT_SCALE = 10**9  # limit prices travel as u64 = price * 1e9
DEFAULT_SELL_LIMIT = 1_000  # 1e-6 TAO/alpha
DEFAULT_BUY_LIMIT = 10**15  # 1e6 TAO/alpha
U64F64_ONE = 1 << 64

_P = 256  # working precision (bits) of the ln/exp fixed-point path
_ONE = 1 << _P
_SLACK_BITS = 200  # relative half-width of the bracketing interval


class SwapError(ValueError):
    """A refused swap; ``reason`` is a stable snake_case code (chain error in brackets)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason


# ---- exact fixed-point powers -------------------------------------------------------------

def _atanh2(num: int, den: int) -> int:
    """2·atanh(num/den)·2^P for |num/den| ≤ 1/3, by its odd power series (truncating)."""
    sign = -1 if num < 0 else 1
    t = (abs(num) << _P) // den
    t2 = (t * t) >> _P
    total, term, k = 0, t, 1
    while term:
        total += term // k
        term = (term * t2) >> _P
        k += 2
    return sign * 2 * total


_LN2 = _atanh2(1, 3)  # ln 2 = 2·atanh(1/3)


def _ln(num: int, den: int) -> int:
    """ln(num/den)·2^P (num, den > 0)."""
    k = num.bit_length() - den.bit_length()
    n, d = (num, den << k) if k >= 0 else (num << -k, den)
    return k * _LN2 + _atanh2(n - d, n + d)


def _exp(v: int) -> int:
    """exp(v/2^P)·2^P by range reduction to |r| ≤ ln2/2 and a Taylor series."""
    k = (v + _LN2 // 2) // _LN2
    r = v - k * _LN2
    a = abs(r)
    total, term, n = _ONE, _ONE, 1
    while term:
        term = (term * a >> _P) // n
        total += term
        n += 1
    if r < 0:
        total = (_ONE * _ONE) // total
    return total << k if k >= 0 else total >> -k


def pow_bounds(num: int, den: int, a: int, b: int) -> tuple[Fraction, Fraction]:
    """Bracket (num/den)^(a/b) as (lo, hi); lo == hi when the value is computed exactly.

    Integer exponents are exact rationals, exponent ½ uses ``isqrt``; otherwise exp(a/b·ln q)
    at 256 bits, widened by a relative 2^-200 so the true value is always inside.
    """
    if num == 0:
        return Fraction(0), Fraction(0)
    g = gcd(a, b)
    a, b = a // g, b // g
    if b == 1:
        exact = Fraction(num**a, den**a)
        return exact, exact
    if b == 2:
        n, d = num**a, den**a
        root = isqrt((n << (2 * _P)) // d)
        lo = Fraction(root, _ONE)
        hi = lo if root * root * d == n << (2 * _P) else Fraction(root + 1, _ONE)
        return lo, hi
    f = _exp(a * _ln(num, den) // b)
    slack = (f >> _SLACK_BITS) + 2
    return Fraction(max(f - slack, 0), _ONE), Fraction(f + slack, _ONE)


# ---- pool state and prices ----------------------------------------------------------------

@dataclass(frozen=True)
class PoolState:
    """Reserves of one subnet pool.  # spec §3.1

    ``stable`` marks root / stable-mechanism pools, which swap 1:1 and keep no curve.
    """

    tao_reserve: int
    alpha_reserve: int
    quote_weight: int = DEFAULT_QUOTE_WEIGHT
    fee_rate: int = DEFAULT_FEE_RATE
    stable: bool = False

    @property
    def base_weight(self) -> int:
        return PERQUINTILL - self.quote_weight


def price(pool: PoolState) -> Fraction:
    """Spot price p = (w1/w2)·(y/x) in TAO per alpha; 0 if x = 0, 1 for stable.  # spec §3.1"""
    if pool.stable:
        return Fraction(1)
    if pool.alpha_reserve == 0:
        return Fraction(0)
    return Fraction(pool.base_weight * pool.tao_reserve, pool.quote_weight * pool.alpha_reserve)


def price_u64f64(pool: PoolState) -> int:
    """The chain's U64F64 price bits: trunc(w1/w2)·trunc(y/x), product truncated."""
    if pool.stable:
        return U64F64_ONE
    if pool.alpha_reserve == 0:
        return 0
    ratio_w = (pool.base_weight << 64) // pool.quote_weight
    ratio_r = (pool.tao_reserve << 64) // pool.alpha_reserve
    return (ratio_w * ratio_r) >> 64


def limit_to_price(limit_raw: int) -> Fraction:
    """u64 limit (price·1e9) to an exact price.  # spec §3.2"""
    return Fraction(limit_raw, PRICE_LIMIT_SCALE)


def price_to_limit(p: Fraction) -> int:
    """Exact price to the u64 limit representation, floored."""
    return int(p * PRICE_LIMIT_SCALE)


def swap_fee(amount: int, fee_rate: int = DEFAULT_FEE_RATE) -> int:
    """fee = ⌊amount·FeeRate/65535⌋, taken from the input.  # spec §3.2"""
    return amount * fee_rate // FEE_DENOMINATOR


def partial_fill_fee(net_in: int, fee_rate: int = DEFAULT_FEE_RATE) -> int:
    """Fee on a partial fill: net·r/(65535−r) with the ratio in U64F64, floored.  # spec §3.2"""
    ratio = (fee_rate << 64) // (FEE_DENOMINATOR - fee_rate)
    return (net_in * ratio) >> 64


# ---- curve maths (no fees, no guards) -----------------------------------------------------

def buy_output(pool: PoolState, tao_in: int) -> int:
    """Alpha out for net TAO in: ⌊x·(1 − (y/(y+Δy))^(w2/w1))⌋.  # spec §3.1"""
    if pool.stable:
        return tao_in
    if tao_in <= 0 or pool.tao_reserve + tao_in == 0:
        return 0
    _, hi = pow_bounds(pool.tao_reserve, pool.tao_reserve + tao_in, pool.quote_weight, pool.base_weight)
    return max(int(pool.alpha_reserve * (1 - hi)), 0)


def sell_output(pool: PoolState, alpha_in: int) -> int:
    """TAO out for net alpha in: ⌊y·(1 − (x/(x+Δx))^(w1/w2))⌋.  # spec §3.1"""
    if pool.stable:
        return alpha_in
    if alpha_in <= 0 or pool.alpha_reserve + alpha_in == 0:
        return 0
    _, hi = pow_bounds(pool.alpha_reserve, pool.alpha_reserve + alpha_in, pool.base_weight, pool.quote_weight)
    return max(int(pool.tao_reserve * (1 - hi)), 0)


def tao_to_reach_price(pool: PoolState, target: Fraction) -> int:
    """Net TAO a buy needs to lift the price to ``target``: ⌊y·((p′/p)^w1 − 1)⌋.  # spec §3.1"""
    current = price(pool)
    if pool.stable or current == 0 or target <= current:
        return 0
    ratio = target / current
    lo, _ = pow_bounds(ratio.numerator, ratio.denominator, pool.base_weight, PERQUINTILL)
    return max(int(pool.tao_reserve * (lo - 1)), 0)


def alpha_to_reach_price(pool: PoolState, target: Fraction) -> int:
    """Net alpha a sell needs to drop the price to ``target``: ⌊x·((p/p′)^w2 − 1)⌋."""
    current = price(pool)
    if pool.stable or target <= 0 or target >= current:
        return 0
    ratio = current / target
    lo, _ = pow_bounds(ratio.numerator, ratio.denominator, pool.quote_weight, PERQUINTILL)
    return max(int(pool.alpha_reserve * (lo - 1)), 0)


# ---- swaps with fees, guards and limit prices ---------------------------------------------

class SwapResult(NamedTuple):
    """Outcome of one swap; ``pool`` is the state after it (inputs are never mutated)."""

    amount_in_used: int  # taken from the trader, fee included
    fee: int  # to the block author
    amount_out: int
    price_before: Fraction
    price_after: Fraction
    price_impact: Fraction  # (after − before)/before, signed
    partial: bool
    pool: PoolState


def _swap(pool: PoolState, amount: int, limit_raw: int, drop_fees: bool, is_buy: bool) -> SwapResult:
    """Shared buy/sell execution.  # spec §3.2"""
    if amount < 0:
        raise SwapError("invalid_amount", "amount must be non-negative")
    before = price(pool)
    if pool.stable:
        return SwapResult(amount, 0, amount, before, before, Fraction(0), False, pool)
    reserve_in, reserve_out = (pool.tao_reserve, pool.alpha_reserve) if is_buy else (
        pool.alpha_reserve, pool.tao_reserve)
    if reserve_out < MINIMUM_RESERVE:
        raise SwapError("reserves_too_low", f"output reserve {reserve_out} < {MINIMUM_RESERVE} rao")
    limit = limit_to_price(limit_raw)
    if (is_buy and not before < limit) or (not is_buy and not before > limit):
        raise SwapError("price_limit_exceeded", f"current price {float(before):.9g} is already "
                        f"past the limit {float(limit):.9g}")
    rate = 0 if drop_fees else pool.fee_rate
    fee = swap_fee(amount, rate)
    net = amount - fee
    if net > MAX_INPUT_RESERVE_MULTIPLE * reserve_in:
        raise SwapError("input_too_large", f"net input {net} > {MAX_INPUT_RESERVE_MULTIPLE}× "
                        f"the input reserve {reserve_in}")
    convert = buy_output if is_buy else sell_output
    out = convert(pool, net)
    after_full = _apply(pool, net, out, is_buy)
    partial = (price(after_full) > limit) if is_buy else (price(after_full) < limit)
    if partial:
        reach = tao_to_reach_price if is_buy else alpha_to_reach_price
        net = min(reach(pool, limit), net)
        fee = min(partial_fill_fee(net, rate), amount - net)
        out = convert(pool, net)
    if net > 0 and out == 0:
        raise SwapError("reserves_too_low", "the swap would pay out nothing")
    if reserve_out - out < MINIMUM_RESERVE:
        raise SwapError("insufficient_liquidity", f"output reserve would fall below {MINIMUM_RESERVE} rao")
    new_pool = _apply(pool, net, out, is_buy)
    after = price(new_pool)
    impact = (after - before) / before if before else Fraction(0)
    return SwapResult(net + fee, fee, out, before, after, impact, partial, new_pool)


def _apply(pool: PoolState, net_in: int, out: int, is_buy: bool) -> PoolState:
    if is_buy:
        return replace(pool, tao_reserve=pool.tao_reserve + net_in, alpha_reserve=pool.alpha_reserve - out)
    return replace(pool, alpha_reserve=pool.alpha_reserve + net_in, tao_reserve=pool.tao_reserve - out)


def buy(pool: PoolState, tao_in: int, limit_raw: int = DEFAULT_BUY_LIMIT,
        drop_fees: bool = False) -> SwapResult:
    """Buy alpha with ``tao_in`` rao (fee included); partial fill if the limit is reached."""
    return _swap(pool, tao_in, limit_raw, drop_fees, True)


def sell(pool: PoolState, alpha_in: int, limit_raw: int = DEFAULT_SELL_LIMIT,
         drop_fees: bool = False) -> SwapResult:
    """Sell ``alpha_in`` (fee included) for TAO; partial fill if the limit is reached."""
    return _swap(pool, alpha_in, limit_raw, drop_fees, False)


class SwapQuote(NamedTuple):
    """Preview of a swap, for ``stake add/remove`` style confirmations."""

    amount_in_used: int
    fee: int
    amount_out: int
    price_before: Fraction
    price_after: Fraction
    price_impact: Fraction


def quote(pool: PoolState, side: str, amount: int, limit_raw: int | None = None,
          drop_fees: bool = False) -> SwapQuote:
    """Simulate a ``"buy"`` or ``"sell"`` without changing anything (raises ``SwapError``)."""
    if side not in ("buy", "sell"):
        raise ValueError(f"side must be 'buy' or 'sell', not {side!r}")
    is_buy = side == "buy"
    if limit_raw is None:
        limit_raw = DEFAULT_BUY_LIMIT if is_buy else DEFAULT_SELL_LIMIT
    r = _swap(pool, amount, limit_raw, drop_fees, is_buy)
    return SwapQuote(r.amount_in_used, r.fee, r.amount_out, r.price_before, r.price_after, r.price_impact)


# ---- liquidity injection and initialisation -----------------------------------------------

def _div_round_half_up(n: int, d: int) -> int:
    return (n + d // 2) // d


def _perquintill_nearest(n: int, d: int) -> int:
    """n/d as Perquintill parts, nearest, ties rounded down."""
    q, r = divmod(n * PERQUINTILL, d)
    return q + 1 if 2 * r > d else q


def injected_quote_weight(pool: PoolState, tao_in: int, alpha_in: int) -> int | None:
    """New w2 keeping the price when (Δy, Δx) are added, or None if outside [0.01, 0.99].

    w2′ = w2·x·(y+Δy) / (w1·y·(x+Δx) + w2·x·(y+Δy)).  # spec §3.1, §2.3
    """
    q1 = _div_round_half_up(pool.base_weight * pool.tao_reserve * (pool.alpha_reserve + alpha_in), PERQUINTILL)
    q2 = _div_round_half_up(pool.quote_weight * pool.alpha_reserve * (pool.tao_reserve + tao_in), PERQUINTILL)
    new_w2 = _perquintill_nearest(q2, q1 + q2) if q1 + q2 else DEFAULT_QUOTE_WEIGHT
    return new_w2 if MIN_WEIGHT <= new_w2 <= MAX_WEIGHT else None


def inject(pool: PoolState, tao_in: int, alpha_in: int) -> PoolState | None:
    """Add emission liquidity without moving the price; None when the weights would leave
    [0.01, 0.99] (the chain then skips the injection).  # spec §2.3"""
    if pool.stable:
        return replace(pool, tao_reserve=pool.tao_reserve + tao_in, alpha_reserve=pool.alpha_reserve + alpha_in)
    new_w2 = injected_quote_weight(pool, tao_in, alpha_in)
    if new_w2 is None:
        return None
    return replace(pool, tao_reserve=pool.tao_reserve + tao_in,
                   alpha_reserve=pool.alpha_reserve + alpha_in, quote_weight=new_w2)


def initial_pool(tao_reserve: int, alpha_reserve: int, target_price: Fraction | None = None,
                 fee_rate: int = DEFAULT_FEE_RATE) -> PoolState:
    """A pool whose weights make its price ``target_price``: w2 = y/(p·x + y), else 0.5.

    Raises ValueError when that w2 would leave [0.01, 0.99].  # spec §3.1
    """
    w2 = DEFAULT_QUOTE_WEIGHT
    if target_price is not None and tao_reserve > 0 and alpha_reserve > 0:
        p = Fraction(target_price)
        ratio = Fraction(tao_reserve) / (p * alpha_reserve + tao_reserve)
        w2 = _perquintill_nearest(ratio.numerator, ratio.denominator)
        if not MIN_WEIGHT <= w2 <= MAX_WEIGHT:
            raise ValueError(f"target price {float(p):.9g} needs quote weight {w2 / PERQUINTILL:.4f}, "
                             "outside [0.01, 0.99]")
    return PoolState(tao_reserve, alpha_reserve, w2, fee_rate)

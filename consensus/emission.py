"""Coinbase maths: block emission, subnet shares, pool injection, per-block alpha split, EMA
price and epoch scheduling.  # spec §2.1–§2.5, §2.7

Amounts are ints in rao; proportions (shares, root proportion, prices) are exact ``Fraction``
values (floats passed in are converted exactly, never rounded). Rounding rules:
* block emission is exact integer maths: ⌊1e9 / 2^k⌋ with k = ⌊log2(S/(S − I))⌋;
* each subnet's TAO emission is ⌊block_emission·share⌋ (the dust of the sum is not minted);
* injection: alpha_in = ⌊tao/price⌋, the cap = ⌊root_prop·alpha_emission⌋, a capped
  tao_in = ⌊cap·price⌋, and excess_tao = tao_emission − tao_in, so no rao is lost;
* the alpha split conserves alpha exactly: owner_cut = ⌊α·cut/65535⌋, server = ⌊rest/2⌋,
  root = ⌊root_prop·rest/2⌋, validator = rest − server − root (the odd rao goes to validators);
* the EMA price is kept in the chain's I96F32 bits (int scaled by 2^32) and updated in U64F64
  with every product and quotient truncated, the result truncated to 32 fractional bits.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import NamedTuple, Union

from consensus.pool import PoolState, SwapError, buy, inject
from consensus.params import RAO_PER_TAO

Number = Union[int, float, Fraction]

DEFAULT_BLOCK_EMISSION = RAO_PER_TAO
TOTAL_SUPPLY = 21_000_000 * RAO_PER_TAO
DEFAULT_SUBNET_OWNER_CUT = 11_796  # u16 proportion, ≈18%
U16_MAX = 65_535
U64F64_ONE = 1 << 64
Q32_ONE = 1 << 32
# SubnetMovingAlpha = I96F32::from_num(0.000003): nearest 2^-32 step of the f64.
DEFAULT_SUBNET_MOVING_ALPHA_Q32 = round(Fraction(0.000003) * Q32_ONE)
DEFAULT_EMA_PRICE_HALVING_BLOCKS = 201_600
MAX_BLOCKS_WITHOUT_EPOCH = 50_400
DEFAULT_MAX_EPOCHS_PER_BLOCK = 2


def block_emission(issuance: int, base: int = DEFAULT_BLOCK_EMISSION, supply: int = TOTAL_SUPPLY) -> int:
    """Emission per block for a total issuance, halving at ½, ¾, ⅞ … of supply.  # spec §2.1

    Also the alpha emission of a subnet, given its alpha issuance (in + out).
    """
    if issuance >= supply:
        return 0
    ratio = supply // (supply - max(issuance, 0))  # ⌊log2 q⌋ = ⌊log2 ⌊q⌋⌋ for q ≥ 1
    return base >> (ratio.bit_length() - 1)


def subnet_shares(ema_prices: Sequence[Number], miner_burned: Sequence[Number] | None = None,
                  emission_enabled: Sequence[bool] | None = None) -> list[Fraction]:
    """TAO share per eligible subnet from EMA prices and MinerBurned.  # spec §2.2

    w_i = (p_i/Σp)·(1 − burned_i); share_i = w_i/Σw, or p_i/Σp when Σw = 0. Subnets with
    emission disabled get 0 and the others are renormalised.
    """
    n = len(ema_prices)
    enabled = list(emission_enabled) if emission_enabled is not None else [True] * n
    burned = [Fraction(b) for b in miner_burned] if miner_burned is not None else [Fraction(0)] * n
    prices = [Fraction(p) if on else Fraction(0) for p, on in zip(ema_prices, enabled)]
    total = sum(prices, Fraction(0))
    if total == 0:
        return [Fraction(0)] * n
    base = [p / total for p in prices]
    weights = [b * (1 - mb) for b, mb in zip(base, burned)]
    total_w = sum(weights, Fraction(0))
    if total_w == 0:
        return base
    return [w / total_w for w in weights]


def tao_emissions(emission: int, shares: Sequence[Fraction]) -> list[int]:
    """⌊block_emission·share_i⌋ per subnet.  # spec §2.2"""
    return [int(emission * Fraction(s)) for s in shares]


def root_proportion(tao_weight: Number, root_tao: int, alpha_issuance: int) -> Fraction:
    """τ_w·TAO_root / (τ_w·TAO_root + alpha_issuance); 0 when both are 0.  # spec §2.3"""
    weighted = Fraction(tao_weight) * root_tao
    denom = weighted + alpha_issuance
    return weighted / denom if denom else Fraction(0)


class Injection(NamedTuple):
    """What one block adds to a subnet pool.  # spec §2.3"""

    tao_in: int  # added to SubnetTAO
    alpha_in: int  # added to SubnetAlphaIn
    excess_tao: int  # spent by the protocol on a fee-free alpha buy
    alpha_out: int  # minted to SubnetAlphaOut


def subnet_injection(tao_emission: int, spot_price: Number, root_prop: Number,
                     alpha_emission: int) -> Injection:
    """tao_in = tao_emission, alpha_in = tao/price, capped at root_prop·alpha_emission.  # spec §2.3

    A zero price gives alpha_in = 0 (division by zero is 0 on chain), so all TAO goes in.
    """
    price = Fraction(spot_price)
    cap = int(Fraction(root_prop) * alpha_emission)
    tao_in = tao_emission
    alpha_in = int(tao_emission / price) if price > 0 else 0  # the chain's safe_div: x/0 = 0
    if alpha_in > cap:
        alpha_in = cap
        tao_in = min(int(cap * price), tao_emission)
    return Injection(tao_in, alpha_in, tao_emission - tao_in, alpha_emission)


class AlphaSplit(NamedTuple):
    """Per-block split of alpha_out into the pending buckets.  # spec §2.4"""

    owner_cut: int
    server: int
    validator: int
    root: int


def split_alpha_out(alpha_out: int, root_prop: Number, owner_cut: int = DEFAULT_SUBNET_OWNER_CUT,
                    owner_cut_enabled: bool = True) -> AlphaSplit:
    """owner = α·cut/65535; server = rest/2; root = root_prop·rest/2; validator = rest/2 − root."""
    owner = alpha_out * owner_cut // U16_MAX if owner_cut_enabled else 0
    rest = alpha_out - owner
    server = rest // 2
    root = int(Fraction(root_prop) * rest / 2)
    return AlphaSplit(owner, server, rest - server - root, root)


def root_sell_flag(ema_prices: Sequence[Number]) -> bool:
    """Root alpha is paid out (not recycled) when Σ EMA prices of emitting subnets > 1."""
    return sum((Fraction(p) for p in ema_prices), Fraction(0)) > 1


def update_ema_price(ema_q32: int, spot_u64f64: int, blocks_since_start: int,
                     moving_alpha_q32: int = DEFAULT_SUBNET_MOVING_ALPHA_Q32,
                     halving_blocks: int = DEFAULT_EMA_PRICE_HALVING_BLOCKS) -> int:
    """One block of ema ← a·min(spot, 1) + (1 − a)·ema, a = α·b/(b + H).  # spec §2.7

    ``ema_q32`` is SubnetMovingPrice as I96F32 bits, ``spot_u64f64`` the pool price as U64F64
    bits (``pool.price_u64f64``); ``blocks_since_start`` counts from the start_call block.
    """
    b = max(blocks_since_start, 0)
    ramp = (b << 64) // (b + halving_blocks) if b + halving_blocks else 0
    alpha = ((moving_alpha_q32 << 32) * ramp) >> 64
    spot = min(spot_u64f64, U64F64_ONE)
    mixed = ((alpha * spot) >> 64) + (((U64F64_ONE - alpha) * (ema_q32 << 32)) >> 64)
    return mixed >> 32


def ema_price_fraction(ema_q32: int) -> Fraction:
    """An I96F32 EMA price as an exact Fraction."""
    return Fraction(ema_q32, Q32_ONE)


def should_run_epoch(block: int, tempo: int, last_epoch_block: int, pending_epoch_at: int = 0,
                     blocks_since_last_step: int = 0) -> bool:
    """Stateful scheduler test for one subnet.  # spec §2.5"""
    if tempo == 0:
        return False
    return ((pending_epoch_at > 0 and block >= pending_epoch_at)
            or blocks_since_last_step > MAX_BLOCKS_WITHOUT_EPOCH
            or block - last_epoch_block >= tempo)


def blocks_until_next_epoch(block: int, tempo: int, last_epoch_block: int) -> int:
    """LastEpochBlock + tempo − block, floored at 0.  # spec §2.5"""
    return max(last_epoch_block + tempo - block, 0)


def initial_last_epoch_block(netuid: int, tempo: int, block: int) -> int:
    """A new subnet's LastEpochBlock = now − (netuid mod tempo), staggering subnets."""
    return block - (netuid % tempo if tempo else 0)


def blocks_until_next_epoch_legacy(netuid: int, tempo: int, block: int) -> int | None:
    """Pre-2026 rule: tempo − ((block + netuid + 1) mod (tempo + 1)); None if tempo = 0."""
    if tempo == 0:
        return None
    return tempo - (block + netuid + 1) % (tempo + 1)


def schedule_epochs(due_netuids: Sequence[int], block: int,
                    max_per_block: int = DEFAULT_MAX_EPOCHS_PER_BLOCK) -> tuple[list[int], dict[int, int]]:
    """Run at most ``max_per_block`` due subnets (in the order given); defer the rest one
    block. Returns (netuids to run now, {deferred netuid: PendingEpochAt}).  # spec §2.5"""
    run = list(due_netuids[:max_per_block])
    return run, {netuid: block + 1 for netuid in due_netuids[max_per_block:]}


def inject_and_buy(pool: PoolState, injection: Injection) -> tuple[PoolState, int, int]:
    """Apply an injection to a pool, then spend its excess TAO on a fee-free protocol buy.

    Returns (pool after, protocol alpha bought, excess TAO actually spent). A rejected
    injection (weights would leave [0.01, 0.99]) adds nothing; a failing buy spends nothing.
    # spec §2.3
    """
    injected = inject(pool, injection.tao_in, injection.alpha_in)
    if injected is not None:
        pool = injected
    if injection.excess_tao <= 0:
        return pool, 0, 0
    try:
        result = buy(pool, injection.excess_tao, drop_fees=True)
    except SwapError:
        return pool, 0, 0
    return result.pool, result.amount_out, result.amount_in_used

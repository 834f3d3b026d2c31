"""Registration maths: neuron burn price, subnet lock cost and the uid to prune.  # spec §3.4–§3.6

Pure functions over ints (rao) and lists. Rounding rules:
* the per-block burn factor f is the largest Q32 integer whose H-th power ≤ ½, the power taken
  by square-and-multiply with every product floored to Q32, found by integer bisection
  (exactly the chain's ``decay_factor_q32``); a decay step is ⌊burn·f/2^32⌋ (the burn only ever rounds down);
* the registration bump is ⌊burn·m⌋ with m = BurnIncreaseMult as U64F64 bits (default
  ``U64F64::from_num(1.26)``, i.e. 1.26 as an f64 rounded to 64 fractional bits), floored;
* every burn result is clamped to [MinBurn, MaxBurn] after the step;
* the lock cost is integer arithmetic: the per-block reduction is ⌊last_lock/L⌋ and
  L = ⌊interval·block_emission/1e9⌋ (a zero L means no reduction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from consensus.params import RAO_PER_TAO

Q32_ONE = 1 << 32
U64F64_ONE = 1 << 64
U64_MAX = (1 << 64) - 1
DEFAULT_BURN_HALF_LIFE = 360
MAX_BURN_HALF_LIFE = 36_100
# U64F64::from_num(1.26): the f64 nearest 1.26, rounded to the nearest 2^-64.
DEFAULT_BURN_INCREASE_MULT = round(Fraction(1.26) * U64F64_ONE)
DEFAULT_MIN_BURN = 500_000
DEFAULT_MAX_BURN = 100 * RAO_PER_TAO
INITIAL_NEURON_BURN = RAO_PER_TAO
NETWORK_MIN_LOCK_COST = 1000 * RAO_PER_TAO
NETWORK_LOCK_REDUCTION_INTERVAL = 14 * 7200
MIN_NON_IMMUNE_UIDS = 10


def pow_q32(base_q32: int, exponent: int) -> int:
    """base^exponent in Q32 by square-and-multiply, every product floored to Q32 (and
    saturated at u64), which is how the chain evaluates it.  # spec §3.5"""
    result, factor = Q32_ONE, base_q32
    while exponent > 0:
        if exponent & 1:
            result = min((result * factor) >> 32, U64_MAX)
        exponent >>= 1
        if exponent:
            factor = min((factor * factor) >> 32, U64_MAX)
    return result


def decay_factor_q32(half_life: int) -> int:
    """Largest f (Q32) with ``pow_q32(f, H) ≤ ½``, by integer bisection on [0, 1).  # spec §3.5"""
    if half_life <= 0:
        return Q32_ONE
    lo, hi = 0, Q32_ONE  # invariant: pow(lo) ≤ ½ < pow(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if pow_q32(mid, half_life) > Q32_ONE // 2:
            hi = mid
        else:
            lo = mid
    return lo


def clamp_burn(burn: int, min_burn: int = DEFAULT_MIN_BURN, max_burn: int = DEFAULT_MAX_BURN) -> int:
    """Clamp a burn price to [MinBurn, MaxBurn] (min wins if they cross, as the chain does)."""
    burn = max(burn, min_burn)
    return min(burn, max_burn)


def decay_burn(burn: int, half_life: int = DEFAULT_BURN_HALF_LIFE, min_burn: int = DEFAULT_MIN_BURN,
               max_burn: int = DEFAULT_MAX_BURN, factor_q32: int | None = None) -> int:
    """One block of burn decay: ⌊burn·f/2^32⌋, clamped; H = 0 disables decay.  # spec §3.5

    ``factor_q32`` may be passed to avoid recomputing ``decay_factor_q32(half_life)``.
    """
    if half_life > 0:
        f = decay_factor_q32(half_life) if factor_q32 is None else factor_q32
        burn = (burn * f) >> 32
    return clamp_burn(burn, min_burn, max_burn)


def bump_burn(burn: int, increase_mult: int = DEFAULT_BURN_INCREASE_MULT,
              min_burn: int = DEFAULT_MIN_BURN, max_burn: int = DEFAULT_MAX_BURN) -> int:
    """Burn after a registration: ⌊burn·max(m, 1)⌋ with m in U64F64 bits, clamped.  # spec §3.5"""
    mult = max(increase_mult, U64F64_ONE)
    return clamp_burn((burn * mult) >> 64, min_burn, max_burn)


@dataclass(frozen=True)
class BurnStep:
    """One block of the burn process: prices paid by each registration and the burn after."""

    burn_after: int
    registrations_paid: tuple[int, ...]


def burn_block(burn: int, registrations: int, half_life: int = DEFAULT_BURN_HALF_LIFE,
               increase_mult: int = DEFAULT_BURN_INCREASE_MULT, min_burn: int = DEFAULT_MIN_BURN,
               max_burn: int = DEFAULT_MAX_BURN, factor_q32: int | None = None) -> BurnStep:
    """Decay once (start of block), then each registration pays the burn and bumps it."""
    burn = decay_burn(burn, half_life, min_burn, max_burn, factor_q32)
    paid = []
    for _ in range(registrations):
        paid.append(burn)
        burn = bump_burn(burn, increase_mult, min_burn, max_burn)
    return BurnStep(burn, tuple(paid))


def lock_reduction_interval(block_emission: int,
                            interval: int = NETWORK_LOCK_REDUCTION_INTERVAL) -> int:
    """L = interval·block_emission/1e9, floored: it halves with emission.  # spec §3.4"""
    return interval * block_emission // RAO_PER_TAO


def subnet_lock_cost(last_lock: int, last_lock_block: int, block: int, block_emission: int,
                     min_lock: int = NETWORK_MIN_LOCK_COST,
                     interval: int = NETWORK_LOCK_REDUCTION_INTERVAL) -> int:
    """max(MinLock, m·last_lock − ⌊last_lock/L⌋·(block − last_lock_block)).  # spec §3.4

    m = 1 while no subnet was ever registered (``last_lock_block == 0``), else 2.
    """
    mult = 1 if last_lock_block == 0 else 2
    reduction_interval = lock_reduction_interval(block_emission, interval)
    per_block = last_lock // reduction_interval if reduction_interval > 0 else 0
    elapsed = max(block - last_lock_block, 0)
    return max(min_lock, mult * last_lock - per_block * elapsed)


def is_immune(registered_at: int, current_block: int, immunity_period: int) -> bool:
    """A uid is immune while block − reg < ImmunityPeriod.  # spec §3.6"""
    return current_block - registered_at < immunity_period


def neuron_to_prune(emission: Sequence[int], registered_at: Sequence[int], current_block: int,
                    immunity_period: int, owner_immortal_uids: Sequence[int] = (),
                    min_non_immune: int = MIN_NON_IMMUNE_UIDS) -> int | None:
    """The uid a newcomer replaces, or None when there is none to take.  # spec §3.6

    Lowest emission wins (ties: earlier registration, then lower uid), skipping owner-immortal
    uids. A non-immune uid is chosen only when more than ``min_non_immune`` exist; otherwise
    the best immune uid; with no immune candidate either, None (as the chain does).
    """
    if len(emission) != len(registered_at):
        raise ValueError("emission and registered_at must have the same length")
    immortal = set(owner_immortal_uids)
    free: list[tuple[int, int, int]] = []
    immune: list[tuple[int, int, int]] = []
    for uid, (em, reg) in enumerate(zip(emission, registered_at)):
        if uid in immortal:
            continue
        key = (em, reg, uid)
        (immune if is_immune(reg, current_block, immunity_period) else free).append(key)
    if free and len(free) > min_non_immune:
        return min(free)[2]
    return min(immune)[2] if immune else None

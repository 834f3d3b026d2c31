"""Sub-mechanisms of a subnet: storage indices, the emission split, and the aggregation of the
per-mechanism epochs (the chain's `subnets/mechanism.rs`).  # spec: README "Sub-mechanisms"

A subnet runs `count` mechanisms (MechanismCountCurrent, default 1). Each has its own weights,
bonds, last updates, weight commits and incentive, stored under the index
    netuid_index = mecid · GLOBAL_MAX_SUBNET_COUNT + netuid        (so mechanism 0 is the netuid)
and every mechanism reads the same stake, registrations and validator permits.

At an epoch the subnet's emission E is split (`split_emission`): by MechanismEmissionSplit
(u16 parts summing to 65535) as ⌊E·part/65535⌋, else evenly ⌊E/count⌋; missing parts are 0 and
the rounding remainder goes to mechanism 0. Each mechanism's epoch runs on its part, and the
results are combined (`aggregate`) with the weight w_m = E_m/E (U64F64; w_0 = 1 when E = 0):
server and validator emission are summed; dividends, consensus, validator trust and stake weight
are Σ ⌊term_m·w_m⌋ capped at 65535, the stored Emission Σ ⌊emission_m·w_m⌋; active and the new
validator permits are ORed. Incentive is kept per mechanism (not aggregated).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from consensus.epoch_types import EpochOutputs

GLOBAL_MAX_SUBNET_COUNT = 4096  # the chain's constant: changing it would move every epoch map
MAX_MECHANISM_COUNT_PER_SUBNET = 16  # 4096 · 16 = 0x10000: every index fits a u16
DEFAULT_MAX_MECHANISM_COUNT = 2  # MaxMechanismCount's default (root may raise it up to 16)
DEFAULT_MAX_ALLOWED_UIDS = 256  # DefaultMaxAllowedUids: max_allowed_uids · count may not exceed it
U16_MAX = 65535
U64_MAX = 2**64 - 1
ONE_Q64 = 1 << 64


def storage_index(netuid: int, mecid: int) -> int:
    """mecid · 4096 + netuid, saturating at u16::MAX as the chain's saturating u16 arithmetic."""
    return min(mecid * GLOBAL_MAX_SUBNET_COUNT + netuid, U16_MAX)


def netuid_and_mecid(index: int) -> tuple[int, int]:
    """The (netuid, mecid) of a storage index."""
    return index % GLOBAL_MAX_SUBNET_COUNT, index // GLOBAL_MAX_SUBNET_COUNT


def count_problem(count: int, max_count: int, max_allowed_uids: int) -> str | None:
    """Why `count` mechanisms cannot be set (do_set_mechanism_count's checks in order), or None."""
    if count < 1:
        return "the mechanism count must be at least 1"
    if count > max_count:
        return f"at most {max_count} mechanisms per subnet (MaxMechanismCount), not {count}"
    if max_allowed_uids * count > DEFAULT_MAX_ALLOWED_UIDS:
        return (f"max_allowed_uids {max_allowed_uids} × {count} mechanisms exceeds {DEFAULT_MAX_ALLOWED_UIDS} "
                f"(TooManyUIDsPerMechanism): lower max_allowed_uids to {DEFAULT_MAX_ALLOWED_UIDS // count} or less first")
    if count > MAX_MECHANISM_COUNT_PER_SUBNET:
        return f"at most {MAX_MECHANISM_COUNT_PER_SUBNET} mechanisms per subnet"
    return None


def split_problem(split: Sequence[int], count: int) -> str | None:
    """Why `split` cannot be the emission split of a subnet with `count` mechanisms, or None."""
    if not split:
        return "the emission split needs at least one part"
    if len(split) > count:
        return f"{len(split)} parts for {count} mechanism{'s' if count != 1 else ''}"
    if any(not 0 <= int(p) <= U16_MAX for p in split):
        return "each part is a u16 (0..65535)"
    total = sum(int(p) for p in split)
    if total != U16_MAX:
        return f"the parts must sum to 65535, not {total}"
    return None


def split_emission(emission: int, count: int, split: Sequence[int] | None) -> list[int]:
    """Each mechanism's part of `emission` (rao); the parts sum to `emission` exactly."""
    if split is None:
        parts = [emission // count] * count
    else:
        parts = [emission * int(p) // U16_MAX for p in split]
    parts = (parts + [0] * count)[:count]
    parts[0] += emission - sum(parts)
    return parts


def mechanism_weight_q64(part: int, emission: int, mecid: int) -> int:
    """w_m = part / emission as U64F64 bits (truncated); for zero emission mechanism 0 weighs 1."""
    if emission == 0:
        return ONE_Q64 if mecid == 0 else 0
    return (part << 64) // emission


def weighted(values: NDArray, weight_q64: int) -> NDArray[np.object_]:
    """⌊value·w⌋ per element, exact (Python integers)."""
    return (np.asarray(values, dtype=object) * weight_q64) >> 64


@dataclass(frozen=True)
class Aggregate:
    """The subnet-level terms of an epoch run over several mechanisms (what the chain persists per
    netuid), and the summed emissions that are paid out."""

    server_emission: NDArray[np.object_]
    validator_emission: NDArray[np.object_]
    emission: NDArray[np.object_]
    dividends: NDArray[np.object_]
    consensus: NDArray[np.object_]
    validator_trust: NDArray[np.object_]
    stake_weight: NDArray[np.object_]
    active: NDArray[np.bool_]
    new_validator_permit: NDArray[np.bool_]


def aggregate(outputs: Sequence[EpochOutputs], parts: Sequence[int], emission: int) -> Aggregate:
    """Combine the per-mechanism epoch outputs (in mecid order) run on `parts` of `emission`."""
    weights = [mechanism_weight_q64(p, emission, m) for m, p in enumerate(parts)]

    def capped_sum(field: str, cap: int) -> NDArray[np.object_]:
        total = sum(weighted(getattr(o, field), w) for o, w in zip(outputs, weights))
        return np.minimum(np.asarray(total, dtype=object), cap)

    def plain_sum(field: str) -> NDArray[np.object_]:
        return np.asarray(sum(np.asarray(getattr(o, field), dtype=object) for o in outputs), dtype=object)

    return Aggregate(
        server_emission=plain_sum("server_emission"), validator_emission=plain_sum("validator_emission"),
        emission=capped_sum("emission", U64_MAX), dividends=capped_sum("dividends", U16_MAX),
        consensus=capped_sum("consensus", U16_MAX), validator_trust=capped_sum("validator_trust", U16_MAX),
        stake_weight=capped_sum("stake_weight", U16_MAX),
        active=np.logical_or.reduce([np.asarray(o.active, dtype=bool) for o in outputs]),
        new_validator_permit=np.logical_or.reduce([np.asarray(o.new_validator_permit, dtype=bool) for o in outputs]))

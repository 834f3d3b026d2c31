"""Inputs, hyperparameters and outputs of one Yuma Consensus epoch (spec §1.1, §1.10, §5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from consensus.sparse import SparseRows, as_sparse_rows

U16_MAX = 65535


@dataclass(frozen=True)
class EpochParams:
    """Subnet hyperparameters read by the epoch, under the chain's names (spec §5).

    Defaults are the runtime defaults; ``for_new_subnet`` gives what ``init_new_network`` writes.
    ``activity_cutoff`` is in blocks (see ``masks.activity_cutoff_blocks``).
    """

    kappa: int = 32767
    bonds_penalty: int = 65535
    bonds_moving_average: int = 900_000
    yuma3: bool = False
    liquid_alpha: bool = False
    alpha_low: int = 45875
    alpha_high: int = 58982
    alpha_sigmoid_steepness: int = 1000
    max_allowed_validators: int = 128
    stake_threshold: int = 0
    tempo: int = 360
    activity_cutoff: int = 5000

    @classmethod
    def for_new_subnet(cls) -> EpochParams:
        """Values ``init_new_network`` writes: Yuma 3 on, 64 validators (spec §5)."""
        return cls(yuma3=True, max_allowed_validators=64)


@dataclass
class EpochInputs:
    """Chain state the epoch reads for one subnet (spec §1.1).

    ``weights`` and ``bonds`` are the stored u16 rows (``SparseRows`` or ``[[(uid, u16)]]``).
    ``commit_block`` is the commit-reveal mask input (spec §1.2): per uid, the earliest block of
    its unexpired commits, or None; leave the whole field None when commit-reveal is off.
    """

    stake: Sequence[int] | NDArray[np.int64]
    weights: SparseRows | Sequence[Sequence[Sequence[int]]] | None
    bonds: SparseRows | Sequence[Sequence[Sequence[int]]] | None
    last_update: Sequence[int] | NDArray[np.int64]
    block_at_registration: Sequence[int] | NDArray[np.int64]
    validator_permit: Sequence[bool] | NDArray[np.bool_]
    current_block: int
    owner_uid: int | None = None
    last_mechanism_step_block: int = 0
    commit_block: Sequence[int | None] | None = None
    n: int = field(default=-1)

    def __post_init__(self) -> None:
        if self.n < 0:
            self.n = len(self.stake)
        self.weights = as_sparse_rows(self.weights, self.n)
        self.bonds = as_sparse_rows(self.bonds, self.n)

    def arrays(self) -> tuple[NDArray[np.object_], NDArray[np.int64], NDArray[np.int64],
                              NDArray[np.bool_]]:
        """stake (Python ints, u64 range), last_update, block_at_registration, permits."""
        return (np.asarray([int(s) for s in self.stake], dtype=object),
                np.asarray(self.last_update, dtype=np.int64),
                np.asarray(self.block_at_registration, dtype=np.int64),
                np.asarray(self.validator_permit, dtype=bool))


@dataclass(frozen=True)
class EpochOutputs:
    """What one epoch writes (spec §1.10): u16 proportions, rao amounts, permits and bonds.

    The I32F32 values behind the u16 columns are kept under ``*_fixed`` (raw bits) for analysis.
    """

    stake_weight: NDArray[np.int64]
    active: NDArray[np.bool_]
    consensus: NDArray[np.int64]
    incentive: NDArray[np.int64]
    dividends: NDArray[np.int64]
    validator_trust: NDArray[np.int64]
    new_validator_permit: NDArray[np.bool_]
    server_emission: NDArray[np.int64]
    validator_emission: NDArray[np.int64]
    emission: NDArray[np.int64]
    bonds: SparseRows
    consensus_fixed: NDArray[np.int64]
    incentive_fixed: NDArray[np.int64]
    dividends_fixed: NDArray[np.int64]

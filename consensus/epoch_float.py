"""The Yuma epoch in floating point on dense validators × miners blocks, for simulation.

Not consensus-critical (the node uses ``consensus.epoch``): this path trades the chain's I32F32
rounding and sparse quirks for speed and readability.  It follows spec §1.4–§1.9 on a dense block
where every row is an active, permitted validator, so an omitted weight decays a Yuma 3 bond
instead of dropping it (the chain's dense variant).  Switches in ``FloatParams`` select the
yuma-simulation package's own semantics (spec §1.13); ``consensus.simulate`` sets them.

Backends: numpy float64 always; torch (imported lazily, optional) on the GPU when one is present.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class FloatParams:
    """Epoch hyperparameters as real numbers (spec §5 values divided out).

    ``bonds_moving_average`` is the weight kept on old bonds, so the EMA factor α = 1 − it.
    The last four fields are the simulation's quirks (spec §1.13); defaults are the chain's.
    """

    kappa: float = 32767 / 65535
    bonds_penalty: float = 1.0
    bonds_moving_average: float = 0.9
    yuma3: bool = False
    liquid_alpha: bool = False
    alpha_low: float = 45875 / 65535
    alpha_high: float = 58982 / 65535
    alpha_sigmoid_steepness: float = 10.0
    consensus_rule: str = "chain"  # "chain" (κ-median of §1.5) or "simulation"
    consensus_u16_renormalize: bool = False  # sim: C ← ⌊C/ΣC·65535⌋/65535 before clipping
    bonds_col_normalize: bool = True  # original Yuma: col-normalise old and new bonds
    buy_with_raw_weights: bool = False  # Yuma 3 sim: buying uses W, not W^b
    epsilon: float = 0.0  # sim: added to normalisation denominators


@dataclass(frozen=True)
class FloatOutputs:
    """Proportions after one float epoch (numpy arrays); ``bonds`` are carried to the next."""

    consensus: NDArray[np.float64]
    incentive: NDArray[np.float64]
    dividends: NDArray[np.float64]
    validator_trust: NDArray[np.float64]
    bonds: NDArray[np.float64]


def torch_available() -> bool:
    """Whether torch can be imported (it is an optional dependency)."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


class Backend:
    """The few array operations that differ between numpy and torch."""

    def __init__(self, name: str = "numpy", device: str | None = None) -> None:
        self.name = name
        if name == "torch":
            import torch

            self.torch = torch
            self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        elif name != "numpy":
            raise ValueError(f"unknown backend {name!r}: use 'numpy' or 'torch'")

    def asarray(self, x: Any) -> Any:
        """A float64 array on this backend."""
        if self.name == "torch":
            return self.torch.as_tensor(np.asarray(x, dtype=np.float64), device=self.device)
        return np.asarray(x, dtype=np.float64)

    def to_numpy(self, x: Any) -> NDArray[np.float64]:
        """Back to a numpy array."""
        return x.cpu().numpy() if self.name == "torch" else np.asarray(x)

    def argsort_rows(self, x: Any, descending: bool) -> Any:
        """Per row, the column order that sorts it (ties in any order)."""
        if self.name == "torch":
            return self.torch.argsort(x, dim=1, descending=descending)
        order = np.argsort(x, axis=1)
        return order[:, ::-1] if descending else order

    def contiguous(self, x: Any) -> Any:
        """A C-contiguous copy when ``x`` is a strided view."""
        return x.contiguous() if self.name == "torch" else np.ascontiguousarray(x)

    def arange(self, n: int) -> Any:
        """0..n-1 as an index array."""
        return self.torch.arange(n, device=self.device) if self.name == "torch" else np.arange(n)

    def exp(self, x: Any) -> Any:
        """Element-wise exponential."""
        return self.torch.exp(x) if self.name == "torch" else np.exp(x)

    def minimum(self, x: Any, y: Any) -> Any:
        """Element-wise minimum with broadcasting."""
        return self.torch.minimum(x, y) if self.name == "torch" else np.minimum(x, y)

    def where(self, cond: Any, x: Any, y: Any) -> Any:
        """Element-wise choice."""
        if self.name == "torch":
            y = y if isinstance(y, self.torch.Tensor) else self.torch.tensor(
                y, dtype=self.torch.float64, device=self.device)
            return self.torch.where(cond, x, y)
        return np.where(cond, x, y)

    def floor(self, x: Any) -> Any:
        """Element-wise floor."""
        return self.torch.floor(x) if self.name == "torch" else np.floor(x)


def normalize(xp: Backend, x: Any, axis: int | None, epsilon: float) -> Any:
    """x / (Σx + ε) along ``axis``; slices summing to 0 stay as they are (all zero)."""
    total = x.sum(axis=axis, keepdims=True) if axis is not None else x.sum()
    return x / xp.where(total == 0, 1.0, total + epsilon)


def weighted_median(xp: Backend, weights: Any, stake: Any, kappa: float, rule: str) -> Any:
    """Stake-weighted κ-median of each column (spec §1.5).

    "chain": the smallest weight whose ascending cumulative stake exceeds Σσ − κ.
    "simulation": the largest weight whose descending cumulative stake exceeds κ.
    """
    descending = rule == "simulation"
    if rule not in ("chain", "simulation"):
        raise ValueError(f"unknown consensus rule {rule!r}")
    columns = xp.contiguous(weights.T)  # one row per miner, so sorting runs along memory
    order = xp.argsort_rows(columns, descending)
    cumulative = stake[order].cumsum(axis=1)
    threshold = kappa if descending else float(stake.sum()) - kappa
    exceeds = cumulative > threshold
    exceeds[:, -1] = True  # when no prefix exceeds it, the last sorted value is taken
    first = exceeds.int().argmax(axis=1) if xp.name == "torch" else exceeds.argmax(axis=1)
    miners = xp.arange(columns.shape[0])
    return columns[miners, order[miners, first]]  # tied values are equal, so order is moot


def consensus_and_clip(xp: Backend, weights: Any, stake: Any,
                       params: FloatParams) -> tuple[Any, Any]:
    """Consensus C and clipped weights Ŵ = min(W, C) (spec §1.5–§1.6)."""
    if weights.shape[0] == 0:
        consensus = weights.sum(axis=0)
    else:
        consensus = weighted_median(xp, weights, stake, params.kappa, params.consensus_rule)
    if params.consensus_u16_renormalize and float(consensus.sum()) > 0:
        consensus = xp.floor(consensus / consensus.sum() * 65535) / 65535
    return consensus, xp.minimum(weights, consensus[None, :])


def liquid_alpha(xp: Backend, buy_weights: Any, sell_weights: Any, bonds: Any, consensus: Any,
                 params: FloatParams) -> Any:
    """Liquid alpha v2 per pair (spec §1.8b step 2)."""
    buying = buy_weights >= bonds
    diff = xp.where(buying, (buy_weights - consensus[None, :]).clip(0, 1),
                    (bonds - sell_weights).clip(0, 1))
    low, high = params.alpha_low, params.alpha_high
    alpha = low + (high - low) / (1 + xp.exp(-params.alpha_sigmoid_steepness * (diff - 0.5)))
    return alpha.clip(low, high)


def yuma3_bonds(xp: Backend, weights: Any, weights_b: Any, bonds: Any, consensus: Any,
                params: FloatParams) -> Any:
    """B' = (1 − α)·B + α·W^b, clamped to [0, 1] (spec §1.8b)."""
    buy = weights if params.buy_with_raw_weights else weights_b
    if params.liquid_alpha and bool((consensus != 0).any()):
        alpha = liquid_alpha(xp, buy, weights_b, bonds, consensus, params)
    else:
        alpha = 1.0 - params.bonds_moving_average
    purchase = xp.where(buy >= bonds, buy, weights_b)
    return ((1 - alpha) * bonds + alpha * purchase).clip(0, 1)


def original_bonds(xp: Backend, weights_b: Any, bonds: Any | None, active_stake: Any,
                   params: FloatParams) -> Any:
    """B' = α·ΔB + (1 − α)·B with ΔB = col-norm(W^b ⊙ S); B' = ΔB without old bonds (§1.8a)."""
    eps = params.epsilon
    delta = normalize(xp, weights_b * active_stake[:, None], 0, eps)
    if bonds is None:
        return delta
    if params.bonds_col_normalize:
        bonds = normalize(xp, bonds, 0, eps)
    alpha = 1.0 - params.bonds_moving_average
    new = alpha * delta + (1 - alpha) * bonds
    return normalize(xp, new, 0, eps) if params.bonds_col_normalize else new


def run_epoch_float(weights: Any, stake: Any, bonds: Any | None = None,
                    params: FloatParams | None = None, *, backend: str = "numpy",
                    device: str | None = None) -> FloatOutputs:
    """One float epoch on validators × miners: raw weights, raw stakes, previous bonds.

    Original Yuma bonds are stake-weighted column shares; Yuma 3 bonds are per-pair values in
    [0, 1].  Pass ``bonds=None`` for the first epoch.
    """
    params = params or FloatParams()
    xp = Backend(backend, device)
    eps = params.epsilon
    weights = normalize(xp, xp.asarray(weights), 1, eps)  # spec §1.4
    stake = normalize(xp, xp.asarray(stake), None, 0.0)  # spec §1.3 (all active, permitted)
    consensus, clipped = consensus_and_clip(xp, weights, stake, params)
    trust = clipped.sum(axis=1)
    incentive = normalize(xp, (stake[:, None] * clipped).sum(axis=0), None, 0.0)  # §1.6
    beta = params.bonds_penalty
    weights_b = (1 - beta) * weights + beta * clipped  # spec §1.7
    if params.yuma3:
        bonds = xp.asarray(np.zeros(tuple(weights.shape)) if bonds is None else bonds)
        bonds = yuma3_bonds(xp, weights, weights_b, bonds, consensus, params)
        bond_value = (normalize(xp, bonds, 0, eps) * incentive[None, :]).sum(axis=1)
        dividends = normalize(xp, bond_value * stake, None, eps)
    else:
        old = None if bonds is None else xp.asarray(bonds)
        bonds = original_bonds(xp, weights_b, old, stake, params)
        dividends = normalize(xp, (bonds * incentive[None, :]).sum(axis=1), None, eps)
    return FloatOutputs(*(xp.to_numpy(x) for x in (consensus, incentive, dividends, trust,
                                                   bonds)))

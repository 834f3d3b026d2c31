"""Benchmark the Yuma epoch: fixed point at 256/64 and 4096/256, float path at 4096×4096.

Run: ``python bench/epoch.py [--repeat N] [--skip-float]``.  Inputs are random (seeded): every uid staked,
the top ``validators`` by stake hold permits and set weights on about half of the uids, and
carry bonds from a previous epoch.  Times are medians of ``run_epoch`` alone; building the CSR
inputs is not timed (a node keeps them in that form).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consensus.epoch import run_epoch  # noqa: E402
from consensus.epoch_types import EpochInputs, EpochParams  # noqa: E402
from consensus.sparse import SparseRows  # noqa: E402

TARGETS_MS = {(256, 64): 5.0, (4096, 256): 150.0}


def random_rows(rng: np.random.Generator, n: int, rows: np.ndarray, density: float,
                max_upscale: bool) -> SparseRows:
    """Random u16 rows for ``rows`` (CSR, built without a Python loop per entry)."""
    block = rng.random((len(rows), n)) < density
    values = rng.integers(0, 65536, size=(len(rows), n))
    if max_upscale:
        top = np.maximum(np.where(block, values, 0).max(axis=1, keepdims=True), 1)
        values = np.round(values * 65535 / top).astype(np.int64)
    return SparseRows.from_dense(values.astype(np.int64), block, rows.astype(np.int64), n)


def random_inputs(n: int, validators: int, density: float = 0.5, seed: int = 0) -> EpochInputs:
    """A subnet of n uids where the ``validators`` largest stakes hold permits."""
    rng = np.random.default_rng(seed)
    stake = rng.integers(1, 10**15, size=n)
    top = np.argsort(stake)[-validators:]
    permits = np.zeros(n, dtype=bool)
    permits[top] = True
    return EpochInputs(
        stake=stake.tolist(),
        weights=random_rows(rng, n, np.sort(top), density, max_upscale=True),
        bonds=random_rows(rng, n, np.sort(top), density, max_upscale=False),
        last_update=np.full(n, 990, dtype=np.int64),
        block_at_registration=rng.integers(0, 900, size=n),
        validator_permit=permits,
        current_block=1000,
    )


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` in milliseconds, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_fixed(repeat: int) -> None:
    """Fixed-point epoch at the two target sizes, original Yuma and Yuma 3 ± liquid alpha."""
    variants = {
        "original": EpochParams(yuma3=False),
        "yuma3": EpochParams(yuma3=True, bonds_penalty=0),
        "yuma3+liquid": EpochParams(yuma3=True, liquid_alpha=True, bonds_penalty=0),
    }
    for (n, validators), target in TARGETS_MS.items():
        inputs = random_inputs(n, validators)
        for name, params in variants.items():
            params = EpochParams(**{**params.__dict__, "max_allowed_validators": validators})
            ms = median_ms(lambda: run_epoch(inputs, params, 10**9), repeat)
            flag = "ok" if ms <= target else "OVER"
            print(f"fixed  n={n:5d} V={validators:4d} {name:13s} {ms:8.2f} ms "
                  f"(target {target:.0f} ms, {flag})")


def bench_float(repeat: int) -> None:
    """Float path at 4096 validators × 4096 uids (numpy, and torch when installed)."""
    from consensus.epoch_float import FloatParams, run_epoch_float, torch_available

    n = 4096
    rng = np.random.default_rng(1)
    weights = rng.random((n, n)) * (rng.random((n, n)) < 0.5)
    bonds = rng.random((n, n)) * 0.1
    stake = rng.random(n)
    backends = ["numpy"] + (["torch"] if torch_available() else [])
    if "torch" in backends:
        import torch

        device = "cuda" if torch.cuda.is_available() else "cpu"
        print(f"torch {torch.__version__} on {device}, {torch.get_num_threads()} threads")
    for liquid in (False, True):
        params = FloatParams(yuma3=True, liquid_alpha=liquid, bonds_penalty=1.0)
        for backend in backends:
            ms = median_ms(lambda: run_epoch_float(weights, stake, bonds, params,
                                                   backend=backend), max(1, repeat // 5))
            print(f"float  n={n} V={n} yuma3{'+liquid' if liquid else '':7s} "
                  f"{backend:6s} {ms:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--skip-float", action="store_true")
    args = parser.parse_args()
    bench_fixed(args.repeat)
    if not args.skip_float:
        bench_float(args.repeat)


if __name__ == "__main__":
    main()

"""A seeded, realistic-looking metagraph as column arrays (the units `MetagraphTable` expects)."""

from __future__ import annotations

import numpy as np

_B58 = np.array(list("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"))


def ss58_like(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` distinct 48-character strings shaped like generic-prefix ss58 addresses."""
    body = rng.choice(_B58, size=(n, 47))
    return np.array(["5" + "".join(row) for row in body])


def fake_metagraph(n: int = 4096, seed: int = 0, validators: int = 64, block: int = 1_000_000) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    stake = (rng.pareto(1.2, n) * 50 * 1e9).astype(np.int64)
    permit = np.zeros(n, dtype=bool)
    permit[np.argsort(-stake, kind="stable")[:validators]] = True
    incentive = rng.dirichlet(np.ones(n)) * (rng.random(n) < 0.9)
    dividends = np.where(permit, rng.dirichlet(np.ones(n)), 0.0)
    emission = ((incentive + dividends) * 0.5 * 360 * 1e9 / 2).astype(np.int64)
    coldkeys = ss58_like(rng, max(1, n // 8))
    ips = [f"{rng.integers(1, 255)}.{rng.integers(0, 255)}.{rng.integers(0, 255)}.{rng.integers(1, 255)}:{rng.integers(1024, 65535)}"
           for _ in range(n)]
    hotkeys = ss58_like(rng, n)
    owned = coldkeys[rng.integers(0, len(coldkeys), n)]
    # the subnet owner's hotkeys (coldkeys[0]) have their incentive recycled
    recycled = np.where(owned == coldkeys[0], (incentive * 0.5 * 360 * 1e9 / 2).astype(np.int64), 0)
    emission = emission - recycled  # what is earned
    return {
        "uid": np.arange(n, dtype=np.int64),
        "hotkey": hotkeys,
        "coldkey": owned,
        "stake": stake,
        "validator_trust": np.where(permit, rng.random(n), 0.0),
        "consensus": rng.random(n) * (incentive > 0),
        "incentive": incentive,
        "dividends": dividends,
        "emission": emission,
        "recycled": recycled,
        "permit": permit,
        "updated": rng.integers(0, 5000, n),
        "immune": rng.random(n) < 0.02,
        "axon": np.array([ip if rng.random() < 0.8 else "" for ip in ips]),
        "daily": emission / 1e9 * 20,
    }


def block_change(data: dict[str, np.ndarray], rng: np.random.Generator, cells: int = 300,
                 tick_updated: bool = False) -> dict[str, np.ndarray]:
    """A per-block update: `cells` cells of `updated`/`stake`/`daily` change; `tick_updated`
    also adds one to every `updated` (blocks since the last weight update), as a chain would."""
    out = {k: v.copy() for k, v in data.items()}
    n = len(out["uid"])
    if tick_updated:
        out["updated"] += 1
    rows = rng.choice(n, size=min(n, cells // 3), replace=False)
    out["updated"][rows] = 0
    rows = rng.choice(n, size=min(n, cells // 3), replace=False)
    out["stake"][rows] += rng.integers(1, 10**10, rows.size)
    rows = rng.choice(n, size=min(n, cells - 2 * (cells // 3)), replace=False)
    out["daily"][rows] *= 1.01
    return out


def epoch_change(data: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """An epoch: every consensus output column moves, stake grows by the emission."""
    out = {k: v.copy() for k, v in data.items()}
    n = len(out["uid"])
    for key in ("validator_trust", "consensus", "incentive", "dividends"):
        out[key] = np.clip(out[key] * rng.uniform(0.9, 1.1, n), 0, 1)
    out["emission"] = (out["emission"] * rng.uniform(0.9, 1.1, n)).astype(np.int64)
    out["stake"] = out["stake"] + out["emission"]
    out["daily"] = out["emission"] / 1e9 * 20
    out["updated"] = out["updated"] + 1
    return out

"""Benchmark the dashboard's Subnet view: a 4096-uid metagraph × 14 columns, headless at 160×48.

Run: ``python bench/tui_subnet.py [--runs N] [--rows N] [--size 160x48]``.

The whole per-block path on the UI thread, as the app runs it when a `Loaded` message arrives:
``SubnetView.show(metagraph)`` (RPC columns → table arrays, the table diff and reformat, the pool
and hyperparameter panels) plus Textual's repaint (``Screen._refresh_layout`` and
``Screen._compositor_refresh``, wrapped and summed without counting a nested call twice, until a
pause repaints nothing more). The RPC result is built before timing
(`taonet_metagraph`'s shape, from tests/tui/fake_metagraph.py). Scenarios: ``first`` (4096 rows
into an empty view), ``block`` (300 cells change), ``epoch`` (every consensus column moves).
No node is involved: the app runs with its feed worker off.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.screen import Screen  # noqa: E402

from tests.tui.fake_metagraph import block_change, epoch_change, fake_metagraph  # noqa: E402
from tui.app import TaonetApp  # noqa: E402
from tui.context import Context  # noqa: E402

PAINT = {"ms": 0.0, "depth": 0}
U16 = 65535


def _timed(method):
    """Add the method's wall time to PAINT; `_refresh_layout` calls `_compositor_refresh` itself,
    so only the outermost of nested calls counts."""
    def wrapper(self, *args, **kwargs):
        start = time.perf_counter()
        PAINT["depth"] += 1
        try:
            return method(self, *args, **kwargs)
        finally:
            PAINT["depth"] -= 1
            if PAINT["depth"] == 0:
                PAINT["ms"] += (time.perf_counter() - start) * 1000
    return wrapper


Screen._refresh_layout = _timed(Screen._refresh_layout)
Screen._compositor_refresh = _timed(Screen._compositor_refresh)


def rpc_shape(d: dict[str, np.ndarray], head: int) -> dict[str, Any]:
    """`taonet_metagraph`'s result for the fake arrays (u16 proportions, rao, axon dicts)."""
    n = len(d["uid"])
    axons = [{"ip": a.rsplit(":", 1)[0], "port": int(a.rsplit(":", 1)[1])} if a else None for a in d["axon"]]
    return {"head": head, "netuid": 1, "n": n, "uids": d["uid"].tolist(), "hotkeys": d["hotkey"].tolist(),
            "coldkeys": d["coldkey"].tolist(), "stake": d["stake"].tolist(),
            **{k: (d[k] * U16).astype(int).tolist() for k in ("validator_trust", "consensus", "incentive", "dividends")},
            "validator_permit": d["permit"].tolist(), "emission": d["emission"].tolist(),
            "daily_emission": (d["daily"] * 1e9).astype(int).tolist(), "blocks_since_update": d["updated"].tolist(),
            "immune": d["immune"].tolist(), "axons": axons, "netuids": [0, 1], "own": set(),
            "pool": {"name": "bench", "price": 1.0, "tao_in": 10**12, "alpha_in": 10**12, "max_allowed_uids": n},
            "hyperparameters": {f"param_{i}": i for i in range(40)}}


async def measure(pilot, view, m: dict[str, Any]) -> dict[str, float]:
    PAINT["ms"] = 0.0
    cpu0 = time.thread_time()
    start = time.perf_counter()
    view.show(m)
    show = (time.perf_counter() - start) * 1000
    # let every refresh the update caused run (a scrollbar or panel size change can schedule a
    # second layout after the first paint): all of it is this scenario's UI time
    for _ in range(10):
        before = PAINT["ms"]
        await pilot.pause()
        if PAINT["ms"] == before:
            break
    return {"show": show, "paint": PAINT["ms"], "ui": show + PAINT["ms"], "cpu": (time.thread_time() - cpu0) * 1000}


async def run(rows: int, runs: int, size: tuple[int, int]) -> dict[str, list[dict[str, float]]]:
    out: dict[str, list[dict[str, float]]] = {"first": [], "block": [], "epoch": []}
    rng = np.random.default_rng(1)
    base = fake_metagraph(rows)
    for _ in range(runs):
        app = TaonetApp(Context("http://127.0.0.1:9", "/nonexistent"), follow=False)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("2")
            await pilot.pause()
            view = app.view("subnet")
            view.query_one("#metagraph").sort_by("stake", reverse=True)
            out["first"].append(await measure(pilot, view, rpc_shape(base, 1)))
            out["block"].append(await measure(pilot, view, rpc_shape(block_change(base, rng), 2)))
            out["epoch"].append(await measure(pilot, view, rpc_shape(epoch_change(base, rng), 3)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=4096)
    parser.add_argument("--size", default="160x48")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    results = asyncio.run(run(args.rows, args.runs, (width, height)))
    print(f"Subnet view, {args.rows} uids × 14 columns, headless {width}×{height}, {args.runs} runs; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'scenario':<9} " + " ".join(f"{k + ' med/max ms':>18}" for k in ("show", "paint", "ui", "cpu")))
    for scenario, rows in results.items():
        cells = [f"{statistics.median(r[k] for r in rows):.1f} / {max(r[k] for r in rows):.1f}"
                 for k in ("show", "paint", "ui", "cpu")]
        print(f"{scenario:<9} " + " ".join(f"{c:>18}" for c in cells))


if __name__ == "__main__":
    main()

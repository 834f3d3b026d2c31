"""Benchmark the metagraph table: 4096 neurons × 14 columns, headless at 160×48.

Run: ``python bench/tui_table.py [--runs N] [--rows N] [--size 160x48]``.

For each scenario and run it times, on the UI thread:
  data   ``table.set_data(...)``: diff against the previous arrays, reformat changed cells,
         re-filter/re-sort when needed (perf_counter around the call);
  lines  ``table.render_line(y)`` for every line on screen, called directly with the widget's
         line cache emptied first (its drawing code alone, as if every visible row changed);
  paint  what Textual then does on the next screen update: ``Screen._refresh_layout`` and
         ``Screen._compositor_refresh`` (layout, compositor, our render_line via the styles
         cache, the headless driver's write), summed by wrapping those two methods;
  ui     data + paint: the time the update holds the UI thread (checked against the targets);
  cpu    thread CPU time from just before set_data until ``pilot.pause()`` returns (a
         cross-check that includes Textual's message handling and the pilot's own polling).
Scenarios: ``first`` mounts a fresh table and sets 4096 rows (in an app of its own); ``block`` changes 300 cells
(stake, updated, τ/day) with the table sorted by stake; ``block+tick`` is the same with every
row's blocks-since-update ticking too (4396 cells); ``epoch`` changes every consensus column,
emission, stake and τ/day (~33k cells) and re-sorts by incentive.  Inputs are built before
timing.  Medians and maxima over ``--runs`` runs; the 1-minute load average is printed.

The rare maxima come from CPython's full (generation 2) garbage collections, which walk every
live container in the process (Textual's included: ~50k objects, 30-50 ms here) whenever
enough allocations pile up, whichever code happens to be running.  ``--gc freeze`` calls
``gc.freeze()`` once the app is up, as a dashboard app can in its ``on_mount``, so those
collections only walk objects made since.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import Container  # noqa: E402
from textual.screen import Screen  # noqa: E402

from tests.tui.fake_metagraph import block_change, epoch_change, fake_metagraph  # noqa: E402
from tui.widgets.metagraph_table import MetagraphTable  # noqa: E402

TARGETS_MS = {"first": (150.0, None), "block": (25.0, 50.0), "block+tick": (25.0, 50.0), "epoch": (75.0, None)}
PAINT = {"ms": 0.0}


def _timed(method: Callable) -> Callable:
    def wrapper(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return method(self, *args, **kwargs)
        finally:
            PAINT["ms"] += (time.perf_counter() - start) * 1e3

    return wrapper


Screen._refresh_layout = _timed(Screen._refresh_layout)  # type: ignore[method-assign]
Screen._compositor_refresh = _timed(Screen._compositor_refresh)  # type: ignore[method-assign]


class BenchApp(App):
    def compose(self) -> ComposeResult:
        yield Container(id="host")


async def measure(pilot, table: MetagraphTable, data: dict) -> dict[str, float]:
    await pilot.pause()
    PAINT["ms"] = 0.0
    cpu0 = time.thread_time()
    start = time.perf_counter()
    table.set_data(data)
    data_ms = (time.perf_counter() - start) * 1e3
    await pilot.pause()
    cpu_ms = (time.thread_time() - cpu0) * 1e3
    paint_ms = PAINT["ms"]
    table._strips.clear()  # draw cold, as for lines whose rows changed
    start = time.perf_counter()
    for y in range(table.scrollable_content_region.height):
        table.render_line(y)
    lines_ms = (time.perf_counter() - start) * 1e3
    return {"data": data_ms, "lines": lines_ms, "paint": paint_ms, "ui": data_ms + paint_ms, "cpu": cpu_ms}


async def run(rows: int, runs: int, size: tuple[int, int], freeze: bool = False) -> dict[str, list[dict[str, float]]]:
    rng = np.random.default_rng(7)
    base = fake_metagraph(rows, seed=1)
    results: dict[str, list[dict[str, float]]] = {k: [] for k in TARGETS_MS}
    # Updates first, in an app holding one table, as the dashboard will; then, in a second
    # app, the first renders (each mounts a fresh table, whose leftovers in Textual's caches
    # would otherwise make every later garbage collection slower).
    async with BenchApp().run_test(size=size) as pilot:
        if freeze:
            gc.collect()
            gc.freeze()
        table = MetagraphTable()
        await pilot.app.query_one("#host").mount(table)
        table.focus()
        table.set_data(base)
        table.sort_by("stake", reverse=True)
        current = base
        for scenario, make in (("block", lambda d: block_change(d, rng, 300)),
                               ("block+tick", lambda d: block_change(d, rng, 300, tick_updated=True))):
            for _ in range(runs):
                current = make(current)
                results[scenario].append(await measure(pilot, table, current))
        table.sort_by("incentive", reverse=True)
        for _ in range(runs):
            current = epoch_change(current, rng)
            results["epoch"].append(await measure(pilot, table, current))
    if freeze:
        gc.unfreeze()
    gc.collect()
    async with BenchApp().run_test(size=size) as pilot:
        if freeze:
            gc.collect()
            gc.freeze()
        host = pilot.app.query_one("#host")
        for _ in range(runs):
            table = MetagraphTable()
            await host.mount(table)
            table.focus()
            results["first"].append(await measure(pilot, table, base))
            await table.remove()
    return {k: results[k] for k in TARGETS_MS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--rows", type=int, default=4096)
    parser.add_argument("--size", default="160x48")
    parser.add_argument("--gc", choices=("default", "freeze"), default="default")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    load_before = os.getloadavg()[0]
    results = asyncio.run(run(args.rows, args.runs, (width, height), freeze=args.gc == "freeze"))
    print(f"FastTable, {args.rows} rows × 14 columns, headless {width}×{height}, {args.runs} runs each, gc {args.gc}; "
          f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after, {os.cpu_count()} CPUs")
    print(f"{'scenario':<11} {'data':>12} {'lines':>12} {'paint':>12} {'ui':>12} {'cpu':>12}   target (ui)")
    print(f"{'':<11}" + f" {'median/max ms':>12}" * 5)
    failed = False
    for scenario, samples in results.items():
        cells = []
        for key in ("data", "lines", "paint", "ui", "cpu"):
            values = [s[key] for s in samples]
            cells.append(f"{statistics.median(values):6.1f}/{max(values):5.1f}")
        median_ui = statistics.median(s["ui"] for s in samples)
        max_ui = max(s["ui"] for s in samples)
        target, ceiling = TARGETS_MS[scenario]
        ok = median_ui <= target and (ceiling is None or max_ui <= ceiling)
        failed |= not ok
        limit = f"median ≤ {target:.0f}" + (f", max ≤ {ceiling:.0f}" if ceiling else "")
        print(f"{scenario:<11} " + " ".join(f"{c:>12}" for c in cells) + f"   {limit}: {'ok' if ok else 'MISSED'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

"""Subnet price history over a window of hours (`btcli subnets price --interval-hours`), from a
taonet node's per-block samples (`taonet_history`; node bookkeeping, recorded since the node
started serving, never part of the state).

Hours become blocks with the node's own block time (`taonet_chainInfo.block_time`); the samples
are read newest first in pages of at most PAGE (`until` pages back), so a window longer than one
page is read whole. The stats are the real btcli 9.23.2's (current, high, low, change %, supply,
market cap, emission, stake) over every sample in the window; the `prices` list it returns is
thinned to at most MAX_POINTS evenly spaced samples (first and last kept) for charts and JSON.
"""
from __future__ import annotations

import math
from typing import Any

from client.backend import Backend
from client.balance import RAO_PER_TAO as RAO
from client.errors import ClientError

PAGE = 10_000        # taonet_history's largest `limit` (node.rpc_metagraph.MAX_HISTORY)
MAX_POINTS = 600     # samples kept per subnet for the chart and the JSON `prices`
MIN_POINTS = 5       # the real btcli refuses a subnet with fewer price points


def window_blocks(hours: float, block_time: float) -> int:
    """Blocks in `hours` at `block_time` seconds a block (at least 1)."""
    return max(1, math.ceil(hours * 3600 / block_time))


def samples(rpc: Backend, netuid: int, since: int, until: int) -> tuple[list[int], list[float]]:
    """Every recorded (block, price) of `netuid` in since..until, oldest first (paged back from `until`)."""
    blocks: list[int] = []
    prices: list[float] = []
    last = until
    while last >= since:
        page = rpc.call("taonet_history", netuid, None, since, PAGE, last)["subnet"]
        blocks[:0], prices[:0] = page["number"], page["price"]
        if len(page["number"]) < PAGE:
            break
        last = page["number"][0] - 1
    return blocks, prices


def thin(blocks: list[int], prices: list[float], most: int = MAX_POINTS) -> tuple[list[int], list[float]]:
    """At most `most` evenly spaced samples, the first and the last always kept."""
    if len(blocks) <= most:
        return blocks, prices
    picks = sorted({round(i * (len(blocks) - 1) / (most - 1)) for i in range(most)})
    return [blocks[i] for i in picks], [prices[i] for i in picks]


def stats(prices: list[float], summary: dict[str, Any]) -> dict[str, Any]:
    """The real btcli's per-subnet stats: the price ones from `prices` (oldest first), the others
    from the subnet's current summary (taonet_subnets), amounts in TAO/alpha."""
    supply = (summary["alpha_in"] + summary["alpha_out"]) / RAO
    current = prices[-1]
    return {"current_price": current, "high": max(prices), "low": min(prices),
            "change_pct": (current - prices[0]) / prices[0] * 100 if prices[0] else 0.0,
            "supply": supply, "market_cap": summary["price"] * supply, "emission": (summary.get("tao_emission") or 0) / RAO,
            "stake": summary["alpha_out"] / RAO, "symbol": summary.get("symbol") or "", "name": summary.get("name") or ""}


def history(rpc: Backend, netuids: list[int], hours: float) -> dict[str, Any]:
    """{"head", "block_time", "window_start", "subnets": {netuid: {prices, blocks, stats, samples,
    history_start}}, "short": [netuids with fewer than MIN_POINTS samples]} for the subnets asked
    (every subnet but root when `netuids` is empty), sorted by market cap like the real btcli."""
    if rpc.kind != "taonet":
        raise ClientError("price history needs an archive node: the real btcli reads past blocks' prices there, and "
                          f"taonet's subtensor client reads only the head ({rpc.label}); pass --current for the current prices")
    info = rpc.call("taonet_chainInfo")
    block_time = float(info.get("block_time") or 0)
    if block_time <= 0:
        raise ClientError("this node produces blocks on demand (no block time): hours cannot be told in blocks; "
                          "pass --current for the current prices")
    summary = rpc.call("taonet_subnets")
    head = int(summary["head"])
    by_netuid = {s["netuid"]: s for s in summary["subnets"]}
    chosen = netuids or [n for n in sorted(by_netuid) if n]
    missing = [n for n in chosen if n not in by_netuid]
    if missing:
        raise ClientError(f"no subnet {missing[0]} on this chain: `btcli subnets list` shows the netuids")
    start = max(0, head - window_blocks(hours, block_time))
    out: dict[int, dict[str, Any]] = {}
    short: list[int] = []
    for n in chosen:
        blocks, prices = samples(rpc, n, start, head)
        if len(prices) < MIN_POINTS:
            short.append(n)
            continue
        shown_blocks, shown_prices = thin(blocks, prices)
        out[n] = {"prices": shown_prices, "blocks": shown_blocks, "stats": stats(prices, by_netuid[n]),
                  "samples": len(prices), "history_start": blocks[0]}
    ordered = dict(sorted(out.items(), key=lambda kv: kv[1]["stats"]["market_cap"], reverse=True))
    return {"head": head, "block_time": block_time, "window_start": start, "subnets": ordered, "short": short}

"""`btcli subnets price --interval-hours`'s terminal output: per subnet the real btcli's stats
(current, high, low, change over the window) and a line chart of the price over blocks drawn
with Rich markup (a log10 y-axis with --log-scale), then the latest supply, market cap, emission
and stake. Pure text functions of client.price_history's answer."""
from __future__ import annotations

import math
from typing import Any

WIDTH = 60
HEIGHT = 14


def chart(blocks: list[int], prices: list[float], log_scale: bool = False, width: int = WIDTH,
          height: int = HEIGHT) -> list[str]:
    """A line chart (one ● per column, │ joining steep moves) with a labelled y-axis and the first
    and last block under the x-axis. Log scale: log10 of each price (all prices must be > 0)."""
    ys = [math.log10(p) for p in prices] if log_scale else list(prices)
    low, high = min(ys), max(ys)
    span = (high - low) or 1.0
    columns = min(width, len(ys))
    # each column's value: the last sample that falls in it (so the newest price ends the line)
    picks = [ys[min(len(ys) - 1, round((c + 1) * len(ys) / columns) - 1)] for c in range(columns)]
    rows = [[" "] * columns for _ in range(height)]
    level = [height - 1 - round((v - low) / span * (height - 1)) for v in picks]
    for c, r in enumerate(level):
        if c:
            top, bottom = sorted((level[c - 1], r))
            for between in range(top + 1, bottom):
                rows[between][c] = "│"
        rows[r][c] = "●"

    def label(row: int) -> str:
        value = high - row * span / (height - 1) if high != low else high
        return f"{10 ** value if log_scale else value:>12.6f}"

    lines = [f"[dim]{label(r) if r in (0, height // 2, height - 1) else ' ' * 12} ┤[/dim][green]{''.join(row)}[/green]"
             for r, row in enumerate(rows)]
    lines.append("[dim]" + " " * 13 + "└" + "─" * columns + "[/dim]")
    left, right = f"#{blocks[0]}", f"#{blocks[-1]}"
    lines.append("[dim]" + " " * 14 + left + " " * max(1, columns - len(left) - len(right)) + right + "[/dim]")
    return lines


def _hours(hours: float) -> str:
    return f"{hours:g}h"


def render(console: Any, data: dict[str, Any], hours: float, log_scale: bool) -> None:
    """Print each subnet's stats and chart (data: client.price_history.history's answer)."""
    h = _hours(hours)
    for netuid, d in data["subnets"].items():
        s, sym = d["stats"], d["stats"]["symbol"] or "α"  # a taonet subnet created without --symbol has none
        color = "green" if s["change_pct"] > 0 else "red"
        console.print(f"\n[bold]Subnet {netuid} - {sym} [cyan]{s['name'] or '-'}[/cyan][/bold]\n"
                      f"Current: [blue]{s['current_price']:.6f}{sym}[/blue]\n"
                      f"{h} High: [green]{s['high']:.6f}{sym}[/green]\n"
                      f"{h} Low: [red]{s['low']:.6f}{sym}[/red]\n"
                      f"{h} Change: [{color}]{s['change_pct']:.2f}%[/{color}]")
        if d["history_start"] > data["window_start"]:
            console.print(f"[yellow]history since block #{d['history_start']} (this node's first sample): the {h} window "
                          f"starts at #{data['window_start']}[/yellow]")
        log = log_scale and min(d["prices"]) > 0
        if log_scale and not log:
            console.print("[yellow]a price of 0 has no logarithm: the chart is linear[/yellow]")
        title = f"Price (τ/{sym}){' log scale' if log else ''} over blocks, {d['samples']} samples"
        console.print(f"[dim]{title}[/dim]")
        for line in chart(d["blocks"], d["prices"], log):
            console.print(line, highlight=False, soft_wrap=True)
        console.print(f"\nLatest stats:\nSupply: {s['supply']:,.2f} {sym}\nMarket Cap: {s['market_cap']:,.2f} {sym} / 21M\n"
                      f"Emission: {s['emission']:,.6f} τ per block\nStake: {s['stake']:,.2f} {sym}")


def json_document(data: dict[str, Any], hours: float) -> dict[str, Any]:
    """The real btcli's JSON ({netuid: {prices, stats}}) with taonet's own keys beside them."""
    return {str(n): {"prices": d["prices"], "stats": d["stats"], "blocks": d["blocks"], "samples": d["samples"],
                     "history_start": d["history_start"], "window_start": data["window_start"], "head": data["head"],
                     "interval_hours": hours, "block_time": data["block_time"]}
            for n, d in data["subnets"].items()}

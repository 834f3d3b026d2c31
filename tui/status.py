"""The one-line status bar: the network and its kind, the chain, the block, its age and the block
time (a pure function)."""

from __future__ import annotations

import time
from typing import Any


def where_text(label: str, kind: str) -> str:
    """The network as the status line names it: "finney · subtensor", "local · taonet",
    "ws://127.0.0.1:9944 · subtensor" (`label` is the network as the user named it)."""
    return f"{label} · {kind}"


def status_line(where: str, info: dict[str, Any] | None, head: dict[str, Any] | None, seen: float,
                down: str | None, now: float | None = None) -> str:
    """`where` names the network (`where_text`)."""
    if down is not None:
        return f"[b red]offline[/] {where}"
    if info is None:
        return f"connecting to {where}…"
    parts = [f"[b]{where}[/]", f"chain {info.get('chain', '?')}"]
    if head is not None:
        age = (now if now is not None else time.monotonic()) - seen
        parts.append(f"block [b]#{head.get('number', 0):,}[/] {age:.0f}s ago")
    if info.get("block_time"):
        parts.append(f"block time {info['block_time']:g}s")
    return " · ".join(parts)

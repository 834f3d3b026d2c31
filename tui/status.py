"""The one-line status bar: node, block, its age and the block time (a pure function)."""

from __future__ import annotations

import time
from typing import Any


def status_line(url: str, info: dict[str, Any] | None, head: dict[str, Any] | None, seen: float,
                down: str | None, now: float | None = None) -> str:
    if down is not None:
        return f"[b red]offline[/] {url}"
    if info is None:
        return f"connecting to {url}…"
    parts = [f"[b]{info.get('chain', '?')}[/] {url}"]
    if head is not None:
        age = (now if now is not None else time.monotonic()) - seen
        parts.append(f"block [b]#{head.get('number', 0):,}[/] {age:.0f}s ago")
    if info.get("block_time"):
        parts.append(f"block time {info['block_time']:g}s")
    return " · ".join(parts)

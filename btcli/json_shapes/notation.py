"""Helpers for writing shapes (btcli.json_shapes): a fragment written at depth 0, used deeper."""
from __future__ import annotations


def at(depth: int, fragment: str) -> str:
    """`fragment`'s lines indented by `depth` levels (two spaces each), without blank lines."""
    return "\n".join("  " * depth + line for line in fragment.strip("\n").splitlines() if line.strip())

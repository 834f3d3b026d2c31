"""A coldkey's TAO transfers, from the node's events table (`balances.Transfer`: from, to, amount),
newest first, a page at a time.

Chain tables, not state: every transfer the node's blocks recorded since genesis (a taonet node
keeps every block's events). A page holds at least `limit` transfers when that many exist, and
always whole blocks, so `next_before` (the lowest block of the page) is an exact cursor.
"""
from __future__ import annotations

import json
from typing import Any

from node.reader import Reader

NAME = "balances.Transfer"


def transfers(reader: Reader, address: str, limit: int, before_block: int | None) -> dict[str, Any]:
    """{head, address, transfers: [{block_number, block_hash, extrinsic_index, extrinsic_id ("block-index"),
    from, to, amount (rao), direction ("in" | "out" | "self")}], next_before (block to page on, or null)}."""
    conn = reader.conn()
    conn.execute("BEGIN")
    try:
        head = conn.execute("SELECT MAX(number) FROM blocks").fetchone()[0]
        below = head + 1 if before_block is None else before_block
        where = ("e.name = ? AND e.block_number < ? AND (json_extract(e.data, '$.from') = ? "
                 "OR json_extract(e.data, '$.to') = ?)")
        rows = conn.execute(
            f"SELECT e.block_number, e.idx, e.extrinsic_idx, e.data, b.hash FROM events e "
            f"JOIN blocks b ON b.number = e.block_number WHERE {where} "
            "ORDER BY e.block_number DESC, e.idx DESC LIMIT ?", (NAME, below, address, address, limit + 1)).fetchall()
        more = len(rows) > limit
        if more:  # finish the last block of the page, then stop
            last = rows[limit - 1][0]
            rows = [r for r in rows if r[0] >= last] + conn.execute(
                f"SELECT e.block_number, e.idx, e.extrinsic_idx, e.data, b.hash FROM events e "
                f"JOIN blocks b ON b.number = e.block_number WHERE {where} AND e.block_number = ? "
                "AND e.idx < ? ORDER BY e.idx DESC",
                (NAME, below, address, address, last, min(r[1] for r in rows if r[0] == last))).fetchall()
    finally:
        conn.execute("COMMIT")
    out = []
    for number, _idx, ext, data, block_hash in rows:
        d = json.loads(data)
        direction = "self" if d["from"] == d["to"] else "out" if d["from"] == address else "in"
        out.append({"block_number": number, "block_hash": block_hash, "extrinsic_index": ext,
                    "extrinsic_id": None if ext is None else f"{number}-{ext}", "from": d["from"], "to": d["to"],
                    "amount": d["amount"], "direction": direction})
    return {"head": head, "address": address, "transfers": out,
            "next_before": min(r[0] for r in rows) if more and rows else None}

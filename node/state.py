"""Chain state: a read-through overlay per block, nested savepoints, and the state root.

All state writes of a block go to `State`'s overlay layers; `commit` writes the changed rows
together with the block's chain rows (block, extrinsics, events) in ONE SQLite transaction, so a
crash leaves either the whole block or none of it.

State root (a multiset hash, maintained incrementally):
    row_hash(table, key, row) = int(blake2b-256(canonical JSON [table, key, *row]), big endian)
    accumulator = sum of row_hash over every row of every state table, mod 2^256
    state_root  = "0x" + accumulator as 32 big-endian bytes (hex)
A block changes the accumulator by (new row hash - old row hash) for each row it changes (a new
row has no old hash, a deleted row no new one), so the cost is per changed row, not per state
size; `recompute_root` computes it from scratch, which `node verify` compares against.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from hashlib import blake2b
from typing import Any

from node.schema import STATE_TABLES

MOD = 2**256
Row = tuple[Any, ...]
_MISSING = object()


def row_hash(table: str, key: str, row: Row) -> int:
    data = json.dumps([table, key, *row], separators=(",", ":"), ensure_ascii=True).encode()
    return int.from_bytes(blake2b(data, digest_size=32).digest(), "big")


def root_hex(accumulator: int) -> str:
    return "0x" + accumulator.to_bytes(32, "big").hex()


class State:
    """The writer's view of state: committed rows (cached) plus the current block's overlay."""

    def __init__(self, conn: sqlite3.Connection, accumulator: int = 0) -> None:
        self.conn = conn
        self.accumulator = accumulator
        self._committed: dict[tuple[str, str], Row | None] = {}
        self._layers: list[dict[tuple[str, str], Row | None]] = [{}]
        self._select = {
            name: f"SELECT {', '.join(t.column_names)} FROM {name} WHERE {t.key} = ?" for name, t in STATE_TABLES.items()
        }

    # -- reads and writes ----------------------------------------------------------------------
    def committed(self, table: str, key: str) -> Row | None:
        ident = (table, key)
        row = self._committed.get(ident, _MISSING)
        if row is _MISSING:
            found = self.conn.execute(self._select[table], (key,)).fetchone()
            row = tuple(found) if found is not None else None
            if len(self._committed) > 1_000_000:
                self._committed.clear()
            self._committed[ident] = row
        return row  # type: ignore[return-value]

    def get(self, table: str, key: str) -> Row | None:
        ident = (table, key)
        for layer in reversed(self._layers):
            if ident in layer:
                return layer[ident]
        return self.committed(table, key)

    def put(self, table: str, key: str, row: Row | None) -> None:
        """Set a row (a tuple in the table's column order), or delete it with None."""
        self._layers[-1][(table, key)] = row

    def get_value(self, key: str, default: Any = None) -> Any:
        row = self.get("storage", key)
        return default if row is None else json.loads(row[0])

    def put_value(self, key: str, value: Any) -> None:
        self.put("storage", key, (json.dumps(value, sort_keys=True, separators=(",", ":")),))

    def scan(self, table: str, like: str) -> list[tuple[str, Row]]:
        """Every row of `table` whose key matches the SQL LIKE pattern `like` (only `%` is a
        wildcard), as this block's overlay sees them, sorted by key."""
        spec = STATE_TABLES[table]
        pattern = re.compile("^" + ".*".join(re.escape(part) for part in like.split("%")) + "$", re.DOTALL)
        keys = {found[0] for found in self.conn.execute(  # LIKE ignores ASCII case: the pattern decides
            f"SELECT {spec.key} FROM {table} WHERE {spec.key} LIKE ? ESCAPE '!'",
            (like.replace("!", "!!").replace("_", "!_"),)) if pattern.match(found[0])}
        for layer in self._layers:
            keys.update(k for t, k in layer if t == table and pattern.match(k))
        rows = ((key, self.get(table, key)) for key in sorted(keys))
        return [(key, row) for key, row in rows if row is not None]

    # -- savepoints ----------------------------------------------------------------------------
    def savepoint(self) -> None:
        self._layers.append({})

    def rollback(self) -> None:
        """Drop everything written since the last savepoint."""
        self._layers.pop()

    def depth(self) -> int:
        """How many savepoints are open (for unwinding after an unexpected error)."""
        return len(self._layers) - 1

    def rollback_to(self, depth: int) -> None:
        """Drop every savepoint opened beyond `depth`, and what was written in them."""
        del self._layers[depth + 1:]

    def release(self) -> None:
        """Keep everything written since the last savepoint (merge it into the layer below)."""
        top = self._layers.pop()
        self._layers[-1].update(top)

    def discard_block(self) -> None:
        self._layers = [{}]

    # -- root and commit -----------------------------------------------------------------------
    def changes(self) -> dict[tuple[str, str], Row | None]:
        if len(self._layers) != 1:
            raise RuntimeError("a savepoint is still open at the end of the block")
        return {ident: row for ident, row in self._layers[0].items() if row != self.committed(*ident)}

    def root_after(self, changes: dict[tuple[str, str], Row | None]) -> int:
        """The accumulator once `changes` are applied."""
        acc = self.accumulator
        for (table, key), new in changes.items():
            old = self.committed(table, key)
            if old is not None:
                acc -= row_hash(table, key, old)
            if new is not None:
                acc += row_hash(table, key, new)
        return acc % MOD

    def commit(self, changes: dict[tuple[str, str], Row | None], accumulator: int,
               write_chain_rows: Callable[[sqlite3.Connection], None]) -> None:
        """Write `changes` and the block's chain rows in one transaction, then adopt them."""
        by_table: dict[str, tuple[list, list]] = {}
        for (table, key), row in changes.items():
            upserts, deletes = by_table.setdefault(table, ([], []))
            (deletes.append((key,)) if row is None else upserts.append((key, *row)))
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for table, (upserts, deletes) in by_table.items():
                spec = STATE_TABLES[table]
                if upserts:
                    cols = (spec.key, *spec.column_names)
                    conn.executemany(
                        f"INSERT OR REPLACE INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", upserts)
                if deletes:
                    conn.executemany(f"DELETE FROM {table} WHERE {spec.key} = ?", deletes)
            write_chain_rows(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite already rolled back after some errors (SQLITE_FULL): keep the real one
                conn.execute("ROLLBACK")
            self.discard_block()
            raise
        self._committed.update(changes)
        self.accumulator = accumulator
        self._layers = [{}]


def recompute_root(conn: sqlite3.Connection, tables: Iterable[str] | None = None) -> int:
    """The accumulator computed from scratch over every state row (for checks and `verify`)."""
    acc = 0
    for name in tables or STATE_TABLES:
        spec = STATE_TABLES[name]
        for found in conn.execute(f"SELECT {spec.key}, {', '.join(spec.column_names)} FROM {name}"):
            acc += row_hash(name, found[0], tuple(found[1:]))
    return acc % MOD

"""Read-only queries on a node's database, one WAL reader connection per thread.

RPC handlers read through here and never touch the producer's writer connection, so reads never
block block production (WAL readers see the last committed block).
"""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from node import schema
from node.block import BLOCK_COLUMNS, Header
from node.schema import STATE_TABLES


class View:
    """Read-only state on a reader connection with the same `get` interface as node.state.State."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def get(self, table: str, key: str) -> tuple | None:
        spec = STATE_TABLES[table]
        row = self.conn.execute(f"SELECT {', '.join(spec.column_names)} FROM {table} WHERE {spec.key} = ?", (key,)).fetchone()
        return None if row is None else tuple(row)

    def get_value(self, key: str, default: Any = None) -> Any:
        row = self.get("storage", key)
        return default if row is None else json.loads(row[0])

    def prefix(self, table: str, prefix: str) -> list[tuple]:
        """Rows whose key starts with `prefix`, in key order (a range scan on the primary key)."""
        spec = STATE_TABLES[table]
        return [tuple(r) for r in self.conn.execute(
            f"SELECT {spec.key}, {', '.join(spec.column_names)} FROM {table} WHERE {spec.key} >= ? AND {spec.key} < ? "
            f"ORDER BY {spec.key}", (prefix, prefix + "\U0010ffff"))]

    @property
    def head(self) -> int:
        return self.conn.execute("SELECT MAX(number) FROM blocks").fetchone()[0]


class Reader:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._local = threading.local()

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = schema.connect(self.db_path, readonly=True)
        return conn

    @contextmanager
    def snapshot(self) -> Iterator[View]:
        """A read-only state view of one consistent committed block (a read transaction)."""
        conn = self.conn()
        conn.execute("BEGIN")
        try:
            yield View(conn)
        finally:
            conn.execute("COMMIT")

    # -- blocks --------------------------------------------------------------------------------
    def _block_row(self, where: str, arg: Any) -> tuple | None:
        return self.conn().execute(f"SELECT {BLOCK_COLUMNS} FROM blocks WHERE {where}", (arg,)).fetchone()

    def head_row(self) -> tuple:
        return self.conn().execute(f"SELECT {BLOCK_COLUMNS} FROM blocks ORDER BY number DESC LIMIT 1").fetchone()

    def block_row(self, number: int | None = None, block_hash: str | None = None) -> tuple | None:
        """A block's row by number or hash (the head when both are None)."""
        if block_hash is not None:
            return self._block_row("hash = ?", block_hash)
        if number is not None:
            return self._block_row("number = ?", number)
        return self.head_row()

    @staticmethod
    def header_json(row: tuple) -> dict[str, Any]:
        return {**Header.from_row(row).to_json(), "extrinsic_count": row[6]}

    def extrinsics(self, number: int) -> list[dict[str, Any]]:
        rows = self.conn().execute(
            "SELECT hash, data, success FROM extrinsics WHERE block_number = ? ORDER BY idx", (number,))
        return [{"hash": h, "extrinsic": json.loads(d), "success": bool(s)} for h, d, s in rows]

    def events(self, number: int) -> list[dict[str, Any]]:
        rows = self.conn().execute(
            "SELECT idx, extrinsic_idx, name, data FROM events WHERE block_number = ? ORDER BY idx", (number,))
        return [{"index": i, "extrinsic_index": x, "name": n, "data": json.loads(d)} for i, x, n, d in rows]

    def extrinsic_location(self, ext_hash: str) -> dict[str, Any] | None:
        row = self.conn().execute(
            "SELECT e.block_number, e.idx, e.success, b.hash FROM extrinsics e JOIN blocks b ON b.number = e.block_number "
            "WHERE e.hash = ?", (ext_hash,)).fetchone()
        if row is None:
            return None
        return {"block_number": row[0], "index": row[1], "success": bool(row[2]), "block_hash": row[3]}

    # -- state ---------------------------------------------------------------------------------
    def account(self, address: str) -> tuple[int, int]:
        row = self.conn().execute("SELECT free, nonce FROM accounts WHERE address = ?", (address,)).fetchone()
        return (0, 0) if row is None else (row[0], row[1])

    def storage(self, key: str, default: Any = None) -> Any:
        row = self.conn().execute("SELECT value FROM storage WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def meta(self, key: str) -> str | None:
        return schema.meta_get(self.conn(), key)

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

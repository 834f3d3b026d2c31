"""The proxy address book, where the real btcli keeps it: the table `proxy_address_book` (name,
ss58_address, delay, spawner, proxy_type, note) of the SQLite file ~/.bittensor/bittensor.db
($BTCLI_PROXIES_PATH overrides), so both tools share one book. `--proxy NAME` resolves through it."""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

TABLE = "proxy_address_book"
COLUMNS = ("name", "ss58_address", "delay", "spawner", "proxy_type", "note")


def path() -> Path:
    return Path(os.environ.get("BTCLI_PROXIES_PATH") or Path.home() / ".bittensor" / "bittensor.db")


def _connect() -> sqlite3.Connection:
    where = path()
    where.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(where)
    conn.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (name TEXT, ss58_address TEXT, delay INTEGER, spawner TEXT, "
                 "proxy_type TEXT, note TEXT)")
    return conn


def entries() -> list[dict[str, Any]]:
    """Every entry, in the order they were added."""
    if not path().exists():
        return []
    with closing(_connect()) as conn:
        rows = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE}").fetchall()
    return [dict(zip(COLUMNS, row)) for row in rows]


def get(name: str) -> dict[str, Any] | None:
    return next((e for e in entries() if e["name"] == name), None)


def add(entry: dict[str, Any]) -> None:
    with closing(_connect()) as conn, conn:
        conn.execute(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
                     tuple(entry[c] for c in COLUMNS))


def update(name: str, changes: dict[str, Any]) -> None:
    sets = {k: v for k, v in changes.items() if v is not None and k in COLUMNS and k != "name"}
    if not sets:
        return
    with closing(_connect()) as conn, conn:
        conn.execute(f"UPDATE {TABLE} SET {', '.join(f'{k} = ?' for k in sets)} WHERE name = ?", (*sets.values(), name))


def remove(name: str) -> None:
    with closing(_connect()) as conn, conn:
        conn.execute(f"DELETE FROM {TABLE} WHERE name = ?", (name,))


def clear() -> None:
    with closing(_connect()) as conn, conn:
        conn.execute(f"DELETE FROM {TABLE}")


def resolve(value: str) -> str:
    """An ss58 address, or the address of the book's entry so named; ValueError saying which."""
    from wallet import ss58

    entry = get(value)
    address = entry["ss58_address"] if entry else value
    if not ss58.is_valid(address):
        raise ValueError(f"--proxy {value!r} is neither an ss58 address nor a name in the proxy address book "
                         f"({path()}); see `btcli config proxies`")
    return address


# -- announced calls (`--announce-only`), for `btcli proxy execute --call-hash` -----------------
# taonet's own table beside the real btcli's `proxy_announcements` (whose calls are SCALE hex):
# the neutral call as JSON, so either chain's backend can sign it again.
ANNOUNCED = "taonet_proxy_announcements"


def _announced(conn: sqlite3.Connection) -> None:
    conn.execute(f"CREATE TABLE IF NOT EXISTS {ANNOUNCED} (real TEXT, delegate TEXT, block INTEGER, call_hash TEXT, "
                 "call TEXT, executed INTEGER)")


def record_announcement(real: str, delegate: str, block: int, call_hash: str, call: dict[str, Any]) -> None:
    import json

    with closing(_connect()) as conn, conn:
        _announced(conn)
        if conn.execute(f"SELECT 1 FROM {ANNOUNCED} WHERE real = ? AND delegate = ? AND call_hash = ? AND executed = 0",
                        (real, delegate, call_hash)).fetchone():
            return  # already kept (a quote and the signing both see it)
        conn.execute(f"INSERT INTO {ANNOUNCED} VALUES (?, ?, ?, ?, ?, 0)",
                     (real, delegate, block, call_hash, json.dumps(call, sort_keys=True)))


def announcements(real: str, call_hash: str) -> list[dict[str, Any]]:
    """The calls announced for `real` with this hash and not executed yet, oldest first."""
    import json

    with closing(_connect()) as conn, conn:
        _announced(conn)
        rows = conn.execute(f"SELECT rowid, delegate, block, call FROM {ANNOUNCED} WHERE real = ? AND call_hash = ? "
                            "AND executed = 0 ORDER BY rowid", (real, call_hash.lower())).fetchall()
    return [{"id": r[0], "delegate": r[1], "block": r[2], "call": json.loads(r[3])} for r in rows]


def mark_executed(row_id: int) -> None:
    with closing(_connect()) as conn, conn:
        _announced(conn)
        conn.execute(f"UPDATE {ANNOUNCED} SET executed = 1 WHERE rowid = ?", (row_id,))

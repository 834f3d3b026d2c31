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

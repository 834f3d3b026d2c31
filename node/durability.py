"""No silent rollback: the head marker, the start-up checks and the clean-stop checkpoint.

`head.json` in the data directory records the newest committed block: {"number", "hash",
"genesis_hash", "clean"}. The node rewrites it (temp file + rename, no fsync) right after every
block it commits, and once more, with "clean": true, after a clean stop has checkpointed the WAL
into chain.db (TRUNCATE: chain.db alone then holds every block).

Guarantee: at start the node refuses a chain.db that is damaged (`PRAGMA quick_check`), that
holds no block although head.json names one (the database was emptied or replaced), whose head is
behind head.json, or whose block at head.json's number has another hash (a lost or damaged
chain.db-wal, or an older chain.db copied back). The marker is written after the commit, so after
a kill -9 it is at most the last committed block, never ahead of it: a crash never makes a healthy
data dir refuse to start. Not covered: an OS crash or power cut that loses both the newest WAL
frames and the newest head.json (synchronous=NORMAL, no fsync: see node.schema) starts at the
older head with nothing to compare against.

A refusal says what to do: restore the whole data dir from a backup, or accept the chain that is
there with `btcli node verify --repair` (replays it from genesis; if it verifies, its head becomes
the marker and the lost blocks are named), or `btcli node purge` to start a new chain.
"""
from __future__ import annotations

import errno
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from node.errors import NodeError

HEAD_FILE = "head.json"
SQLITE_FULL = 13
DAMAGE_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB


class ChainDamaged(NodeError):
    """The data directory's chain went backwards or is damaged; the message says what to do."""


@dataclass(frozen=True)
class HeadMark:
    number: int
    hash: str
    genesis_hash: str
    clean: bool = False


def read_mark(data_dir: Path) -> HeadMark | None:
    """The recorded head, None when there is none; ChainDamaged when the file is unreadable."""
    path = data_dir / HEAD_FILE
    try:
        data = json.loads(path.read_text())
        return HeadMark(int(data["number"]), str(data["hash"]), str(data["genesis_hash"]), bool(data.get("clean")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ChainDamaged(f"{path} is unreadable ({exc}): check the chain and record its head with "
                           f"`btcli node verify --repair --data-dir {data_dir}`") from None


def write_mark(data_dir: Path, mark: HeadMark) -> None:
    """Replace head.json atomically (a reader sees the old or the new one, never a torn file)."""
    path = data_dir / HEAD_FILE
    tmp = path.with_name(HEAD_FILE + ".tmp")
    try:
        tmp.write_text(json.dumps({"number": mark.number, "hash": mark.hash, "genesis_hash": mark.genesis_hash,
                                   "clean": mark.clean}) + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        raise storage_error(exc, data_dir) from None


def storage_error(exc: BaseException, data_dir: Path,
                  kept: str = "the block being made was not written; every committed block is kept") -> BaseException:
    """The error to show for a failed write: a full disk is said as such (SQLite reports it as
    SQLITE_FULL, and a failed commit used to surface as "cannot rollback")."""
    full = (isinstance(exc, sqlite3.Error) and (getattr(exc, "sqlite_errorcode", None) == SQLITE_FULL
                                               or "database or disk is full" in str(exc))) \
        or (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT))
    if full:
        return NodeError(f"disk full: free space on {data_dir} and start again ({kept})")
    return exc


def open_error(exc: sqlite3.Error, data_dir: Path) -> NodeError:
    """The error to show when chain.db cannot be opened or set up at start. Damage only where
    SQLite says so (SQLITE_CORRUPT, SQLITE_NOTADB); a full disk as such; any other failure (an I/O
    error, a file size limit, a read-only file) with its cause, never as damage: the data dir is fine
    once the cause is gone."""
    code = getattr(exc, "sqlite_errorcode", None)
    if ((code & 0xFF) in DAMAGE_CODES) if code is not None else not isinstance(exc, sqlite3.OperationalError):
        return damaged_database(data_dir, str(exc))
    error = storage_error(exc, data_dir, "the chain in it is unchanged")
    if isinstance(error, NodeError):
        return error
    return NodeError(f"cannot write {data_dir / 'chain.db'} ({' '.join(str(exc).split())}): check the disk, its free "
                     "space and the folder's permissions, then start again (the chain in it is unchanged)")


def check_database(conn: sqlite3.Connection, data_dir: Path) -> None:
    """`PRAGMA quick_check` of chain.db; ChainDamaged when it reports a problem."""
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        raise open_error(exc, data_dir) from None
    if problems != ["ok"]:
        raise damaged_database(data_dir, "; ".join(problems))


def damaged_database(data_dir: Path, detail: str) -> ChainDamaged:
    detail = " ".join(detail.split())  # one line
    return ChainDamaged(f"{data_dir / 'chain.db'} is damaged ({detail[:160]}): the node will not start on it. Restore "
                        f"the data dir from a backup, or `btcli node purge --data-dir {data_dir}` to start a new chain")


def check_head(conn: sqlite3.Connection, data_dir: Path) -> None:
    """Refuse a chain that went backwards or was replaced (see the module docstring)."""
    mark = read_mark(data_dir)
    if mark is None:
        return
    row = conn.execute("SELECT number, hash FROM blocks ORDER BY number DESC LIMIT 1").fetchone()
    where = f"{data_dir / HEAD_FILE} records block #{mark.number} ({mark.hash[:18]}…)"
    repair = (f"restore the data dir from a backup, or accept the chain that is there with "
              f"`btcli node verify --repair --data-dir {data_dir}`")
    if row is None:
        raise ChainDamaged(f"{data_dir / 'chain.db'} holds no block but {where}: the database was lost or emptied, "
                           f"and a new genesis would silently start another chain. Restore the data dir from a "
                           f"backup, or `btcli node purge --data-dir {data_dir}` to start a new chain")
    genesis = conn.execute("SELECT value FROM meta WHERE key = 'genesis_hash'").fetchone()
    if genesis is not None and genesis[0] != mark.genesis_hash:
        raise ChainDamaged(f"{data_dir / 'chain.db'} holds another chain (genesis {genesis[0][:18]}…) than {where} "
                           f"(genesis {mark.genesis_hash[:18]}…): {repair}")
    if row[0] < mark.number:
        lost = "chain.db-wal was lost or damaged" if not mark.clean else "chain.db was replaced by an older copy"
        raise ChainDamaged(f"the chain went backwards: {where} but chain.db ends at #{row[0]} ({lost}); "
                           f"blocks #{row[0] + 1}..#{mark.number} are missing: {repair}")
    at = conn.execute("SELECT hash FROM blocks WHERE number = ?", (mark.number,)).fetchone()
    if at is None or at[0] != mark.hash:
        raise ChainDamaged(f"chain.db's block #{mark.number} is {at[0][:18] if at else 'missing'}…, not the block "
                           f"{where}: {repair}")


def checkpoint(conn: sqlite3.Connection) -> bool:
    """Copy the WAL into chain.db and truncate it (a clean stop); False when a reader kept it busy."""
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0


def accept_head(data_dir: Path | str) -> dict[str, Any]:
    """`node verify --repair`: replay the chain in `data_dir` (no node may run there); if it
    verifies, record its head as the marker and say which recorded blocks are lost."""
    from node.paths import DataDirLock
    from node.replay import verify

    data_dir = Path(data_dir).expanduser()
    lock = DataDirLock(data_dir).acquire(wait=0)
    try:
        try:
            before = read_mark(data_dir)
        except ChainDamaged:
            before = None
        try:
            report = verify(data_dir)
        except sqlite3.DatabaseError as exc:
            raise damaged_database(data_dir, str(exc)) from None
        result: dict[str, Any] = {**report.to_json(), "repaired": False,
                                  "recorded_head": None if before is None else before.number}
        if not report.ok or report.blocks == 0:
            result["problems"] = report.problems or ["the database holds no block"]
            return result
        conn = sqlite3.connect(f"file:{data_dir / 'chain.db'}?mode=ro", uri=True)
        try:
            genesis = conn.execute("SELECT value FROM meta WHERE key = 'genesis_hash'").fetchone()[0]
        finally:
            conn.close()
        head = report.blocks - 1
        write_mark(data_dir, HeadMark(head, report.head_hash, genesis, clean=True))
        result.update(repaired=True, head=head)
        if before is not None and before.number > head:
            result["lost"] = f"blocks #{head + 1}..#{before.number} are lost; the node continues from #{head}"
        return result
    finally:
        lock.release()

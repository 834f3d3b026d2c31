"""The chain: open a data directory (genesis or resume), admit extrinsics, produce blocks.

A block is built from the pool's ready extrinsics, applied to the state overlay, and committed
with its header, extrinsics and events in one SQLite transaction (see node.state). The producer
is the only writer; RPC reads go through `Chain.reader` (WAL readers).
"""
from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from node import durability, runtime, schema
from node.block import ZERO_HASH, Header, extrinsics_root
from node.errors import NodeError
from node.extrinsic import Extrinsic, canonical, signature_valid
from node.genesis import ChainSpec, spec_from_json, write_genesis_state
from node.paths import DataDirLock
from node.pool import Pool, Refused
from node.reader import Reader
from node.runtime.types import ArgumentError, public_key
from node.schema import DB_NAME
from node.state import State, root_hex

log = logging.getLogger("taonet.node")
MAX_BLOCK_EXTRINSICS = 20_000

# JSON-RPC error codes for refused extrinsics (as Substrate's author_* errors)
INVALID_TRANSACTION = 1010
POOL_FULL = 1012
ALREADY_IMPORTED = 1013


class GenesisMismatch(NodeError):
    """The data directory holds another chain than the one asked for."""


@dataclass
class BlockOutcome:
    header: Header
    included: list[Extrinsic]
    results: list[runtime.Applied]
    dropped: list[tuple[Extrinsic, str]]
    events: list[tuple[int | None, str, dict[str, Any]]] = field(default_factory=list)


def chain_rows(header: Header, included: list[Extrinsic], results: list[runtime.Applied], events: list,
               extra: Callable[[Any], None] | None = None) -> Callable[[Any], None]:
    """The writer of a block's chain rows (block, extrinsics, events) inside the commit."""
    def write(conn: Any) -> None:
        conn.execute("INSERT INTO blocks (number, hash, parent_hash, timestamp, extrinsics_root, state_root, "
                     "extrinsic_count) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (header.number, header.hash, header.parent_hash, header.timestamp, header.extrinsics_root,
                      header.state_root, len(included)))
        conn.executemany("INSERT INTO extrinsics (hash, block_number, idx, data, success) VALUES (?, ?, ?, ?, ?)",
                         [(e.hash, header.number, i, canonical(e.to_json()).decode(), int(r.success))
                          for i, (e, r) in enumerate(zip(included, results))])
        conn.executemany("INSERT INTO events (block_number, idx, extrinsic_idx, name, data) VALUES (?, ?, ?, ?, ?)",
                         [(header.number, i, x, n, json.dumps(d, separators=(",", ":"))) for i, (x, n, d) in enumerate(events)])
        if extra is not None:
            extra(conn)
    return write


class Chain:
    """One node's chain in a data directory."""

    def __init__(self, data_dir: Path | str, spec: ChainSpec | None, max_block_extrinsics: int = MAX_BLOCK_EXTRINSICS,
                 block_time: float | None = None) -> None:
        self.block_time = block_time  # informational (the producer keeps the time)
        self.data_dir = Path(data_dir).expanduser()
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise NodeError(f"{self.data_dir} is a file, not a folder: pass another --data-dir")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.db_path = self.data_dir / DB_NAME
        self.max_block_extrinsics = max_block_extrinsics
        self._lock = DataDirLock(self.data_dir).acquire()  # one writer per data dir, for the chain's life
        try:
            self.conn = schema.connect(self.db_path)
            durability.check_database(self.conn, self.data_dir)
            schema.ensure(self.conn)
            durability.check_head(self.conn, self.data_dir)  # refuse a chain that went backwards
            self.spec = self._open_genesis(spec)
        except BaseException as exc:
            if hasattr(self, "conn"):
                self.conn.close()
            self._lock.release()
            if isinstance(exc, sqlite3.DatabaseError):  # damaged, or a disk that refuses to write
                raise durability.open_error(exc, self.data_dir) from None
            raise
        self.reader = Reader(self.db_path)
        head = self.reader.head_row()
        self._head = Header.from_row(head)
        self.genesis_hash = schema.meta_get(self.conn, "genesis_hash") or ""
        self._mark()
        self.state = State(self.conn, int(self._head.state_root, 16))
        self.pool = Pool()
        self.lock = threading.Lock()
        self._watchers: dict[str, list[tuple[threading.Event, dict]]] = {}
        self.listeners: list[Callable[[dict[str, Any]], None]] = []

    # -- genesis -------------------------------------------------------------------------------
    def _open_genesis(self, spec: ChainSpec | None) -> ChainSpec:
        stored = schema.meta_get(self.conn, "chain_spec")
        if stored is not None:
            stored_spec = spec_from_json(json.loads(stored))
            if spec is not None and canonical(spec.to_json()) != canonical(stored_spec.to_json()):
                raise GenesisMismatch(
                    f"{self.data_dir} holds chain '{stored_spec.name}' (genesis "
                    f"{schema.meta_get(self.conn, 'genesis_hash')}), not the requested chain '{spec.name}': "
                    "use another --data-dir, or `btcli node purge` to delete it")
            return stored_spec
        if spec is None:
            raise GenesisMismatch(f"{self.data_dir} holds no chain: start a node there first (`btcli node start --dev`)")
        state = State(self.conn, 0)
        write_genesis_state(state, spec)
        changes = state.changes()
        acc = state.root_after(changes)
        header = Header(0, ZERO_HASH, spec.timestamp, extrinsics_root([]), root_hex(acc))

        def meta(conn: Any) -> None:
            schema.meta_set(conn, "chain_spec", canonical(spec.to_json()).decode())
            schema.meta_set(conn, "genesis_hash", header.hash)
        state.commit(changes, acc, chain_rows(header, [], [], [], meta))
        return spec

    # -- reading -------------------------------------------------------------------------------
    @property
    def head(self) -> Header:
        return self._head

    def _chain_nonce(self, signer: str) -> int:
        """The signer's committed nonce as the producer sees it (producer thread only)."""
        row = self.state.committed("accounts", signer)
        return 0 if row is None else row[1]

    # -- admission -----------------------------------------------------------------------------
    def check(self, ext: Extrinsic) -> bytes:
        """Stateless checks: chain, arguments, signer, signature. Raise Refused."""
        if ext.genesis_hash != self.genesis_hash:
            raise _refused(f"extrinsic is for another chain (genesis {ext.genesis_hash}); this node runs "
                           f"'{self.spec.name}' with genesis {self.genesis_hash}")
        try:
            runtime.check_args(ext.call, ext.args)
        except ArgumentError as exc:
            raise _refused(str(exc)) from None
        try:
            key = public_key(ext.signer)
        except ValueError as exc:
            raise _refused(f"invalid signer: {exc}") from None
        if not signature_valid(ext, key):
            raise _refused("bad signature: it does not verify for the signer over this payload and chain")
        if ext.expired(self._head.number + 1):
            raise _refused(f"its mortal era is over: valid until block {ext.last_valid}, and the next block is "
                           f"{self._head.number + 1}; sign it again")
        return key

    def submit(self, ext: Extrinsic) -> str:
        """Admit `ext` into the pool or raise Refused (with `.code`) saying why."""
        self.check(ext)
        return self.admit(ext)

    def admit(self, ext: Extrinsic) -> str:
        """`submit` less `check`, for a caller that made those stateless checks itself (a SCALE
        extrinsic's are node.substrate.ingest's, answered as a Substrate pool answers them): nonce,
        fee and pool. Raise Refused."""
        fee = runtime.fee(ext)
        with self.lock:
            free, nonce = self.reader.account(ext.signer)
            if ext.nonce < nonce:
                where = self.reader.extrinsic_location(ext.hash)
                if where is not None:
                    raise _refused(f"already included in block {where['block_number']}", ALREADY_IMPORTED)
            queued = self.pool.queued_fees(ext.signer)
            if ext.nonce >= nonce and free < queued + fee:
                raise _refused(f"the signer cannot pay the fee: {fee} rao needed, {free} rao free"
                               if not queued else f"the signer cannot pay the fees of everything it queued: "
                               f"{queued + fee} rao needed ({queued} rao already in the pool), {free} rao free")
            if ext.call in runtime.ADMISSION_CHECKED:
                self._admission_check(ext)
            try:
                self.pool.add(ext, nonce, fee)
            except Refused as exc:
                code = POOL_FULL if "full" in str(exc) else ALREADY_IMPORTED if "already" in str(exc) else INVALID_TRANSACTION
                raise _refused(str(exc), code) from None
        return ext.hash

    def _admission_check(self, ext: Extrinsic) -> None:
        with self.reader.snapshot() as view:
            try:
                runtime.admission_check(view, ext, view.head + 1)
            except runtime.DispatchError as exc:
                refused = _refused(f"{exc.message} ({exc.name}; refused before the pool: this call is free, "
                                   "so one that would fail is not admitted)")
                refused.error = exc.name  # type: ignore[attr-defined]
                raise refused from None

    def next_nonce(self, signer: str) -> int:
        return self.pool.next_nonce(signer, self.reader.account(signer)[1])

    # -- waiting -------------------------------------------------------------------------------
    def watch(self, ext_hash: str, event: Any, box: dict) -> dict[str, Any] | None:
        """The outcome of `ext_hash` if already known (included, or not in the pool); otherwise None,
        and `box` is filled then `event.set()` called (from the producer thread) once it is."""
        with self.lock:
            where = self.reader.extrinsic_location(ext_hash)
            if where is not None:
                return {"status": "included", **where}
            if ext_hash not in self.pool:
                return {"status": "unknown"}
            self._watchers.setdefault(ext_hash, []).append((event, box))
        return None

    def unwatch(self, ext_hash: str, event: Any, box: dict) -> None:
        with self.lock:
            waiting = self._watchers.get(ext_hash, [])
            if (event, box) in waiting:
                waiting.remove((event, box))
            if not waiting:
                self._watchers.pop(ext_hash, None)

    def wait_for(self, ext_hash: str, timeout: float) -> dict[str, Any]:
        """Block until `ext_hash` is included or dropped (or `timeout`); the outcome as a dict."""
        event, box = threading.Event(), {}
        outcome = self.watch(ext_hash, event, box)
        if outcome is not None:
            return outcome
        if not event.wait(timeout):
            self.unwatch(ext_hash, event, box)
            return dict(box) or {"status": "pending"}
        return box

    def _notify(self, outcome: BlockOutcome) -> None:
        if self._watchers:
            header = outcome.header
            for index, (ext, result) in enumerate(zip(outcome.included, outcome.results)):
                for event, box in self._watchers.pop(ext.hash, []):
                    box.update(status="included", block_number=header.number, block_hash=header.hash, index=index,
                               success=result.success, error=result.error, message=result.message)
                    event.set()
            for ext, reason in outcome.dropped:
                for event, box in self._watchers.pop(ext.hash, []):
                    box.update(status="dropped", reason=reason)
                    event.set()
        head = {**outcome.header.to_json(), "extrinsic_count": len(outcome.included)}
        for listener in list(self.listeners):
            try:
                listener(head)
            except Exception:  # a feed consumer going away must never stop block production
                self.listeners.remove(listener) if listener in self.listeners else None

    # -- production ----------------------------------------------------------------------------
    def produce_block(self, timestamp_ms: int | None = None) -> BlockOutcome:
        """Build, apply and commit the next block from the pool's ready extrinsics."""
        parent = self._head
        number = parent.number + 1
        now = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
        timestamp = max(now, parent.timestamp + 1)
        candidates = self.pool.ready(self._chain_nonce, self.max_block_extrinsics)
        dropped: list[tuple[Extrinsic, str]] = [(e, f"its mortal era ended before block {number}")
                                                for e in candidates if e.expired(number)]
        if dropped:
            candidates = [e for e in candidates if not e.expired(number)]
        included, results, events = runtime.execute_block(self.state, number, parent.hash, candidates,
                                                          lambda ext, why: dropped.append((ext, why)))
        changes = self.state.changes()
        acc = self.state.root_after(changes)
        header = Header(number, parent.hash, timestamp, extrinsics_root([e.hash for e in included]), root_hex(acc))
        with self.lock:
            try:
                self.state.commit(changes, acc, chain_rows(header, included, results, events))
            except sqlite3.Error as exc:
                error = durability.storage_error(exc, self.data_dir)
                if error is exc:
                    raise
                raise error from exc
            self._head = header
            self.pool.remove(included + [ext for ext, _ in dropped])
            self.pool.prune({e.signer for e in included}, self._chain_nonce)
        self._mark()
        outcome = BlockOutcome(header, included, results, dropped, events)
        self._notify(outcome)
        return outcome

    def _mark(self, clean: bool = False) -> None:
        """Record the committed head in head.json (node.durability: a restart compares it)."""
        durability.write_mark(self.data_dir, durability.HeadMark(self._head.number, self._head.hash,
                                                                 self.genesis_hash, clean))

    def close(self) -> None:
        """Checkpoint the WAL into chain.db (so chain.db alone holds every block), record the head
        as cleanly stopped, and release the data dir (a second close does nothing)."""
        if not self._lock.held:
            return
        self.reader.close()
        try:
            self._mark(durability.checkpoint(self.conn))
        except (sqlite3.Error, OSError, NodeError) as exc:  # e.g. a full disk: the WAL keeps the blocks
            log.warning("could not checkpoint the WAL at stop (%s): chain.db-wal still holds the newest blocks; "
                        "keep it with chain.db", exc)
        finally:
            self.conn.close()
            self._lock.release()


def _refused(message: str, code: int = INVALID_TRANSACTION) -> Refused:
    exc = Refused(message)
    exc.code = code  # type: ignore[attr-defined]
    return exc

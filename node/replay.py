"""`node verify`: replay every block from genesis into a fresh state and compare, block by block.

For each stored block: the parent hash links to the previous header, the extrinsics root and the
header hash recompute, every extrinsic's hash and signature check, every extrinsic applies (none
may be invalid), and the state root after the replay equals the stored one. At the end the state
root is also recomputed from scratch over the fresh state and over the node's own state tables.
Same blocks in, same state out.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from node import schema
from node.block import BLOCK_COLUMNS, ZERO_HASH, Header, extrinsics_root
from node.extrinsic import InvalidExtrinsic, parse, signature_valid
from node.genesis import spec_from_json, write_genesis_state
from node.runtime import execute_block
from node.runtime.types import public_key
from node.schema import DB_NAME
from node.state import State, recompute_root, root_hex


@dataclass
class VerifyReport:
    ok: bool
    blocks: int
    extrinsics: int
    head_hash: str
    state_root: str
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"ok": self.ok, "blocks": self.blocks, "extrinsics": self.extrinsics, "head_hash": self.head_hash,
                "state_root": self.state_root, "problems": self.problems}


def _load_extrinsics(conn: sqlite3.Connection, number: int) -> list:
    rows = conn.execute("SELECT hash, data FROM extrinsics WHERE block_number = ? ORDER BY idx", (number,)).fetchall()
    out = []
    for stored_hash, data in rows:
        value = json.loads(data)
        if isinstance(value, dict) and "scale" in value:  # submitted as SCALE: rebuilt from its bytes
            out.append(_scale_extrinsic(conn, value, stored_hash, number))
            continue
        ext = parse(value)
        if ext.hash != stored_hash:
            raise InvalidExtrinsic(f"extrinsic {stored_hash} re-hashes to {ext.hash}")
        out.append(ext)
    return out


def _scale_extrinsic(conn: sqlite3.Connection, value: dict, stored_hash: str, number: int):
    """A SCALE extrinsic of block `number` rebuilt from its stored bytes: its signing payload takes
    the genesis and era birth hashes of the stored chain (whose links this replay checks)."""
    from node.substrate.ingest import from_block

    def block_hash(n: int) -> str | None:
        row = conn.execute("SELECT hash FROM blocks WHERE number = ?", (n,)).fetchone() if 0 <= n < number else None
        return None if row is None else row[0]
    return from_block(value, stored_hash, number, block_hash(0) or "", block_hash)


def verify(data_dir: Path | str, progress: Callable[[int, int], None] | None = None,
           check_signatures: bool = True, max_problems: int = 20) -> VerifyReport:
    """Replay the chain in `data_dir` into a fresh in-memory state; report every mismatch."""
    source = schema.connect(Path(data_dir).expanduser() / DB_NAME, readonly=True)
    source.execute("BEGIN")  # one read snapshot: a running node may keep producing meanwhile
    spec_text = schema.meta_get(source, "chain_spec")
    if spec_text is None:
        raise ValueError(f"{data_dir} holds no chain")
    spec = spec_from_json(json.loads(spec_text))
    total = source.execute("SELECT COALESCE(MAX(number), 0) FROM blocks").fetchone()[0]
    fresh = schema.connect(":memory:")
    schema.ensure(fresh)
    state = State(fresh, 0)
    problems: list[str] = []
    count = 0
    parent_hash, parent_header = ZERO_HASH, None

    def problem(text: str) -> None:
        if len(problems) < max_problems:
            problems.append(text)

    cursor = source.execute(f"SELECT {BLOCK_COLUMNS} FROM blocks ORDER BY number")
    for row in cursor:
        stored = Header.from_row(row)
        number = stored.number
        if stored.hash != row[1]:
            problem(f"block {number}: header hashes to {stored.hash}, stored as {row[1]}")
        if stored.parent_hash != parent_hash:
            problem(f"block {number}: parent hash {stored.parent_hash} is not block {number - 1}'s hash {parent_hash}")
        if number == 0:
            write_genesis_state(state, spec)
            exts: list = []
        else:
            try:
                exts = _load_extrinsics(source, number)
            except (InvalidExtrinsic, ValueError) as exc:
                problem(f"block {number}: unreadable extrinsic: {exc}")
                break
            if check_signatures:
                for ext in exts:
                    if not signature_valid(ext, public_key(ext.signer)):
                        problem(f"block {number}: extrinsic {ext.hash} has a bad signature")
            for ext in exts:
                if ext.expired(number):
                    problem(f"block {number}: extrinsic {ext.hash} is included after its mortal era "
                            f"(valid until block {ext.last_valid})")
            if parent_header is not None and stored.timestamp <= parent_header.timestamp:
                problem(f"block {number}: timestamp does not increase")
        if number > 0:  # genesis runs no block hooks
            invalid: list[str] = []
            execute_block(state, number, stored.parent_hash, exts, lambda e, why: invalid.append(f"{e.hash}: {why}"))
            for text in invalid:
                problem(f"block {number}: extrinsic {text}")
        if extrinsics_root([e.hash for e in exts]) != stored.extrinsics_root:
            problem(f"block {number}: extrinsics root mismatch")
        changes = state.changes()
        acc = state.root_after(changes)
        if root_hex(acc) != stored.state_root:
            problem(f"block {number}: state root after replay {root_hex(acc)} differs from the stored {stored.state_root}")
        state.commit(changes, acc, lambda conn: None)
        count += len(exts)
        parent_hash, parent_header = row[1], stored
        if progress is not None:
            progress(number, total)
        if len(problems) >= max_problems:
            break
    if root_hex(recompute_root(fresh)) != root_hex(state.accumulator):
        problem("the replayed state's root recomputed from scratch differs from the incremental root")
    if root_hex(recompute_root(source)) != (parent_header.state_root if parent_header else ""):
        problem("the node's state tables do not hash to the head's state root")
    source.execute("COMMIT")
    source.close()
    fresh.close()
    return VerifyReport(not problems, (parent_header.number + 1) if parent_header else 0, count, parent_hash,
                        root_hex(state.accumulator), problems)

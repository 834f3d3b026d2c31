"""Chart history: per-block subnet samples and per-epoch neuron outputs, outside the state.

Like the chain's blocks and events tables these rows are never part of the state root: a
listener (`attach`) writes them right after each block commits, on its own connection, so a
history failure can never touch block production (it is logged and the block is skipped). The
samples are read from the read model (node.read_model), one snapshot per block;
`node.rpc_history` serves them as `taonet_history`.
"""
from __future__ import annotations

import logging
import sqlite3
from typing import Any

log = logging.getLogger("taonet.history")

TABLES = (
    "CREATE TABLE IF NOT EXISTS history_subnet (number INTEGER NOT NULL, netuid INTEGER NOT NULL, price REAL, "
    "tao_in INTEGER, alpha_in INTEGER, emission_share REAL, tao_emission INTEGER, PRIMARY KEY (netuid, number))",
    "CREATE TABLE IF NOT EXISTS history_neuron (number INTEGER NOT NULL, netuid INTEGER NOT NULL, uid INTEGER NOT NULL, "
    "hotkey TEXT, stake INTEGER, incentive INTEGER, dividends INTEGER, emission INTEGER, "
    "PRIMARY KEY (netuid, uid, number))",
)
SUBNET_FIELDS = ("price", "tao_in", "alpha_in", "emission_share", "tao_emission")
NEURON_FIELDS = ("stake", "incentive", "dividends", "emission")


def ensure(conn: sqlite3.Connection) -> None:
    for sql in TABLES:
        conn.execute(sql)


class Recorder:
    """A chain listener: samples every subnet after each block, every neuron after its subnet's epoch."""

    def __init__(self, chain: Any) -> None:
        from node import schema

        self.chain = chain
        self.conn = schema.connect(chain.db_path)
        ensure(self.conn)

    def __call__(self, head: dict[str, Any]) -> None:
        try:
            self.record(int(head["number"]))
        except (sqlite3.Error, OSError) as exc:  # a full disk, an I/O error: one line, its cause named
            from node.durability import storage_error

            try:  # a failed COMMIT may leave the transaction open, holding the write lock
                if self.conn.in_transaction:
                    self.conn.rollback()
            except sqlite3.Error:
                pass
            cause = storage_error(exc, self.chain.data_dir, "only this block's chart samples are lost")
            log.error("history: block #%s not recorded: %s", head.get("number"), " ".join(str(cause).split()))
        except Exception:  # never let history stop block production
            log.exception("history: block #%s not recorded", head.get("number"))

    def record(self, number: int) -> None:
        from node.read_model import metagraph, subnets

        with self.chain.reader.snapshot() as view:
            summary = subnets.subnets(view)
            subnet_rows = [(number, s["netuid"], float(s["price"]), s["tao_in"], s["alpha_in"],
                            float(s.get("emission_share") or 0), s.get("tao_emission") or 0) for s in summary["subnets"]]
            neuron_rows = []
            for s in summary["subnets"]:
                if s["netuid"] and s.get("last_epoch_block") == number:
                    m = metagraph.metagraph(view, s["netuid"])
                    neuron_rows += [(number, s["netuid"], uid, hk, st, inc, div, em) for uid, hk, st, inc, div, em in
                                    zip(m["uids"], m["hotkeys"], m["stake"], m["incentive"], m["dividends"], m["emission"])]
        self.conn.execute("BEGIN")
        self.conn.executemany("INSERT OR REPLACE INTO history_subnet VALUES (?, ?, ?, ?, ?, ?, ?)", subnet_rows)
        self.conn.executemany("INSERT OR REPLACE INTO history_neuron VALUES (?, ?, ?, ?, ?, ?, ?, ?)", neuron_rows)
        self.conn.execute("COMMIT")


def attach(chain: Any) -> Recorder:
    """Start recording `chain`'s history (called once where a node starts serving)."""
    recorder = Recorder(chain)
    chain.listeners.append(recorder)
    return recorder


def read(conn: sqlite3.Connection, netuid: int, uid: int | None = None, since: int = 0,
         limit: int = 2000, until: int | None = None) -> dict[str, Any]:
    """Columns of the newest `limit` samples from block `since` on (to block `until` when given, so a
    reader pages back through a long window): {"subnet": {number, price, …},
    "neuron": {number, stake, incentive, dividends, emission} (only when `uid` is given)}."""
    ensure_read = conn.execute("SELECT name FROM sqlite_master WHERE name = 'history_subnet'").fetchone()
    out: dict[str, Any] = {"netuid": netuid, "uid": uid, "subnet": {k: [] for k in ("number",) + SUBNET_FIELDS}}
    if uid is not None:
        out["neuron"] = {k: [] for k in ("number", "hotkey") + NEURON_FIELDS}
    if not ensure_read:
        return out
    last = 2**63 - 1 if until is None else until
    rows = conn.execute(f"SELECT number, {', '.join(SUBNET_FIELDS)} FROM history_subnet WHERE netuid = ? AND number >= ? "
                        "AND number <= ? ORDER BY number DESC LIMIT ?", (netuid, since, last, limit)).fetchall()
    for row in reversed(rows):
        for key, value in zip(("number",) + SUBNET_FIELDS, row):
            out["subnet"][key].append(value)
    if uid is not None:
        rows = conn.execute(f"SELECT number, hotkey, {', '.join(NEURON_FIELDS)} FROM history_neuron WHERE netuid = ? "
                            "AND uid = ? AND number >= ? AND number <= ? ORDER BY number DESC LIMIT ?",
                            (netuid, uid, since, last, limit)).fetchall()
        for row in reversed(rows):
            for key, value in zip(("number", "hotkey") + NEURON_FIELDS, row):
                out["neuron"][key].append(value)
    return out

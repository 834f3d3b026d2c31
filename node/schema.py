"""The one place that defines the node's SQLite tables and keys.

Two kinds of table:
- chain tables (`meta`, `blocks`, `extrinsics`, `events`): the record of what happened; not state.
- state tables (`STATE_TABLES`): every row is covered by the state root (see node.state). Adding a
  state table in a later issue is one `StateTable(...)` entry here; `ensure` creates it in old
  data directories too (an empty table adds nothing to the root, so old roots stay valid).

Journal: WAL with `synchronous=NORMAL`. A kill -9 is a process crash: in WAL mode every committed
transaction is already in the WAL file, which the next open replays, so NORMAL loses nothing that
was committed; only an OS crash or power cut could lose the last blocks (FULL would cost an fsync
per block for that case, which a local dev chain does not need).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 1
DB_NAME = "chain.db"  # the chain's database file in a node's data dir


@dataclass(frozen=True)
class StateTable:
    """A state table: one text key column and typed value columns (INTEGER or TEXT)."""

    name: str
    key: str
    columns: tuple[tuple[str, str], ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)


# columns of a `subnets` row, in order (node.runtime.economy.Subnet has the same fields)
SUBNET_COLUMNS: tuple[tuple[str, str], ...] = tuple((name, "TEXT" if name in (
    "owner_coldkey", "owner_hotkey", "name", "symbol") else "INTEGER") for name in (
    "owner_coldkey", "owner_hotkey", "name", "symbol", "registered_at", "first_emission_block", "lock_paid",
    "tao_in", "alpha_in", "alpha_out", "protocol_alpha", "quote_weight", "burn", "ema_price_q32",
    "last_epoch_block", "pending_epoch_at", "blocks_since_last_step", "epoch_count", "pending_server",
    "pending_validator", "pending_root", "pending_owner", "neurons", "volume", "tao_emission",
    "alpha_emission", "registrations"))

STATE_TABLES: dict[str, StateTable] = {
    t.name: t
    for t in (
        # free balance in rao, and the next nonce (kept when an account is reaped: no replays)
        StateTable("accounts", "address", (("free", "INTEGER"), ("nonce", "INTEGER"))),
        # chain-wide values: total_issuance, sudo_key, chain_name (value is canonical JSON)
        StateTable("storage", "key", (("value", "TEXT"),)),
        # -- economics (node.runtime.subnets/staking/coinbase) --------------------------------
        # one row per subnet, key str(netuid): owners, the pool, pending emission, scheduling
        StateTable("subnets", "netuid", SUBNET_COLUMNS),
        # hyperparameters of a subnet, key str(netuid): params = JSON {name: stored value},
        # last_set = JSON {name: block of the owner's last change} (owner rate limit)
        StateTable("hyperparams", "netuid", (("params", "TEXT"), ("last_set", "TEXT"))),
        # neurons, key f"{netuid}:{uid:05d}" (sorted scans give uid order for the metagraph)
        StateTable("neurons", "key", (("hotkey", "TEXT"), ("coldkey", "TEXT"), ("registered_at", "INTEGER"),
                                      ("last_update", "INTEGER"), ("emission", "INTEGER"), ("axon_ip", "TEXT"),
                                      ("axon_port", "INTEGER"), ("axon_ip_type", "INTEGER"),
                                      ("axon_protocol", "INTEGER"), ("axon_block", "INTEGER"))),
        # the uid of a hotkey on a subnet, key f"{netuid}:{hotkey}"
        StateTable("uids", "key", (("uid", "INTEGER"),)),
        # the coldkey that first registered a hotkey, key hotkey
        StateTable("hotkey_owner", "hotkey", (("coldkey", "TEXT"), ("since", "INTEGER"))),
        # a hotkey's alpha pool on a subnet, key f"{netuid}:{hotkey}": total alpha and total shares
        StateTable("hotkey_alpha", "key", (("alpha", "INTEGER"), ("shares", "INTEGER"))),
        # one staker's shares of a hotkey pool, key f"{coldkey}:{hotkey}:{netuid}"
        StateTable("stake", "key", (("shares", "INTEGER"),)),
        # a hotkey's validator take, key hotkey: u16 of 65535 and the block of its last change
        # (node.runtime.take; no row = DefaultTake)
        StateTable("delegates", "hotkey", (("take", "INTEGER"), ("last_change", "INTEGER"))),
        # -- identities (node.runtime.identity) -----------------------------------------------------
        # a coldkey's identity (ChainIdentityV2), key coldkey: UTF-8 texts (node.identity_rules limits)
        StateTable("identities", "coldkey", tuple((c, "TEXT") for c in (
            "name", "url", "github_repo", "image", "discord", "description", "additional"))),
        # a subnet's identity (SubnetIdentityV3), key str(netuid); its subnet_name is also subnets.name
        StateTable("subnet_identities", "netuid", tuple((c, "TEXT") for c in (
            "subnet_name", "github_repo", "subnet_contact", "subnet_url", "discord", "description", "logo_url",
            "additional"))),
        # -- root dividends (node.runtime.root_claim) --------------------------------------------
        # RootClaimable of a hotkey, key hotkey: JSON {netuid: rate}, the root alpha dividends per
        # root share accumulated on each subnet, integers scaled by 2^64 as decimal strings
        StateTable("root_claimable", "hotkey", (("rates", "TEXT"),)),
        # RootClaimed watermarks of a coldkey, key coldkey: JSON {hotkey: {netuid: claimed}} (signed
        # integers scaled by 2^64, decimal strings); every hotkey the coldkey holds root shares on
        # is listed (also with {}), so a claim finds them; owed = (rate·shares − claimed) >> 64
        StateTable("root_claimed", "coldkey", (("claimed", "TEXT"),)),
        # RootClaimType of a coldkey, key coldkey: "Keep" or "KeepSubnets" and a JSON list of netuids
        # (no row = "Swap", the default)
        StateTable("root_claim_type", "coldkey", (("kind", "TEXT"), ("netuids", "TEXT"))),
        # root alpha dividends credited but not yet claimed, key str(netuid): alpha rao held for
        # the claims (in SubnetAlphaOut, outside every hotkey pool)
        StateTable("root_escrow", "netuid", (("alpha", "INTEGER"),)),
        # the dense index of coldkeys holding root stake that auto-claims draw from
        # (node.runtime.auto_claim): StakingColdkeys, key coldkey: its index 0..n-1; and
        # StakingColdkeysByIndex, key str(index): the coldkey; n is storage "num_staking_coldkeys"
        StateTable("staking_coldkeys", "coldkey", (("idx", "INTEGER"),)),
        StateTable("staking_coldkeys_by_index", "idx", (("coldkey", "TEXT"),)),
        # -- weights and the epoch (node.runtime.weights / node.runtime.epoch) -------------------
        # a validator's weight row, key f"{netuid}:{uid:05d}": compact JSON [[uid, u16], …]
        StateTable("weights", "key", (("row", "TEXT"),)),
        # a validator's bond row, key f"{netuid}:{uid:05d}": compact JSON [[uid, u16], …]
        StateTable("bonds", "key", (("row", "TEXT"),)),
        # unrevealed weight commits of a hotkey, key f"{netuid}:{hotkey}": JSON
        # [[hash hex, commit_block, commit_epoch, reveal_epoch], …] oldest first (≤ 10)
        StateTable("weight_commits", "key", (("commits", "TEXT"),)),
        # what the last epoch wrote per uid, key f"{netuid}:{uid:05d}" as neurons: u16 proportions,
        # flags, and the alpha (rao) paid to the uid at that epoch
        StateTable("neuron_epoch", "key", (("stake_weight", "INTEGER"), ("active", "INTEGER"),
                                           ("consensus", "INTEGER"), ("incentive", "INTEGER"),
                                           ("dividends", "INTEGER"), ("validator_trust", "INTEGER"),
                                           ("validator_permit", "INTEGER"), ("emission", "INTEGER"),
                                           ("incentive_alpha", "INTEGER"), ("dividends_alpha", "INTEGER"),
                                           ("epoch_block", "INTEGER"))),
        # a uid's row on a sub-mechanism m ≥ 1 (node.runtime.mechanisms), key f"{m·4096 + netuid}:{uid:05d}":
        # the block of its last weights there and the incentive (u16) of that mechanism's last epoch
        StateTable("mechanism_neurons", "key", (("last_update", "INTEGER"), ("incentive", "INTEGER"))),
        # -- childkeys (node.runtime.childkeys) ----------------------------------------------------
        # ChildKeys / ParentKeys, key f"{netuid}:{hotkey}": JSON [[proportion u64, hotkey], …]
        StateTable("child_keys", "key", (("children", "TEXT"),)),
        StateTable("parent_keys", "key", (("parents", "TEXT"),)),
        # PendingChildKeys, key f"{netuid}:{parent}": the children JSON and the block after which
        # they apply (listed per subnet in storage "pending_children:{netuid}")
        StateTable("pending_child_keys", "key", (("children", "TEXT"), ("cooldown_block", "INTEGER"))),
        # ChildkeyTake, key f"{netuid}:{hotkey}": u16 of 65535 (no row = MinChildkeyTake)
        StateTable("childkey_take", "key", (("take", "INTEGER"),)),
        # the blocks of a hotkey's last set_children / set_childkey_take on a subnet (rate limits),
        # key f"{netuid}:{hotkey}"
        StateTable("childkey_last_tx", "key", (("set_children", "INTEGER"), ("set_take", "INTEGER"))),
        # -- proxies (node.runtime.proxy) ------------------------------------------------------------
        # Proxies, key real account: [[delegate, proxy type, delay], ...] sorted as the chain's, deposit
        StateTable("proxies", "real", (("defs", "TEXT"), ("deposit", "INTEGER"))),
        # Announcements, key delegate: [[real, call hash, block], ...], deposit
        StateTable("proxy_announcements", "delegate", (("pending", "TEXT"), ("deposit", "INTEGER"))),
        # reserved balance (the proxy deposits): total issuance = free + reserved + TAO in pools
        StateTable("reserved", "account", (("amount", "INTEGER"),)),
        # -- key swaps (node.runtime.swap_hotkey, node.runtime.swap_coldkey) -------------------------
        # ColdkeySwapAnnouncements, key coldkey: the first block the swap may execute and the
        # BlakeTwo256 hash of the new coldkey's public key (0x-hex)
        StateTable("coldkey_swap_announcements", "coldkey", (("execution_block", "INTEGER"), ("new_coldkey_hash", "TEXT"))),
        # ColdkeySwapDisputes, key coldkey: the block of the dispute (every call of the coldkey is refused)
        StateTable("coldkey_swap_disputes", "coldkey", (("block", "INTEGER"),)),
        # LastTxBlock, key account: the block of the coldkey's last key swap (TxRateLimit)
        StateTable("last_tx_block", "account", (("block", "INTEGER"),)),
        # LastHotkeySwapOnNetuid, key f"{netuid}:{coldkey}": the block of its last hotkey swap there
        StateTable("last_hotkey_swap", "key", (("block", "INTEGER"),)),
        # -- auto-stake (node.runtime.auto_stake) --------------------------------------------------
        # AutoStakeDestination, key f"{coldkey}:{netuid}": the hotkey the coldkey's incentive is staked to
        StateTable("auto_stake_destination", "key", (("hotkey", "TEXT"),)),
    )
}

CHAIN_TABLES: dict[str, tuple[dict[str, type], str | tuple[str, ...]]] = {
    "meta": ({"key": str, "value": str}, "key"),
    "blocks": ({"number": int, "hash": str, "parent_hash": str, "timestamp": int, "extrinsics_root": str,
                "state_root": str, "extrinsic_count": int}, "number"),
    "extrinsics": ({"hash": str, "block_number": int, "idx": int, "data": str, "success": int}, "hash"),
    "events": ({"block_number": int, "idx": int, "extrinsic_idx": int, "name": str, "data": str},
               ("block_number", "idx")),
}


def connect(path: Path | str, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL, synchronous=NORMAL."""
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def ensure(conn: sqlite3.Connection) -> None:
    """Create missing tables and indexes (through sqlite-utils) and record the schema version."""
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    for name, (columns, pk) in CHAIN_TABLES.items():
        db[name].create(columns, pk=pk, if_not_exists=True)
    for table in STATE_TABLES.values():
        columns = {table.key: str, **{c: (int if t == "INTEGER" else str) for c, t in table.columns}}
        db[table.name].create(columns, pk=table.key, if_not_exists=True)
    db["blocks"].create_index(["hash"], unique=True, if_not_exists=True)
    db["extrinsics"].create_index(["block_number", "idx"], if_not_exists=True)
    version = meta_get(conn, "schema_version")
    if version is None:
        meta_set(conn, "schema_version", str(SCHEMA_VERSION))
    elif int(version) > SCHEMA_VERSION:
        raise RuntimeError(f"data directory has schema version {version}, newer than this taonet ({SCHEMA_VERSION}): upgrade taonet")


def meta_get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def meta_set(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (key, value))

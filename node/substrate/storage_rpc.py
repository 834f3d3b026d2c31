"""Substrate storage RPC: `state_getStorage(At)`, `state_getStorageHash`, `state_getStorageSize`,
`state_queryStorageAt`, `state_getKeys`, `state_getKeysPaged`, answered from taonet's state.

A raw key is twox128(pallet) ‖ twox128(item) ‖ hashed key parts; every hasher of the items served
is transparent (`Blake2_128Concat`, `Twox64Concat`, `Identity`), so the key parts are decoded back
from the key with the metadata's types, and each part's hash must be its hasher's hash of the part
(a forged hash reads as absent). Answers, as a subtensor node would give them:

- an item served (`ITEMS`, from storage_items / storage_subnets / storage_neurons): its value,
  SCALE-encoded with the metadata's type, or null where the state has no such key;
- an item of the runtime that taonet has no concept of: its default from the metadata (null for an
  `Optional` item), never a made-up value; its map has no keys;
- a key of no item of the runtime: null.

`at`: a block hash (the head when absent; an unknown hash is an error). taonet keeps only the
head's state: see storage_items for which items answer the asked block and which the head.
"""
from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from typing import Any

from node.substrate import storage_auto_stake, storage_childkeys, storage_items, storage_neurons, storage_subnets
from node.substrate import storage_proxy, storage_swaps
from node.substrate.chain_rpc import UNKNOWN_BLOCK, block_row
from node.substrate.codec import CodecError, StorageEntry, codec
from node.substrate.dialect import CALL_ERROR, INVALID_PARAMS, SubstrateError, params_of
from node.substrate.storage_items import Ctx, Item

ITEMS: dict[tuple[str, str], Item] = {**storage_items.ITEMS, **storage_subnets.ITEMS, **storage_neurons.ITEMS,
                                     **storage_childkeys.ITEMS, **storage_auto_stake.ITEMS,
                                     **storage_proxy.ITEMS, **storage_swaps.ITEMS}

MAX_KEY_BYTES = 4096
MAX_KEYS = 1000  # keys in one state_queryStorageAt; also state_getKeysPaged's most (substrate's cap)
MAX_GET_KEYS = 100_000  # state_getKeys answers at most this many keys (use state_getKeysPaged)
SKIP = {"Blake2_128Concat": 16, "Twox64Concat": 8, "Identity": 0}


class _Index:
    """twox128(pallet) ‖ twox128(item) -> the runtime's storage entry, for every storage item."""

    def __init__(self) -> None:
        c = codec()
        self.entries: dict[bytes, StorageEntry] = {}
        for pallet_name, pallet in c.pallets.items():
            storage = pallet.get("storage") or {}
            for entry in storage.get("entries", []):
                self.entries[_prefix(storage["prefix"], entry["name"])] = c.storage_entry(pallet_name, entry["name"])


def _prefix(pallet: str, item: str) -> bytes:
    from async_substrate_interface.utils.hasher import (
        xxh128,  # twox128, as the clients hash it
    )

    return bytes(xxh128(pallet.encode()) + xxh128(item.encode()))


_lock = threading.Lock()


@functools.cache
def _build_index() -> _Index:
    return _Index()


def index() -> _Index:
    with _lock:
        return _build_index()


def _hash_of(hasher: str, data: bytes) -> bytes:
    from async_substrate_interface.utils.hasher import blake2_128, xxh64

    if hasher == "Blake2_128Concat":
        return blake2_128(data)
    if hasher == "Twox64Concat":
        return bytes(xxh64(data))
    return b""


def parse_key(entry: StorageEntry, key: bytes) -> tuple | None:
    """The key parts of `key` (an item's whole key), or None when it is not a well-formed key of it
    (each part's hash is checked against the part, so a forged key reads as absent)."""
    c = codec()
    rest, params = key[32:], []
    for hasher, type_id in zip(entry.hashers, entry.key_types):
        skip = SKIP.get(hasher)
        if skip is None or len(rest) <= skip:
            return None
        try:
            value, used = c.decode_prefix(type_id, rest[skip:])
        except CodecError:
            return None
        if rest[:skip] != _hash_of(hasher, rest[skip:skip + used]):
            return None
        rest = rest[skip + used:]
        params.append(value)
    return None if rest else tuple(params)


def read(ctx: Ctx, key: bytes) -> bytes | None:
    """The value at a raw key (None: absent)."""
    entry = index().entries.get(key[:32])
    if entry is None:
        return None
    params = parse_key(entry, key)
    if params is None:
        return None
    item = ITEMS.get((entry.pallet, entry.item))
    if item is None:
        return None if entry.optional else entry.default
    value = item.value(ctx, params)
    if value is None or isinstance(value, bytes):
        return value
    return codec().storage_value(entry.pallet, entry.item, value)


def _key(item_prefix: bytes, entry: StorageEntry, params: tuple) -> bytes:
    """The raw key of `params` (each part: its hasher's hash of the part's SCALE bytes, then those bytes)."""
    c = codec()
    out = bytearray(item_prefix)
    for hasher, type_id, value in zip(entry.hashers, entry.key_types, params):
        data = c.encode(type_id, value)
        out += _hash_of(hasher, data) + data
    return bytes(out)


def keys(ctx: Ctx, prefix: bytes) -> list[bytes]:
    """Every key the state holds under `prefix`, sorted (the items served only)."""
    out: list[bytes] = []
    for item_prefix, entry in index().entries.items():
        if not (item_prefix.startswith(prefix) or prefix.startswith(item_prefix)):
            continue
        item = ITEMS.get((entry.pallet, entry.item))
        if item is None:
            continue
        if not entry.hashers:
            if item.value(ctx, ()) is not None:
                out.append(item_prefix)
            continue
        for params in item.keys(ctx) if item.keys else ():
            key = _key(item_prefix, entry, params)
            if key.startswith(prefix) and item.value(ctx, params) is not None:
                out.append(key)
    out.sort()
    return out


_pages: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # chain -> {(head, block, prefix): keys}
_pages_lock = threading.Lock()
PAGED_CACHE = 8


def paged_keys(ctx: Ctx, prefix: bytes) -> list[bytes]:
    """`keys`, kept for the next pages of the same walk while the head does not move (a client walks
    a map with one state_getKeysPaged per page; blocks only append, so the head names the state)."""
    tag = (ctx.view.head, ctx.block_hash, prefix)
    with _pages_lock:
        cached = _pages.setdefault(ctx.chain, OrderedDict())
        found = cached.get(tag)
    if found is None:
        found = keys(ctx, prefix)
        with _pages_lock:
            cached[tag] = found
            while len(cached) > PAGED_CACHE:
                cached.popitem(last=False)
    return found


# -- handlers -------------------------------------------------------------------------------------
def _bytes(method: str, value: Any, what: str = "key") -> bytes:
    if not isinstance(value, str) or not value.startswith("0x") or len(value) > 2 + 2 * MAX_KEY_BYTES:
        raise SubstrateError(INVALID_PARAMS, f"{method}: the {what} must be 0x-hex of at most {MAX_KEY_BYTES} bytes")
    try:
        return bytes.fromhex(value[2:])
    except ValueError:
        raise SubstrateError(INVALID_PARAMS, f"{method}: the {what} is not hex") from None


def _hex(data: bytes | None) -> str | None:
    return None if data is None else "0x" + data.hex()


def _read(session: Any, method: str, at: Any, fn: Any) -> Any:
    """(block hash, fn(ctx)) on one consistent snapshot of the state at block `at` (a hash, or None:
    the head); a block the node does not have answers UNKNOWN_BLOCK, as chain_* do."""
    chain = session.chain
    with chain.reader.snapshot() as view:
        row = block_row(session, at, method)
        if row is None:
            raise SubstrateError(UNKNOWN_BLOCK, f"Client error: UnknownBlock: Header was not found in the database: {at}")
        ctx = Ctx(chain, view, row[0], row[1], row[2], row[3])
        return row[1], fn(ctx)


def get_storage(session: Any, params: list) -> Any:
    key, at = params_of("state_getStorage", params, 1, 2)
    raw = _bytes("state_getStorage", key)
    return _hex(_read(session, "state_getStorage", at, lambda ctx: read(ctx, raw))[1])


def get_storage_hash(session: Any, params: list) -> Any:
    import hashlib

    key, at = params_of("state_getStorageHash", params, 1, 2)
    raw = _bytes("state_getStorageHash", key)
    value = _read(session, "state_getStorageHash", at, lambda ctx: read(ctx, raw))[1]
    return None if value is None else "0x" + hashlib.blake2b(value, digest_size=32).hexdigest()


def get_storage_size(session: Any, params: list) -> Any:
    key, at = params_of("state_getStorageSize", params, 1, 2)
    raw = _bytes("state_getStorageSize", key)
    value = _read(session, "state_getStorageSize", at, lambda ctx: read(ctx, raw))[1]
    return None if value is None else len(value)


def query_storage_at(session: Any, params: list) -> Any:
    wanted, at = params_of("state_queryStorageAt", params, 1, 2)
    if not isinstance(wanted, list) or len(wanted) > MAX_KEYS:
        raise SubstrateError(INVALID_PARAMS, f"state_queryStorageAt: keys must be a list of at most {MAX_KEYS}")
    raws = [_bytes("state_queryStorageAt", k) for k in wanted]
    block, values = _read(session, "state_queryStorageAt", at, lambda ctx: [read(ctx, r) for r in raws])
    return [{"block": block, "changes": [[k, _hex(v)] for k, v in zip(wanted, values)]}]


def get_keys(session: Any, params: list) -> Any:
    prefix, at = params_of("state_getKeys", params, 1, 2)
    raw = _bytes("state_getKeys", prefix, "prefix")
    found = _read(session, "state_getKeys", at, lambda ctx: keys(ctx, raw))[1]
    if len(found) > MAX_GET_KEYS:
        raise SubstrateError(CALL_ERROR, f"state_getKeys: more than {MAX_GET_KEYS} keys: use state_getKeysPaged")
    return [_hex(k) for k in found]


def get_keys_paged(session: Any, params: list) -> Any:
    prefix, count, start, at = params_of("state_getKeysPaged", params, 2, 4)
    raw = _bytes("state_getKeysPaged", prefix, "prefix")
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_KEYS:
        raise SubstrateError(INVALID_PARAMS, f"state_getKeysPaged: count must be 0 to {MAX_KEYS}")
    after = _bytes("state_getKeysPaged", start, "start key") if start is not None else b""
    found = _read(session, "state_getKeysPaged", at, lambda ctx: paged_keys(ctx, raw))[1]
    return [_hex(k) for k in found if k > after][:count]


TABLE = {
    "state_getStorage": get_storage,
    "state_getStorageAt": get_storage,
    "state_getStorageHash": get_storage_hash,
    "state_getStorageHashAt": get_storage_hash,
    "state_getStorageSize": get_storage_size,
    "state_getStorageSizeAt": get_storage_size,
    "state_queryStorageAt": query_storage_at,
    "state_getKeys": get_keys,
    "state_getKeysPaged": get_keys_paged,
    "state_getKeysPagedAt": get_keys_paged,
}

"""Storage keys and values of the claimed runtime, with the metadata's own hashers and value types.

A key is twox128(pallet prefix) ‖ twox128(item) ‖ for each key part its hasher's output
(`Blake2_128Concat`, `Twox64Concat`, `Identity`, ...), computed by async-substrate-interface's
`StorageKey` (the library the clients use to build the same keys). A value is the SCALE encoding of
the item's value type; an absent key reads as the item's default (`StorageEntry.default`), exactly
as on a subtensor node. Fewer key parts than hashers give a prefix, for `state_getKeys(Paged)`.

A mixin of `node.substrate.codec.Codec`: it uses the core's `config`, `metadata`, `types`, `encode`
and `decode`.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from node.substrate.scale import CodecCore, CodecError


@dataclass(frozen=True)
class StorageEntry:
    """A storage item as the metadata declares it."""

    pallet: str
    item: str
    hashers: tuple[str, ...]  # one per key part; () for a plain value
    key_types: tuple[int, ...]  # type id of each key part
    value_type: int
    default: bytes  # the SCALE value an absent key reads as
    optional: bool  # modifier Optional: an absent key is None rather than the default


class StorageCodec(CodecCore):
    """Storage: entries, keys (whole or prefix), values."""

    def storage_entry(self, pallet: str, item: str) -> StorageEntry:
        cache: dict[tuple[str, str], StorageEntry] = self.__dict__.setdefault("_storage_entries", {})
        found = cache.get((pallet, item))
        if found is None:
            found = cache[(pallet, item)] = self._storage_entry(pallet, item)
        return found

    def _storage_entry(self, pallet: str, item: str) -> StorageEntry:
        function = self._storage_function(pallet, item)
        kind = function.value["type"]
        if "Plain" in kind:
            hashers: tuple[str, ...] = ()
            key_types: tuple[int, ...] = ()
            value_type = kind["Plain"]
        else:
            hashers = tuple(kind["Map"]["hashers"])
            key = kind["Map"]["key"]
            key_types = tuple(self.types[key]["def"]["tuple"]) if len(hashers) > 1 else (key,)
            value_type = kind["Map"]["value"]
        return StorageEntry(pallet, item, hashers, key_types, value_type, self.metadata_bytes(function["default"]),
                            function.value["modifier"] == "Optional")

    def _storage_function(self, pallet: str, item: str) -> Any:
        metadata_pallet = self.metadata.get_metadata_pallet(pallet)
        function = metadata_pallet.get_storage_function(item) if metadata_pallet else None
        if function is None:
            raise CodecError(f"the runtime has no storage item {pallet}.{item}")
        return function

    def storage_prefix(self, pallet: str, item: str) -> bytes:
        """twox128(pallet prefix) ‖ twox128(item): the prefix of every key of the item."""
        return self.storage_key(pallet, item, ())

    def storage_key(self, pallet: str, item: str, params: Sequence[Any] = ()) -> bytes:
        """The key of `pallet.item` at `params` (fewer parts than the item has: a prefix of its keys)."""
        return self.storage_keys(pallet, item, [params])[0]

    def storage_keys(self, pallet: str, item: str, params_list: Iterable[Sequence[Any]]) -> list[bytes]:
        """Many keys of one item at once (the fixed part is hashed once)."""
        from async_substrate_interface.utils.storage import StorageKey

        entry = self.storage_entry(pallet, item)
        batch = [list(p) for p in params_list]
        for params in batch:
            if len(params) > len(entry.hashers):
                raise CodecError(f"{pallet}.{item} has {len(entry.hashers)} key parts, {len(params)} given")
        try:
            with self.lock:
                if all(len(p) == len(entry.hashers) for p in batch):
                    keys = StorageKey.create_from_storage_function_batch(
                        pallet, item, batch, runtime_config=self.config, metadata=self.metadata)
                else:
                    keys = [StorageKey.create_from_storage_function(
                        pallet, item, p, runtime_config=self.config, metadata=self.metadata) for p in batch]
        except Exception as exc:  # noqa: BLE001 - a key part that does not fit its type
            raise CodecError(f"cannot build a key of {pallet}.{item}: {exc}") from None
        return [bytes(k.data or b"") for k in keys]

    def storage_value(self, pallet: str, item: str, value: Any) -> bytes:
        """The SCALE value stored at a key of `pallet.item`."""
        return self.encode(self.storage_entry(pallet, item).value_type, value)

    def decode_storage_value(self, pallet: str, item: str, data: bytes | None) -> Any:
        """A stored value, decoded; `data` None (absent key) reads as the default (None if Optional)."""
        entry = self.storage_entry(pallet, item)
        if data is None:
            if entry.optional:
                return None
            data = entry.default
        return self.decode(entry.value_type, data)

"""The fake subtensor's codec: everything it encodes or decodes goes through spec 461's own metadata.

`codec()` loads the golden V15 metadata once per process with scalecodec (cyscale) and
async-substrate-interface's `Runtime`, the same machinery a client uses, so the node and its
clients agree on every type by construction, never by hand-written SCALE. Helpers:

- `encode(type, value)` / `decode(type, data)` for a registry id, `"scale_info::N"` or a type name;
- `zero(type)`: the all-zero value of a type (what decoding zero bytes gives), to fill the fields of
  large runtime-API structs the fake does not model;
- `storage_key(pallet, item, params)` with the metadata's hashers, and the item's value type;
- `runtime_api(api, method)`, `call_index`, `module_error(pallet, name)` -> (pallet index, error index).
"""
from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "substrate"


def golden() -> dict:
    """The spec-461 golden file (tests.substrate.vectors' loader when present, else gzip + json)."""
    try:
        from tests.substrate import vectors  # type: ignore[attr-defined]

        for name in ("golden", "spec461_golden", "load_golden"):
            loader = getattr(vectors, name, None)
            if callable(loader):
                return loader()
    except ImportError:
        pass
    return _golden_from_file()


@functools.lru_cache(maxsize=1)
def _golden_from_file() -> dict:
    with gzip.open(VECTORS / "spec461_golden.json.gz", "rt") as fh:
        return json.load(fh)


class Codec:
    """The spec-461 runtime as scalecodec sees it (built once; encoding is thread-safe enough for tests)."""

    def __init__(self) -> None:
        from async_substrate_interface.types import (
            Runtime,
            _decode_option_opaque_metadata,
            _decode_v15_metadata,
        )
        from scalecodec.base import RuntimeConfigurationObject
        from scalecodec.type_registry import load_type_registry_preset

        gold = golden()
        self.network = gold["network"]
        self.metadata_hex: str = gold["metadata"]["v15_hex"]  # Option<OpaqueMetadata>, as state_call answers
        self.metadata_v14_hex: str = gold["metadata"]["v14_hex"]
        inner = _decode_option_opaque_metadata(bytes.fromhex(self.metadata_hex[2:]))
        self.config = RuntimeConfigurationObject(ss58_format=self.network["ss58_format"])
        self.config.update_type_registry(load_type_registry_preset(name="core") or {})
        self.metadata = _decode_v15_metadata(inner, self.config)
        self.runtime = Runtime(
            chain="Bittensor",
            metadata=self.metadata,
            type_registry={},
            runtime_config=self.config,
            metadata_v15=self.metadata,
            runtime_info={
                "specVersion": self.network["spec_version"],
                "transactionVersion": self.network["transaction_version"],
            },
            ss58_format=self.network["ss58_format"],
        )
        v15 = self.metadata.value[1]["V15"]
        self.types = {t["id"]: t["type"] for t in v15["types"]["types"]}
        self.extrinsic = v15["extrinsic"]
        self.pallets = {p["name"]: p for p in v15["pallets"]}

    # -- types ----------------------------------------------------------------------------------
    @staticmethod
    def _name(type_: int | str) -> str:
        return f"scale_info::{type_}" if isinstance(type_, int) else type_

    def obj(self, type_: int | str, data: bytes | None = None):
        from scalecodec.base import ScaleBytes

        return self.config.create_scale_object(
            self._name(type_), data=ScaleBytes(data) if data is not None else None, metadata=self.metadata
        )

    def encode(self, type_: int | str, value: Any) -> bytes:
        return bytes(self.obj(type_).encode(value).data)

    def decode(self, type_: int | str, data: bytes, *, whole: bool = True) -> Any:
        obj = self.obj(type_, data)
        obj.decode(check_remaining=whole)
        return obj.value

    def decode_obj(self, type_: int | str, data: bytes):
        obj = self.obj(type_, data)
        obj.decode(check_remaining=False)
        return obj

    def zero(self, type_: int | str) -> Any:
        """The value zero bytes decode to: 0, empty vectors, None, an enum's first variant."""
        return self.decode(type_, bytes(4096), whole=False)

    def filled(self, type_id: int, values: dict) -> dict:
        """A struct value: its zero, with `values` laid over it (unknown field names are an error)."""
        base = self.zero(type_id)
        unknown = set(values) - set(base)
        if unknown:
            raise KeyError(f"type {type_id} has no fields {sorted(unknown)}")
        base.update(values)
        return base

    def field_type(self, type_id: int, field: str) -> int:
        for f in self.types[type_id]["def"]["composite"]["fields"]:
            if f["name"] == field:
                return f["type"]
        raise KeyError(field)

    # -- storage --------------------------------------------------------------------------------
    def storage_function(self, pallet: str, item: str):
        return self.metadata.get_metadata_pallet(pallet).get_storage_function(item)

    def storage_key(self, pallet: str, item: str, params: list | None = None) -> bytes:
        from async_substrate_interface.utils.storage import StorageKey

        key = StorageKey.create_from_storage_function(
            pallet, item, params or [], runtime_config=self.config, metadata=self.metadata
        )
        return bytes(key.data)

    def storage_value(self, pallet: str, item: str, value: Any) -> bytes:
        return self.encode(self.storage_function(pallet, item).get_value_type_string(), value)

    # -- calls, events, errors, runtime APIs ----------------------------------------------------
    def runtime_api(self, api: str, method: str) -> dict:
        return self.runtime.runtime_api_map[api][method]

    def module_error(self, pallet: str, name: str) -> tuple[int, int]:
        """(pallet index, error index) of a pallet error, from the metadata."""
        entry = self.pallets[pallet]
        variants = self.types[entry["error"]["ty"]]["def"]["variant"]["variants"]
        for variant in variants:
            if variant["name"] == name:
                return entry["index"], variant["index"]
        raise KeyError(f"{pallet} has no error {name}")

    def event_fields(self, pallet: str, name: str) -> list[str]:
        entry = self.pallets[pallet]
        for variant in self.types[entry["event"]["ty"]]["def"]["variant"]["variants"]:
            if variant["name"] == name:
                return [f["name"] for f in variant["fields"]]
        raise KeyError(f"{pallet} has no event {name}")

    def signed_extensions(self) -> list[dict]:
        return self.extrinsic["signed_extensions"]


@functools.lru_cache(maxsize=1)
def codec() -> Codec:
    return Codec()

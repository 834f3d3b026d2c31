"""The core of the runtime's codec: its type registry, and SCALE encode/decode of any of its types.

(`node.substrate.codec.codec()` assembles this core with storage, events and extrinsics; use that.)

Built on the maintained `scalecodec` (the `cyscale` package, what async-substrate-interface and the
real bittensor clients use) driven by the runtime's own V15 metadata (node/substrate/metadata.py),
so the node and the real clients agree on every type by construction. The one value the library
cannot express, `Some(None)` of a nested Option (`SOME_NONE`), is written by walking its containers
down to it; every leaf is still the library's.
The library is imported on first use of `codec()`, never when the node is imported.

Every failure (bytes that do not decode, a value that does not fit its type, an unknown pallet,
item, API or method) raises one error, `CodecError`. Input larger than `MAX_INPUT` is refused before
decoding, and a decode that claims more bytes than it was given (a length prefix larger than the
input) is refused, never allocated.

Types are named by registry id (`int` or "scale_info::N") or by a type string ("Compact<u32>",
"Vec<u8>", "AccountId"). Values are scalecodec's: ss58 strings for accounts, ints, 0x-hex for byte
arrays (a `Vec<u8>` whose bytes are UTF-8 reads as text), `{"Variant": value}` for enums, dicts for
structs, tuples for tuples.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from node.substrate import metadata as _metadata

MAX_INPUT = 5 * 1024 * 1024
"""The largest SCALE input decoded, in bytes (subtensor's maximum block length, 5 MiB)."""


class CodecError(ValueError):
    """Bytes or a value that do not fit the runtime's types, or a name the runtime does not have."""


class _SomeNone:
    def __repr__(self) -> str:
        return "SOME_NONE"


SOME_NONE: Any = _SomeNone()
"""The value `Some(None)` of an `Option<Option<T>>` (scalecodec reads and writes both None and
Some(None) as None); encoding only: a decoded Some(None) reads as None."""


def _holds_some_none(value: Any) -> bool:
    if value is SOME_NONE:
        return True
    if isinstance(value, dict):
        return any(_holds_some_none(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_some_none(v) for v in value)
    return False


TypeRef = int | str


@dataclass(frozen=True)
class ApiMethod:
    """A runtime API method as V15 metadata declares it: `state_call("<api>_<method>", params)`."""

    api: str
    method: str
    inputs: tuple[tuple[str, int], ...]  # (parameter name, type id), in order
    output: int  # type id of the result

    @property
    def call_name(self) -> str:
        return f"{self.api}_{self.method}"


class CodecCore:
    """The runtime's type registry and metadata, and SCALE encode/decode of any of its types."""

    def __init__(self) -> None:
        from scalecodec import ScaleBytes
        from scalecodec.base import RuntimeConfigurationObject
        from scalecodec.type_registry import load_type_registry_preset

        self.lock = threading.RLock()
        """Held around every library call: scalecodec fills its type caches lazily, not thread-safely."""
        self._value_decoders: dict[TypeRef, Any] = {}  # type -> the library's value decoder, or None
        self._map_holders: dict[int, bool] = {}  # type id -> whether its values hold a BTreeMap
        self.spec_version = _metadata.SPEC_VERSION
        self.transaction_version = _metadata.TRANSACTION_VERSION
        self.ss58_format = _metadata.SS58_FORMAT
        self.config = RuntimeConfigurationObject(ss58_format=self.ss58_format)
        self.config.update_type_registry(load_type_registry_preset(name="core") or {})
        self.metadata = self.config.create_scale_object("MetadataVersioned", data=ScaleBytes(_metadata.metadata_v15()))
        self.metadata.decode()
        self.config.add_portable_registry(self.metadata)
        v15 = self.metadata.value[1]["V15"]
        self.types: dict[int, dict] = {t["id"]: t["type"] for t in v15["types"]["types"]}
        self.pallets: dict[str, dict] = {p["name"]: p for p in v15["pallets"]}
        self.extrinsic: dict = v15["extrinsic"]
        self.apis: dict[tuple[str, str], ApiMethod] = {
            (api["name"], m["name"]): ApiMethod(api["name"], m["name"],
                                               tuple((i["name"], i["ty"]) for i in m["inputs"]), m["output"])
            for api in v15["apis"] for m in api["methods"]
        }

    # -- any type ---------------------------------------------------------------------------------
    @staticmethod
    def type_name(type_: TypeRef) -> str:
        return f"scale_info::{type_}" if isinstance(type_, int) else type_

    def _obj(self, type_: TypeRef, data: bytes | None = None) -> Any:
        from scalecodec import ScaleBytes

        try:
            return self.config.create_scale_object(
                self.type_name(type_), data=ScaleBytes(data) if data is not None else None, metadata=self.metadata)
        except Exception as exc:  # noqa: BLE001 - an unknown type name: one error type for callers
            raise CodecError(f"unknown type {type_!r}: {exc}") from None

    def encode(self, type_: TypeRef, value: Any) -> bytes:
        """The SCALE encoding of `value` as `type_` (`SOME_NONE` anywhere in it: `Some(None)`)."""
        if isinstance(type_, int) and (self._holds_map(type_) or _holds_some_none(value)):
            return self._encode_around_some_none(type_, value)
        try:
            with self.lock:
                return bytes(self._obj(type_).encode(value).data)
        except CodecError:
            raise
        except Exception as exc:  # noqa: BLE001 - scalecodec raises many types for a value that does not fit
            raise CodecError(f"cannot encode {_short(value)} as {self.type_name(type_)}: {exc}") from None

    def _holds_map(self, type_id: int, seen: frozenset = frozenset()) -> bool:
        """Whether a value of `type_id` holds a `BTreeMap` through Options, structs, sequences or tuples
        (scalecodec cannot encode the registry's BTreeMap: such values are walked down to it)."""
        known = self._map_holders.get(type_id)
        if known is not None:
            return known
        t = self.types[type_id]
        kind, spec = next(iter(t["def"].items()))
        inner: list[int] = []
        if kind == "variant" and t["path"] == ["Option"]:
            inner = [spec["variants"][1]["fields"][0]["type"]]
        elif kind == "composite":
            inner = [f["type"] for f in spec["fields"]]
        elif kind == "sequence":
            inner = [spec["type"]]
        elif kind == "tuple":
            inner = list(spec)
        found = t["path"] == ["BTreeMap"] or any(
            i not in seen and self._holds_map(i, seen | {type_id}) for i in inner)
        if not seen:  # a verdict reached inside a cycle may be partial: keep only the outermost ones
            self._map_holders[type_id] = found
        return found

    def _encode_around_some_none(self, type_id: int, value: Any) -> bytes:
        """scalecodec has no value for `Some(None)` of an `Option<Option<T>>` (SelectiveMetagraph's
        `identity` of a subnet without one), and cannot encode the registry's `BTreeMap` (a struct
        whose one field is the sorted (key, value) pairs, given as a dict or as pairs in key order):
        walk the containers down to them, the rest by the library."""
        if value is SOME_NONE:
            return b"\x01\x00"
        kind, spec = next(iter(self.types[type_id]["def"].items()))
        if self.types[type_id]["path"] == ["BTreeMap"]:  # its one field: the (key, value) pairs, in key order
            pairs = list(value.items()) if isinstance(value, dict) else list(value)
            return self.encode(spec["fields"][0]["type"], pairs)
        if kind == "variant" and self.types[type_id]["path"] == ["Option"]:
            return b"\x01" + self.encode(spec["variants"][1]["fields"][0]["type"], value)
        if kind == "composite":
            fields = spec["fields"]
            items = [value[f["name"]] for f in fields] if isinstance(value, dict) else list(value)
            if len(items) != len(fields):
                raise CodecError(f"{len(items)} values for the {len(fields)} fields of type {type_id}")
            return b"".join(self.encode(f["type"], v) for f, v in zip(fields, items))
        if kind == "sequence":
            return self.encode("Compact<u32>", len(value)) + b"".join(self.encode(spec["type"], v) for v in value)
        if kind == "tuple":
            return b"".join(self.encode(t, v) for t, v in zip(spec, value, strict=True))
        raise CodecError(f"SOME_NONE cannot stand in a value of type {type_id} ({kind})")

    def decode_prefix(self, type_: TypeRef, data: bytes) -> tuple[Any, int]:
        """Decode one `type_` from the start of `data`: (value, bytes used); the rest is left alone."""
        if len(data) > MAX_INPUT:
            raise CodecError(f"input of {len(data)} bytes is larger than {MAX_INPUT}")
        try:
            with self.lock:
                obj = self._obj(type_, bytes(data))
                obj.decode(check_remaining=False)
        except CodecError:
            raise
        except Exception as exc:  # noqa: BLE001 - truncated, oversized or garbage input
            raise CodecError(f"cannot decode {self.type_name(type_)}: {_short(exc)}") from None
        used = obj.data.offset
        if used > len(data):  # a length prefix claimed more than there is: refused, not read
            raise CodecError(f"cannot decode {self.type_name(type_)}: {used} bytes claimed, {len(data)} given")
        return obj.value, used

    def decode_at(self, type_: TypeRef, data: bytes, offset: int = 0) -> tuple[Any, int]:
        """Decode one `type_` at `offset` of `data`: (value, the offset after it). The same values as
        `decode_prefix`, from the library's compiled value decoder for the type (built once per type
        by the library from the metadata's registry: no scale objects per value, no copy of `data`),
        or through `decode_prefix` for a type the library has none for. The hot path of extrinsics."""
        if len(data) > MAX_INPUT:
            raise CodecError(f"input of {len(data)} bytes is larger than {MAX_INPUT}")
        decoder = self._value_decoder(type_)
        if decoder is None:
            value, used = self.decode_prefix(type_, data[offset:])
            return value, offset + used
        try:
            with self.lock:
                value, end = decoder.decode_at(data, offset)
        except Exception as exc:  # noqa: BLE001 - truncated, oversized or garbage input
            raise CodecError(f"cannot decode {self.type_name(type_)}: {_short(exc)}") from None
        if end > len(data):  # as decode_prefix: a claim past the end is refused
            raise CodecError(f"cannot decode {self.type_name(type_)}: {end - offset} bytes claimed, "
                             f"{len(data) - offset} given")
        return value, end

    def _value_decoder(self, type_: TypeRef) -> Any:
        try:
            return self._value_decoders[type_]
        except KeyError:
            pass
        with self.lock:
            try:
                decoder = self.config.get_value_decoder(self.type_name(type_))
            except Exception:  # noqa: BLE001 - the library has no compiled decoder for this type
                decoder = None
            self._value_decoders[type_] = decoder if callable(getattr(decoder, "decode_at", None)) else None
        return self._value_decoders[type_]

    def decode(self, type_: TypeRef, data: bytes) -> Any:
        """Decode `data` as exactly one `type_` (bytes left over are an error)."""
        value, used = self.decode_prefix(type_, data)
        if used != len(data):
            raise CodecError(f"{len(data) - used} bytes left over after {self.type_name(type_)}")
        return value

    def zero(self, type_: TypeRef) -> Any:
        """The value all-zero bytes decode to: 0, empty vectors, None, an enum's first variant (a base to
        fill a large runtime-API struct from)."""
        value, _ = self.decode_prefix(type_, bytes(4096))
        return value

    def filled(self, type_: TypeRef, values: dict[str, Any]) -> dict[str, Any]:
        """A struct value: its `zero`, with `values` laid over it (a field the type lacks is an error)."""
        base = self.zero(type_)
        if not isinstance(base, dict):
            raise CodecError(f"{self.type_name(type_)} is not a struct")
        unknown = set(values) - set(base)
        if unknown:
            raise CodecError(f"{self.type_name(type_)} has no fields {sorted(unknown)}")
        return {**base, **values}

    def field_type(self, type_id: int, field: str) -> int:
        """The type id of a struct field."""
        for entry in self.types[type_id]["def"].get("composite", {}).get("fields", []):
            if entry["name"] == field:
                return entry["type"]
        raise CodecError(f"type {type_id} has no field {field!r}")

    # -- pallets: constants, calls, errors, events ------------------------------------------------
    def pallet(self, name: str) -> dict:
        try:
            return self.pallets[name]
        except KeyError:
            raise CodecError(f"the runtime has no pallet {name!r}") from None

    def constant(self, pallet: str, name: str) -> Any:
        """A pallet constant's decoded value (e.g. `constant("Balances", "ExistentialDeposit")` == 500)."""
        self.pallet(pallet)
        for entry in self.metadata.get_metadata_pallet(pallet)["constants"]:
            if entry["name"].value == name:
                return self.decode(int(entry["type"].value), self.metadata_bytes(entry["value"]))
        raise CodecError(f"{pallet} has no constant {name!r}")

    def metadata_bytes(self, obj: Any) -> bytes:
        """The raw bytes of a `Vec<u8>` inside the metadata (a constant's value, a storage default):
        scalecodec's value of one is text when the bytes happen to be UTF-8, so read them from the buffer."""
        wrapped = bytes(obj.data.data[obj.data_start_offset:obj.data_end_offset])  # Compact len ‖ bytes
        length, used = self.decode_prefix("Compact<u32>", wrapped)
        if used + length != len(wrapped):
            raise CodecError("malformed byte string in the runtime metadata")
        return wrapped[used:]

    def _variant(self, pallet: str, kind: str, name: str) -> tuple[int, dict]:
        entry = self.pallet(pallet).get(kind)
        if entry:
            for variant in self.types[entry["ty"]]["def"]["variant"]["variants"]:
                if variant["name"] == name:
                    return self.pallets[pallet]["index"], variant
        raise CodecError(f"{pallet} has no {kind} {name!r}")

    def call_index(self, pallet: str, function: str) -> tuple[int, int]:
        """(pallet index, call index) of a call."""
        index, variant = self._variant(pallet, "calls", function)
        return index, variant["index"]

    def module_error(self, pallet: str, name: str) -> tuple[int, int]:
        """(pallet index, error index) of a pallet error, for `DispatchError::Module`."""
        index, variant = self._variant(pallet, "error", name)
        return index, variant["index"]

    def event_fields(self, pallet: str, name: str) -> list[tuple[str | None, int]]:
        """[(field name, type id)] of a pallet event."""
        _, variant = self._variant(pallet, "event", name)
        return [(f["name"], f["type"]) for f in variant["fields"]]

    # -- runtime version and APIs -----------------------------------------------------------------
    def runtime_version(self) -> dict[str, Any]:
        """`state_getRuntimeVersion`: the runtime's `System.Version`, in a subtensor node's JSON."""
        version = self.constant("System", "Version")
        return {
            "specName": version["spec_name"], "implName": version["impl_name"],
            "authoringVersion": version["authoring_version"], "specVersion": version["spec_version"],
            "implVersion": version["impl_version"], "apis": [[api_id, v] for api_id, v in version["apis"]],
            "transactionVersion": version["transaction_version"],
            "systemVersion": version["system_version"], "stateVersion": version["system_version"],
        }

    def api_method(self, api: str, method: str) -> ApiMethod:
        try:
            return self.apis[(api, method)]
        except KeyError:
            raise CodecError(f"the runtime has no runtime API method {api}_{method}") from None

    def api_by_call_name(self, name: str) -> ApiMethod:
        """The method `state_call` names "<Api>_<method>" (the API name has no underscore; methods may)."""
        api, sep, method = name.partition("_")
        if not sep:
            raise CodecError(f"{name!r} is not a runtime API call name (<Api>_<method>)")
        return self.api_method(api, method)

    def decode_api_params(self, method: ApiMethod, data: bytes) -> dict[str, Any]:
        """`state_call` input bytes -> {parameter name: value} (every byte must be used)."""
        params: dict[str, Any] = {}
        offset = 0
        for name, type_id in method.inputs:
            params[name], used = self.decode_prefix(type_id, data[offset:])
            offset += used
        if offset != len(data):
            raise CodecError(f"{len(data) - offset} bytes left over after the parameters of {method.call_name}")
        return params

    def encode_api_params(self, method: ApiMethod, params: list[Any]) -> bytes:
        """Positional parameters -> `state_call` input bytes (what a client sends)."""
        if len(params) != len(method.inputs):
            raise CodecError(f"{method.call_name} takes {len(method.inputs)} parameters, {len(params)} given")
        return b"".join(self.encode(t, v) for (_, t), v in zip(method.inputs, params))

    def encode_api_result(self, method: ApiMethod, value: Any) -> bytes:
        return self.encode(method.output, value)

    def decode_api_result(self, method: ApiMethod, data: bytes) -> Any:
        return self.decode(method.output, data)


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value) if not isinstance(value, BaseException) else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


"""Fast SCALE encoding of large runtime-API answers (a 256-uid metagraph) by the metadata's own types.

`node.substrate.codec` encodes any value through scalecodec, one Python object per element: a
256-uid `Metagraph` takes ~30 ms that way. `encode(codec, type_id, value)` walks the same
registry type (struct fields in the metadata's order, `Option`, sequences) and writes the hot
leaves itself: compact integers (`Compact<u16>`, `Compact<u64>`, `Compact<PerU16>`, ... — one
SCALE rule), `bool`, `AccountId32` (32 bytes from an ss58 address, cached) and fixed-width
unsigned integers; every other type (identities, axons, tuples of odd shape) goes to the codec's
own `encode`. tests/node/substrate/test_runtime_apis_encode.py checks it byte for byte against
the codec on every field of every answer it writes.
"""
from __future__ import annotations

import functools
from typing import Any

from node.substrate.codec import SOME_NONE, Codec, CodecError

_UINT_BYTES = {"u8": 1, "u16": 2, "u32": 4, "u64": 8, "u128": 16}


def compact(value: int) -> bytes:
    """SCALE compact encoding of a non-negative integer."""
    if value < 0:
        raise CodecError(f"compact integers are unsigned, not {value}")
    if value < 1 << 6:
        return bytes((value << 2,))
    if value < 1 << 14:
        return ((value << 2) | 1).to_bytes(2, "little")
    if value < 1 << 30:
        return ((value << 2) | 2).to_bytes(4, "little")
    size = (value.bit_length() + 7) // 8
    if size > 67:  # more than SCALE's big-integer mode holds
        raise CodecError(f"{value} does not fit a compact integer")
    return bytes((((size - 4) << 2) | 3,)) + value.to_bytes(size, "little")


@functools.lru_cache(maxsize=65536)
def account_bytes(address: str) -> bytes:
    """The 32 bytes of an ss58 address (or 0x-hex public key)."""
    if address.startswith("0x") and len(address) == 66:
        return bytes.fromhex(address[2:])
    from scalecodec.utils.ss58 import ss58_decode

    try:
        return bytes.fromhex(ss58_decode(address))
    except Exception as exc:  # noqa: BLE001 - a malformed address
        raise CodecError(f"{address!r} is not an account address: {exc}") from None


class FastEncoder:
    """Encoders per registry type id, built once per codec; a type it cannot speed up uses the codec."""

    def __init__(self, codec: Codec) -> None:
        self.codec = codec
        self._plans: dict[int, Any] = {}

    def encode(self, type_id: int, value: Any) -> bytes:
        return self._plan(type_id)(value)

    def _plan(self, type_id: int) -> Any:
        plan = self._plans.get(type_id)
        if plan is None:
            plan = self._plans[type_id] = self._build(type_id)
        return plan

    def _slow(self, type_id: int) -> Any:
        return lambda value: self.codec.encode(type_id, value)

    def _int_kind(self, type_id: int) -> str | None:
        """'compact' for a compact integer (of a primitive or a one-field wrapper such as PerU16),
        'u8'..'u128' for a fixed-width one, else None."""
        t = self.codec.types[type_id]
        kind, spec = next(iter(t["def"].items()))
        if kind == "compact":
            inner = self.codec.types[spec["type"]]["def"]
            if "primitive" in inner and inner["primitive"] in _UINT_BYTES:
                return "compact"
            if "composite" in inner and len(inner["composite"]["fields"]) == 1:
                return "compact" if self._int_kind(inner["composite"]["fields"][0]["type"]) else None
            return None
        if kind == "primitive" and spec in _UINT_BYTES:
            return spec
        if kind == "composite" and len(spec["fields"]) == 1 and t["path"][-1:] != ["AccountId32"]:
            inner_kind = self._int_kind(spec["fields"][0]["type"])
            return inner_kind if inner_kind != "compact" else None
        return None

    def _build(self, type_id: int) -> Any:
        t = self.codec.types[type_id]
        kind, spec = next(iter(t["def"].items()))
        if t["path"][-1:] == ["AccountId32"]:
            return account_bytes
        int_kind = self._int_kind(type_id)
        if int_kind == "compact":
            return lambda v: compact(int(v))
        if int_kind:
            size = _UINT_BYTES[int_kind]
            return lambda v: int(v).to_bytes(size, "little")
        if kind == "primitive" and spec == "bool":
            return lambda v: b"\x01" if v else b"\x00"
        if kind == "variant" and t["path"] == ["Option"]:
            inner = self._plan(spec["variants"][1]["fields"][0]["type"])
            return lambda v: b"\x00" if v is None else b"\x01\x00" if v is SOME_NONE else b"\x01" + inner(v)
        if kind == "sequence":
            return self._sequence(spec["type"])
        if kind == "composite":
            names = [f["name"] for f in spec["fields"]]
            plans = [self._plan(f["type"]) for f in spec["fields"]]
            if names and all(names):
                return lambda v: b"".join(p(v[n]) for p, n in zip(plans, names))
        if kind == "tuple" and spec:
            plans = [self._plan(x) for x in spec]
            return lambda v: b"".join(p(x) for p, x in zip(plans, v, strict=True))
        return self._slow(type_id)

    def _sequence(self, inner_id: int) -> Any:
        int_kind = self._int_kind(inner_id)
        if int_kind == "compact":
            return lambda v: compact(len(v)) + b"".join(map(compact, map(int, v)))
        inner_def = self.codec.types[inner_id]["def"]
        if inner_def.get("primitive") == "bool":
            return lambda v: compact(len(v)) + bytes(1 if x else 0 for x in v)
        inner = self._plan(inner_id)
        return lambda v: compact(len(v)) + b"".join(map(inner, v))


_encoders: dict[int, FastEncoder] = {}


def fast(codec: Codec) -> FastEncoder:
    """The fast encoder of `codec` (one per codec object)."""
    enc = _encoders.get(id(codec))
    if enc is None or enc.codec is not codec:
        enc = _encoders[id(codec)] = FastEncoder(codec)
    return enc

"""The SCALE layout of an extrinsic of the claimed runtime: split, decode, re-encode, signing payload.

    Compact<u32> length ‖ version ‖ [address ‖ signature ‖ extra] ‖ call

Version 0x84 is a signed v4 extrinsic (MultiAddress, MultiSignature, then the runtime's signed
extensions: era, compact nonce, tip, `CheckMetadataHash` mode ...); 0x04 and 0x05 are bare (unsigned)
v4/v5 ones, as block authors put `Timestamp.set` in a block. Each part is decoded with the type the
metadata names for it, so the layout is the runtime's own. The input is capped (`MAX_INPUT`) and the
length prefix must match the bytes given, before anything is decoded.

What this module does not do is judge an extrinsic (signature, nonce, era, fee): that is ingestion's
job, given `signing_payload`. A mixin of `node.substrate.codec.Codec`.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from node.substrate.scale import MAX_INPUT, CodecCore, CodecError

SIGNED_V4, BARE_V4, BARE_V5 = 0x84, 0x04, 0x05
IMMORTAL = "00"  # scalecodec's value of `Era::Immortal`
NONCE_MAX = 2**32 - 1  # subtensor's Nonce is u32 and its Balance (the tip) u64: scalecodec decodes a
TIP_MAX = 2**64 - 1    # Compact of any width (up to 2^536), so the widths are checked here


def blake2_256(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


@dataclass(frozen=True)
class Extrinsic:
    """A decoded extrinsic; for a bare one, the signed fields are None / 0."""

    raw: bytes  # the whole extrinsic, length prefix included (as it sits in a block)
    version: int  # 0x84 signed v4, 0x04 / 0x05 bare
    call: dict[str, Any]  # {"call_module", "call_function", "call_args": {name: value}}
    call_bytes: bytes
    address: Any = None  # the MultiAddress value ({"Id": ss58} or an ss58 string)
    signer: str | None = None  # ss58 of a MultiAddress::Id signer
    signature: tuple[str, bytes] | None = None  # ("Sr25519" | "Ed25519" | "Ecdsa", signature bytes)
    extra: Any = None  # the metadata's extra value (nested tuples, one leaf per signed extension;
    #                    a mortal era as {"period", "phase"})
    extra_bytes: bytes = b""
    era: tuple[int, int] | None = None  # (period, phase); None: immortal
    nonce: int = 0
    tip: int = 0
    metadata_hash: bool = False  # CheckMetadataHash mode Enabled

    @property
    def signed(self) -> bool:
        return self.version == SIGNED_V4

    @property
    def hash(self) -> str:
        """0x blake2-256 of the whole extrinsic: its hash in a block and in the pool."""
        return "0x" + blake2_256(self.raw).hex()

    @property
    def pallet(self) -> str:
        return self.call["call_module"]

    @property
    def function(self) -> str:
        return self.call["call_function"]

    @property
    def args(self) -> dict[str, Any]:
        return self.call["call_args"]


class ExtrinsicCodec(CodecCore):
    """Decode and encode extrinsics, and rebuild what their signer signed."""

    def decode_extrinsic(self, raw: bytes) -> Extrinsic:
        """Split and decode one extrinsic (length-prefixed, as in a block or `author_submitExtrinsic`)."""
        raw = bytes(raw)
        if len(raw) > MAX_INPUT:
            raise CodecError(f"extrinsic of {len(raw)} bytes is larger than {MAX_INPUT}")
        length, offset = self.decode_at("Compact<u32>", raw)
        if length != len(raw) - offset or length == 0:
            raise CodecError(f"extrinsic length prefix says {length} bytes, {len(raw) - offset} follow")
        version = raw[offset]
        offset += 1
        ext = self.extrinsic
        if version in (BARE_V4, BARE_V5):
            call_bytes = raw[offset:]
            return Extrinsic(raw, version, self._call(call_bytes), call_bytes)
        if version != SIGNED_V4:
            raise CodecError(f"unsupported extrinsic version byte 0x{version:02x}")
        address, offset = self.decode_at(ext["address_ty"], raw, offset)
        signature, offset = self.decode_at(ext["signature_ty"], raw, offset)
        extra, end = self.decode_at(ext["extra_ty"], raw, offset)
        extra_bytes, call_bytes = raw[offset:end], raw[end:]
        signer = address if isinstance(address, str) else address.get("Id") if isinstance(address, dict) else None
        (scheme, sig_hex), = signature.items()
        paths = self._extension_paths()
        era = _at(extra, paths["CheckMortality"]) if "CheckMortality" in paths else IMMORTAL
        if era != IMMORTAL:  # scalecodec decodes a mortal era as (period, phase) but encodes it from a dict
            extra = _replace(extra, paths["CheckMortality"], {"period": era[0], "phase": era[1]})
        mode = _at(extra, paths["CheckMetadataHash"]) if "CheckMetadataHash" in paths else {}
        nonce = _at(extra, paths["CheckNonce"]) if "CheckNonce" in paths else 0
        tip = _at(extra, paths["ChargeTransactionPayment"]) if "ChargeTransactionPayment" in paths else 0
        if not 0 <= int(nonce) <= NONCE_MAX or not 0 <= int(_unwrap(tip)) <= TIP_MAX:
            raise CodecError(f"nonce {int(nonce)} or tip {int(_unwrap(tip))} is past its type (u32 nonce, u64 tip)")
        return Extrinsic(
            raw, version, self._call(call_bytes), call_bytes, address=address,
            signer=signer if isinstance(signer, str) else None,
            signature=(scheme, bytes.fromhex(sig_hex.removeprefix("0x"))), extra=extra, extra_bytes=extra_bytes,
            era=None if era == IMMORTAL else (int(era[0]), int(era[1])),
            nonce=int(nonce), tip=int(_unwrap(tip)), metadata_hash=mode.get("mode", "Disabled") == "Enabled")

    def _extension_paths(self) -> dict[str, tuple[int, ...]]:
        """Where each signed extension's value sits in the (nested tuple) extra value: its index path,
        from the metadata's extra type, worked out once."""
        paths = getattr(self, "_paths", None)
        if paths is None:
            extra_ty = self.extrinsic["extra_ty"]
            leaves = list(self._leaf_paths(extra_ty, ()))
            identifiers = [e["identifier"] for e in self.extrinsic["signed_extensions"]]
            if len(leaves) != len(identifiers):
                raise CodecError(f"the extra type has {len(leaves)} leaves for {len(identifiers)} signed extensions")
            paths = self._paths = dict(zip(identifiers, leaves))
        return paths

    def _leaf_paths(self, type_id: int, path: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        members = self.types[type_id]["def"].get("tuple")
        if members is None:
            yield path
            return
        for i, member in enumerate(members):
            yield from self._leaf_paths(member, path + (i,))

    def encode_extrinsic(self, ext: Extrinsic) -> bytes:
        """The extrinsic's bytes from its decoded parts (the inverse of `decode_extrinsic`)."""
        body = bytes([ext.version])
        if ext.signed:
            if ext.signature is None:
                raise CodecError("a signed extrinsic needs a signature")
            scheme, sig = ext.signature
            meta = self.extrinsic
            body += (self.encode(meta["address_ty"], ext.address)
                     + self.encode(meta["signature_ty"], {scheme: "0x" + sig.hex()})
                     + self.encode(meta["extra_ty"], ext.extra))
        body += self.encode_call(ext.call)
        return self.encode("Compact<u32>", len(body)) + body

    def encode_call(self, call: dict[str, Any]) -> bytes:
        """A call's bytes from {"call_module", "call_function", "call_args": {name: value}}."""
        return self.encode(self.extrinsic["call_ty"], call)

    def extra_value(self, *, era: tuple[int, int] | None = None, nonce: int = 0, tip: int = 0) -> Any:
        """The signed extensions' value for an era (period, phase), nonce and tip, metadata hash disabled."""
        extra_ty = self.extrinsic["extra_ty"]
        mortality = IMMORTAL if era is None else {"period": era[0], "phase": era[1]}
        set_to = {"CheckMortality": mortality, "CheckNonce": nonce}
        flat = list(self._flatten(extra_ty, self.zero(extra_ty)))
        for i, entry in enumerate(self.extrinsic["signed_extensions"]):
            if entry["identifier"] in set_to:
                flat[i] = set_to[entry["identifier"]]
            elif entry["identifier"] == "ChargeTransactionPayment":
                flat[i] = {"inner": tip} if isinstance(flat[i], dict) else tip
        return self._unflatten(extra_ty, iter(flat))

    def signing_payload(self, call_bytes: bytes, extra_bytes: bytes, *, genesis_hash: str, birth_hash: str) -> bytes:
        """What the signer signed: call ‖ extra ‖ each extension's additional data (spec and transaction
        version, genesis hash, the era's birth block hash, metadata hash None), blake2-256'd above 256 bytes."""
        additional = {"CheckSpecVersion": self.spec_version, "CheckTxVersion": self.transaction_version,
                      "CheckGenesis": genesis_hash, "CheckMortality": birth_hash, "CheckMetadataHash": None}
        signed = b"".join(self.encode(e["additional_signed"], additional.get(e["identifier"], ()))
                          for e in self.extrinsic["signed_extensions"])
        payload = call_bytes + extra_bytes + signed
        return blake2_256(payload) if len(payload) > 256 else payload

    # -- helpers ----------------------------------------------------------------------------------
    def decode_call(self, call_bytes: bytes) -> dict[str, Any]:
        """A call's bytes -> {"call_module", "call_function", "call_args": {name: value}}; calls nested in
        its arguments (`Sudo.sudo`, `Utility.batch`, `Proxy.proxy`) in the same form. A `Vec<u8>`
        argument reads as text when its bytes are UTF-8 (scalecodec's rule), else as 0x-hex."""
        call_ty = self.extrinsic["call_ty"]
        value, end = self.decode_at(call_ty, call_bytes)
        if end != len(call_bytes):
            raise CodecError(f"{len(call_bytes) - end} bytes left over after {self.type_name(call_ty)}")
        return _plain_call(value)

    _call = decode_call

    def _flatten(self, type_id: int, value: Any) -> Iterator[Any]:
        """The leaves of a (nested) tuple value, following the tuple type's own nesting."""
        members = self.types[type_id]["def"].get("tuple")
        if members is None:
            yield value
            return
        if not isinstance(value, (tuple, list)) or len(value) != len(members):
            raise CodecError(f"value {value!r} does not fit tuple type {type_id}")
        for member, item in zip(members, value):
            yield from self._flatten(member, item)

    def _unflatten(self, type_id: int, leaves: Iterator[Any]) -> Any:
        members = self.types[type_id]["def"].get("tuple")
        if members is None:
            return next(leaves)
        return tuple(self._unflatten(member, leaves) for member in members)


def _at(value: Any, path: tuple[int, ...]) -> Any:
    for i in path:
        if not isinstance(value, (tuple, list)) or i >= len(value):
            raise CodecError(f"the signed extensions' value does not fit the metadata's extra type (at {path})")
        value = value[i]
    return value


def _replace(value: Any, path: tuple[int, ...], leaf: Any) -> Any:
    """`value` (nested tuples) with the leaf at `path` replaced."""
    if not path:
        return leaf
    items = list(value)
    items[path[0]] = _replace(items[path[0]], path[1:], leaf)
    return tuple(items)


def _unwrap(value: Any) -> Any:
    """A wrapper extension's inner value (subtensor wraps ChargeTransactionPayment as {"inner": tip})."""
    return value["inner"] if isinstance(value, dict) and set(value) == {"inner"} else value


def _plain_call(value: Any) -> Any:
    """scalecodec's decoded call ({call_index, call_module, call_function, call_args: [{name, type, value}],
    call_hash}) as the form it encodes from, recursively through lists and dicts."""
    if isinstance(value, dict):
        if {"call_module", "call_function", "call_args"} <= set(value) and isinstance(value["call_args"], list):
            return {"call_module": value["call_module"], "call_function": value["call_function"],
                    "call_args": {a["name"]: _plain_call(a["value"]) for a in value["call_args"]}}
        return {k: _plain_call(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain_call(v) for v in value)
    return value

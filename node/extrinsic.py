"""The signed extrinsic and its canonical encoding (pure; the client imports it to sign).

payload   = {"call", "args", "signer" (ss58), "nonce", "tip", "genesis_hash"[, "valid_until"]}
canonical = JSON with sorted keys, separators (",", ":"), ASCII only (`ensure_ascii`), UTF-8 bytes
message   = b"taonet-extrinsic-v1:" + canonical(payload)            (what sr25519 signs)
extrinsic = payload + {"signature": "0x" + 64-byte signature hex}
hash      = "0x" + blake2b-256(canonical(extrinsic)) hex
`valid_until` (optional; a mortal extrinsic, btcli's `--period`) is the first block number it can no
longer be included in: the pool refuses and drops it from then on, and `node verify` checks that no
block includes it at or after that number. An extrinsic without it is immortal, and its payload,
signing message and hash are what they were before the field existed.
The `<Bytes>` wrapping that wallets accept for messages is NOT accepted here: the raw sr25519
verify (signing context "substrate") runs over `message` exactly.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

DOMAIN = b"taonet-extrinsic-v1:"
PAYLOAD_FIELDS = ("call", "args", "signer", "nonce", "tip", "genesis_hash")
OPTIONAL_FIELDS = ("valid_until",)
U64_MAX = 2**64 - 1


class InvalidExtrinsic(ValueError):
    """An extrinsic that can never be valid (malformed, bad signature, wrong chain)."""


def canonical(value: Any) -> bytes:
    """The canonical bytes of a JSON value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode()


def blake2_256(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


def hex32(data: bytes) -> str:
    return "0x" + data.hex()


def signing_message(payload: dict[str, Any]) -> bytes:
    """The bytes a signer signs: domain prefix + canonical payload."""
    fields = PAYLOAD_FIELDS + tuple(k for k in OPTIONAL_FIELDS if payload.get(k) is not None)
    return DOMAIN + canonical({k: payload[k] for k in fields})


def sign(keypair: Any, call: str, args: dict[str, Any], nonce: int, genesis_hash: str, tip: int = 0,
         valid_until: int | None = None) -> dict[str, Any]:
    """A signed extrinsic (a plain dict, ready for JSON-RPC) from a `wallet.keypair.Keypair`;
    mortal when `valid_until` (the first block it can no longer be included in) is given."""
    payload: dict[str, Any] = {"call": call, "args": args, "signer": keypair.ss58_address, "nonce": nonce,
                               "tip": tip, "genesis_hash": genesis_hash}
    if valid_until is not None:
        payload["valid_until"] = valid_until
    return {**payload, "signature": "0x" + keypair.sign(signing_message(payload)).hex()}


@dataclass(frozen=True)
class ScaleOrigin:
    """Where an extrinsic submitted as SCALE came from (node.substrate.ingest builds it): its bytes,
    what its signer signed (rebuilt with the chain's genesis and era birth hash), the signature
    scheme (wallet.keypair crypto type) and, for a mortal era, the first block it is no longer valid in."""

    raw: bytes
    payload: bytes
    scheme: int
    valid_until: int | None = None


@dataclass(frozen=True)
class Extrinsic:
    """A well-formed signed extrinsic (shape checked, signature not yet) with its hash and size.
    `scale` is set for one submitted as a real runtime's SCALE extrinsic: then `hash` is blake2-256
    of its bytes, `length` their count, and `call`/`args` the taonet call it maps to."""

    call: str
    args: dict[str, Any]
    signer: str
    nonce: int
    tip: int
    genesis_hash: str
    signature: str
    hash: str
    length: int
    scale: ScaleOrigin | None = None
    valid_until: int | None = None  # a mortal JSON extrinsic's first block past its era

    def to_json(self) -> dict[str, Any]:
        """The stored form: a SCALE one keeps its bytes under "scale" (node verify rebuilds it from them)."""
        out = {"call": self.call, "args": self.args, "signer": self.signer, "nonce": self.nonce, "tip": self.tip,
               "genesis_hash": self.genesis_hash, "signature": self.signature}
        if self.valid_until is not None:
            out["valid_until"] = self.valid_until
        if self.scale is not None:
            out["scale"] = "0x" + self.scale.raw.hex()
        return out

    @property
    def last_valid(self) -> int | None:
        """The first block number this extrinsic can no longer be included in (None: immortal)."""
        return self.scale.valid_until if self.scale is not None else self.valid_until

    def expired(self, block_number: int) -> bool:
        """Its mortal era (a SCALE era, or a JSON `valid_until`) has ended by `block_number`."""
        last = self.last_valid
        return last is not None and block_number >= last

    def payload(self) -> dict[str, Any]:
        out = {"call": self.call, "args": self.args, "signer": self.signer, "nonce": self.nonce, "tip": self.tip,
               "genesis_hash": self.genesis_hash}
        if self.valid_until is not None:
            out["valid_until"] = self.valid_until
        return out


def _u64(value: Any, name: str) -> int:
    if type(value) is not int:
        raise InvalidExtrinsic(f"{name} must be an integer, got {type(value).__name__}")
    if not 0 <= value <= U64_MAX:
        raise InvalidExtrinsic(f"{name} must be in 0..2^64-1, got {value}")
    return value


def parse(data: Any) -> Extrinsic:
    """Check the shape of a submitted extrinsic and compute its hash; raise InvalidExtrinsic."""
    if not isinstance(data, dict):
        raise InvalidExtrinsic("an extrinsic is a JSON object with call, args, signer, nonce, tip, genesis_hash, signature")
    expected = set(PAYLOAD_FIELDS) | {"signature"}
    missing, extra = expected - data.keys(), data.keys() - expected - set(OPTIONAL_FIELDS)
    if missing:
        raise InvalidExtrinsic(f"extrinsic is missing {', '.join(sorted(missing))}")
    if extra:
        raise InvalidExtrinsic(f"extrinsic has unknown field(s) {', '.join(sorted(extra))}")
    call, args, signer, sig, genesis = data["call"], data["args"], data["signer"], data["signature"], data["genesis_hash"]
    if not isinstance(call, str) or not call:
        raise InvalidExtrinsic("call must be a name such as 'balances.transfer_keep_alive'")
    if not isinstance(args, dict):
        raise InvalidExtrinsic("args must be a JSON object")
    if not isinstance(signer, str):
        raise InvalidExtrinsic("signer must be an ss58 address")
    if not isinstance(genesis, str) or len(genesis) != 66 or not genesis.startswith("0x"):
        raise InvalidExtrinsic("genesis_hash must be 0x followed by 64 hex digits")
    if not isinstance(sig, str) or len(sig) != 130 or not sig.startswith("0x"):
        raise InvalidExtrinsic("signature must be 0x followed by 128 hex digits (64 bytes)")
    nonce, tip = _u64(data["nonce"], "nonce"), _u64(data["tip"], "tip")
    valid_until = _u64(data["valid_until"], "valid_until") if "valid_until" in data else None
    try:
        encoded = canonical(data)
    except (TypeError, ValueError) as exc:
        raise InvalidExtrinsic(f"extrinsic is not canonical JSON: {exc}") from None
    return Extrinsic(call, args, signer, nonce, tip, genesis, sig, hex32(blake2_256(encoded)), len(encoded),
                     valid_until=valid_until)


def signature_valid(ext: Extrinsic, public_key: bytes) -> bool:
    """The raw sr25519 verify of `ext.signature` over its signing message (no <Bytes> wrapping); for
    a SCALE extrinsic, its scheme's verify over the payload its signer signed."""
    from wallet.keypair import _verify_raw, SR25519

    try:
        sig = bytes.fromhex(ext.signature[2:])
    except ValueError:
        return False
    if ext.scale is not None:
        return _verify_raw(public_key, ext.scale.payload, sig, ext.scale.scheme)
    return _verify_raw(public_key, signing_message(ext.payload()), sig, SR25519)

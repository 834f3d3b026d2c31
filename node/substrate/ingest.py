"""SCALE extrinsics into a taonet node: decode, check as the real runtime does, map, pool.

`submit(chain, raw)` is `author_submitExtrinsic`: the signed v4 extrinsic is decoded with the
claimed runtime's codec (node.substrate.codec, input capped there), then checked as subtensor's
transaction pool checks it, in the context of the next block (head + 1):
- the signing payload is rebuilt (call ‖ extra ‖ additional data: spec 461, transaction version 1,
  the genesis hash = this node's block 0 hash, the era's birth block hash, `CheckMetadataHash`
  None), so another spec, another chain or a stale era makes the signature fail, exactly as on a
  real node; `CheckMetadataHash` mode Enabled is refused (taonet signs and checks Disabled only);
- a mortal era counts from its birth block, the newest block of its phase (as `Era::birth`); a
  birth block this chain does not have yet is "an ancient birth block";
- the MultiSignature (sr25519 or ed25519) over that payload (blake2-256 when longer than 256 bytes);
- the call maps to a taonet neutral call (node.substrate.calls_map) whose arguments taonet's runtime
  accepts; one it does not implement is refused here, by name;
- the nonce: below the account's is "Transaction is outdated"; above it waits in the pool as a
  taonet JSON extrinsic does (node.pool: future nonces, bounded); the fee must be payable.
Refusals answer as a real pool does: JSON-RPC 1010 "Invalid Transaction" with the reason in
`data`, 1011 "Unknown Transaction", 1012 "Transaction is temporarily banned" (already in a block),
1013 "Transaction Already Imported", 1014 "Priority is too low" (another one of the signer with that
nonce waits), 1016 "Immediately Dropped" (pool full), 1001 for bytes that do not decode.

The admitted extrinsic is a `node.extrinsic.Extrinsic` carrying the neutral call and its SCALE
origin (`ScaleOrigin`: the bytes, the signed payload, the scheme, the last block of its era), so
the pool, the block (its hash is blake2-256 of the bytes, in the extrinsics root), the state root
and `node verify` treat it as they treat a JSON one: `from_block` rebuilds it from the stored bytes
at replay, its birth hash read from the replayed chain.
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from node.extrinsic import Extrinsic, ScaleOrigin
from node.substrate.dialect import POOL_IMMEDIATELY_DROPPED, POOL_INVALID_TX, POOL_UNKNOWN_VALIDITY, SubstrateError

BAD_FORMAT = 1001
TEMPORARILY_BANNED = 1012
ALREADY_IMPORTED = 1013
TOO_LOW_PRIORITY = 1014
BAD_SIGNATURE = "Transaction has a bad signature"
OUTDATED = "Transaction is outdated"
ANCIENT = "Transaction has an ancient birth block"
PAYMENT = "Inability to pay some fees (e.g. account balance too low)"
SCHEMES = {"Sr25519": 1, "Ed25519": 0}  # wallet.keypair crypto types


def invalid(reason: str) -> SubstrateError:
    return SubstrateError(POOL_INVALID_TX, "Invalid Transaction", reason)


def era_birth(period: int, phase: int, current: int) -> int:
    """`Era::birth(current)`: the newest block of the era's phase not after `current`."""
    return (max(current, phase) - phase) // period * period + phase


@functools.lru_cache(maxsize=4096)
def _additional(genesis_hash: str, birth_hash: str) -> bytes:
    """The signed extensions' additional data for this genesis and birth block (spec and transaction
    version, genesis hash, birth hash, metadata hash None): the codec's `signing_payload` of an empty
    call and extra (73 bytes, never hashed), cached: it is the same for every extrinsic of an era."""
    from node.substrate.codec import codec

    return codec().signing_payload(b"", b"", genesis_hash=genesis_hash, birth_hash=birth_hash)


def signed_payload(call_bytes: bytes, extra_bytes: bytes, genesis_hash: str, birth_hash: str) -> bytes:
    """What the signer signed: call ‖ extra ‖ additional data; as the codec's `signing_payload`, the
    blake2-256 of a payload longer than 256 bytes."""
    payload = call_bytes + extra_bytes + _additional(genesis_hash, birth_hash)
    return hashlib.blake2b(payload, digest_size=32).digest() if len(payload) > 256 else payload


def build(raw: bytes, current: int, genesis_hash: str, block_hash: Callable[[int], str | None],
          check_era: bool = True) -> Extrinsic:
    """The checked extrinsic `raw` as taonet's runtime applies it in block `current`: decoded, its
    signature verified over the payload rebuilt for that block, its call mapped. Nonce and fee are
    not judged here (the pool and the runtime do). Raise SubstrateError."""
    from node.substrate.calls_map import Unsupported, to_neutral
    from node.substrate.codec import CodecError, codec

    runtime = codec()
    try:
        ext = runtime.decode_extrinsic(raw)
    except CodecError as exc:
        raise SubstrateError(BAD_FORMAT, f"Extrinsic has invalid format: {exc}") from None
    if not ext.signed:
        raise SubstrateError(POOL_UNKNOWN_VALIDITY, "Unknown Transaction",
                             "Could not find an unsigned validator for the unsigned transaction")
    if ext.signer is None:
        raise SubstrateError(POOL_UNKNOWN_VALIDITY, "Unknown Transaction",
                             "Could not lookup information required to validate the transaction")
    scheme, signature = ext.signature or ("", b"")
    if scheme not in SCHEMES:
        raise invalid(f"{BAD_SIGNATURE} (taonet verifies sr25519 and ed25519 signatures, not {scheme})")
    if ext.metadata_hash:
        raise invalid(f"{BAD_SIGNATURE} (CheckMetadataHash mode Enabled: taonet checks mode Disabled only)")
    if ext.era is None:
        birth, valid_until = 0, None
    else:
        period, phase = ext.era
        birth = era_birth(period, phase, current)
        valid_until = birth + period
    birth_hash = block_hash(birth)
    if check_era and (birth_hash is None or birth >= current):
        raise invalid(ANCIENT)
    payload = signed_payload(ext.call_bytes, ext.extra_bytes, genesis_hash, birth_hash or genesis_hash)
    try:
        call, args = to_neutral(ext.pallet, ext.function, ext.args, ext.signer)
    except Unsupported as exc:
        raise invalid(str(exc)) from None
    origin = ScaleOrigin(bytes(raw), payload, SCHEMES[scheme], valid_until)
    return Extrinsic(call, args, ext.signer, ext.nonce, ext.tip, genesis_hash, "0x" + signature.hex(), ext.hash,
                     len(raw), origin)


def check(chain: Any, raw: bytes) -> Extrinsic:
    """`raw` checked for the next block of `chain`: what `build` checks, then its signature and its
    call's arguments (what `Chain.check` checks of a JSON extrinsic, answered as a Substrate pool
    answers). Nonce, fee and pool are `Chain.admit`'s (its refusals: `pool_error`)."""
    from node import runtime
    from node.extrinsic import signature_valid
    from node.runtime.types import ArgumentError, public_key

    head = chain.head.number
    ext = build(raw, head + 1, chain.genesis_hash, lambda n: _hash_at(chain, n, head))
    try:
        key = public_key(ext.signer)
    except ValueError:
        raise invalid(BAD_SIGNATURE) from None
    if not signature_valid(ext, key):
        raise invalid(BAD_SIGNATURE)
    try:
        runtime.check_args(ext.call, ext.args)
    except ArgumentError as exc:
        raise invalid(f"{ext.call}: {exc}") from None
    return ext


def submit(chain: Any, raw: bytes) -> Extrinsic:
    """`author_submitExtrinsic`: admit `raw` into `chain`'s pool (its `.hash` names it), or SubstrateError:
    `check`, then `Chain.admit` (the signature is verified once, here)."""
    from node.pool import Refused

    ext = check(chain, raw)
    try:
        chain.admit(ext)
    except Refused as exc:
        raise pool_error(exc) from None
    return ext


def fee_of(chain: Any, raw: bytes) -> int:
    """The fee (rao) `raw` pays without its tip, as `payment_queryInfo` and
    `TransactionPaymentApi_query_info` report it (its signature is not checked: estimates are signed
    with zeros). taonet's rule: a base fee plus a fee per byte of the extrinsic; the weights calls pay
    none (Pays::No on the real chain). SubstrateError for bytes that do not decode or an
    unsupported call."""
    from node import runtime

    head = chain.head.number
    ext = build(raw, head + 1, chain.genesis_hash, lambda n: _hash_at(chain, n, head) or "0x" + "00" * 32,
                check_era=False)
    return runtime.fee(ext) - ext.tip


def dispatch_info(chain: Any, raw: bytes) -> dict[str, Any]:
    """`RuntimeDispatchInfo` of `raw` as plain values: taonet charges no weight (it has no weights:
    ref_time and proof_size 0, never made up), class Normal, and its `fee_of` as the partial fee."""
    return {"weight": {"ref_time": 0, "proof_size": 0}, "class": "Normal", "partial_fee": fee_of(chain, raw)}


def pool_error(exc: Exception) -> SubstrateError:
    """A taonet pool refusal as a Substrate pool answers it."""
    text = str(exc)
    if "already included" in text:
        return SubstrateError(TEMPORARILY_BANNED, "Transaction is temporarily banned")
    if "this extrinsic is already in the pool" in text:
        return SubstrateError(ALREADY_IMPORTED, "Transaction Already Imported")
    if "with nonce" in text and "already in the pool" in text:  # same signer and nonce, no higher priority
        return SubstrateError(TOO_LOW_PRIORITY, "Priority is too low",
                              "The transaction has too low priority to replace another transaction already in the pool.")
    if "pool is full" in text:
        return SubstrateError(POOL_IMMEDIATELY_DROPPED, "Immediately Dropped",
                              "The transaction couldn't enter the pool because of the limit")
    if "stale nonce" in text:
        return invalid(OUTDATED)
    if "cannot pay" in text:
        return invalid(PAYMENT)
    return invalid(text)


def _hash_at(chain: Any, number: int, head: int) -> str | None:
    if number > head or number < 0:
        return None
    if number == 0:  # an immortal era's birth block: block 0's hash is the genesis hash
        return chain.genesis_hash
    row = chain.reader.block_row(number)
    return None if row is None else row[1]


def from_block(data: dict[str, Any], stored_hash: str, number: int, genesis_hash: str,
               block_hash: Callable[[int], str | None]) -> Extrinsic:
    """The extrinsic of a stored block row (`data` is its JSON: the neutral fields and "scale"),
    rebuilt from its bytes for block `number`; ValueError when the bytes do not rebuild the stored
    hash and fields (a tampered row). Used by `node verify`."""
    try:
        raw = bytes.fromhex(str(data["scale"]).removeprefix("0x"))
        ext = build(raw, number, genesis_hash, block_hash)
    except SubstrateError as exc:
        raise ValueError(f"SCALE extrinsic {stored_hash}: {exc.message}"
                         + (f" ({exc.data})" if exc.data else "")) from None
    except (KeyError, ValueError) as exc:
        raise ValueError(f"SCALE extrinsic {stored_hash} is unreadable: {exc}") from None
    if ext.hash != stored_hash:
        raise ValueError(f"extrinsic {stored_hash} re-hashes to {ext.hash}")
    if ext.to_json() != data:
        raise ValueError(f"extrinsic {stored_hash}: its stored fields differ from its SCALE bytes")
    return ext


def block_extrinsics(chain: Any, number: int) -> list[str]:
    """The extrinsics of block `number` as `chain_getBlock` lists them (0x-hex SCALE, in block order,
    so an extrinsic's position is its events' `ApplyExtrinsic` index): a SCALE one as it was
    submitted; a taonet JSON one, which has no SCALE form, as a bare `System.remark` carrying its
    canonical JSON (it decodes with the runtime's metadata; its hash is not the taonet one)."""
    from node.extrinsic import canonical
    from node.substrate.codec import codec
    from node.substrate.extrinsic_format import BARE_V4
    from node.substrate.extrinsic_format import Extrinsic as Scale

    out = []
    for row in chain.reader.extrinsics(number):
        data = row["extrinsic"]
        if isinstance(data, dict) and "scale" in data:
            out.append(data["scale"])
            continue
        remark = {"call_module": "System", "call_function": "remark", "call_args": {"remark": "0x" + canonical(data).hex()}}
        out.append("0x" + codec().encode_extrinsic(Scale(b"", BARE_V4, remark, b"")).hex())
    return out

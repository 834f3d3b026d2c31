"""Check a submitted extrinsic the way a subtensor node's transaction pool does, before it is applied.

The SCALE v4 extrinsic is split with the metadata's own address, signature and extra types; the
signing payload is rebuilt from it (call ‖ extra ‖ each signed extension's additional data: spec and
transaction version, genesis hash, the mortal era's birth block hash, metadata hash None), hashed
with blake2-256 when longer than 256 bytes, and the signature verified with taonet's
`wallet.keypair.verify`. A bad signature, a stale or future nonce, an expired era or a balance that
cannot pay the fee raise `Invalid`, which the server answers as a node's pool does (JSON-RPC error
1010 "Invalid Transaction" with the reason in `data`).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from tests.substrate.fake_runtime import Codec
from tests.substrate.fake_state import EXISTENTIAL_DEPOSIT, State, transaction_fee


class Invalid(Exception):
    def __init__(self, reason: str, code: int = 1010, message: str = "Invalid Transaction") -> None:
        super().__init__(reason)
        self.reason, self.code, self.message = reason, code, message


class Failed(Exception):
    """A dispatch that failed: `error` is the `DispatchError` value the block's ExtrinsicFailed carries."""

    def __init__(self, error) -> None:
        super().__init__(str(error))
        self.error = error


BAD_SIGNATURE = "Transaction has a bad signature"
STALE = "Transaction is outdated"
FUTURE = "Transaction will be valid in the future"
ANCIENT = "Transaction has an ancient birth block"
PAYMENT = "Inability to pay some fees (e.g. account balance too low)"


@dataclass
class Signed:
    raw: bytes
    hash: str  # 0x blake2-256 of the whole extrinsic, as the pool reports it
    signer: str  # ss58
    nonce: int
    tip: int
    fee: int
    pallet: str
    function: str
    args: dict  # argument name -> decoded value


def blake2_256(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


def _decode_at(codec: Codec, type_id: int, raw: bytes, offset: int):
    obj = codec.decode_obj(type_id, raw[offset:])
    return obj.value, offset + obj.data.offset


def check(codec: Codec, raw: bytes, state: State, *, head: int, block_hash: Callable[[int], str | None]) -> Signed:
    """The validated extrinsic, or `Invalid` with the pool's reason."""
    try:
        length_obj = codec.decode_obj("Compact<u32>", raw)
        offset = length_obj.data.offset
        if length_obj.value != len(raw) - offset:
            raise ValueError("length prefix does not match")
        if raw[offset] != 0x84:
            raise Invalid("Could not find an unsigned validator for the unsigned transaction", 1011,
                          "Unknown Transaction")
        ext = codec.extrinsic
        address, after_address = _decode_at(codec, ext["address_ty"], raw, offset + 1)
        signature, after_signature = _decode_at(codec, ext["signature_ty"], raw, after_address)
        _, after_extra = _decode_at(codec, ext["extra_ty"], raw, after_signature)
        decoded = codec.obj("Extrinsic", raw)
        decoded.decode()
        value = decoded.value
    except Invalid:
        raise
    except Exception as exc:  # noqa: BLE001 - an undecodable extrinsic, answered as a node does
        raise Invalid(f"Could not decode the extrinsic: {exc}", 1002, "Verification Error") from None
    call_bytes, extra_bytes = raw[after_extra:], raw[after_signature:after_extra]

    signer = address if isinstance(address, str) else address.get("Id")
    if not isinstance(signer, str):
        raise Invalid("only MultiAddress::Id signers are modelled", 1010)
    (scheme, sig_hex), = signature.items()
    crypto = {"Sr25519": 1, "Ed25519": 0}.get(scheme)
    if crypto is None:
        raise Invalid(BAD_SIGNATURE)

    # Era: as CheckMortality, validated in the context of the next block (head + 1), the birth is the
    # latest block of the era's phase; once the era has passed that is a newer block than the one the
    # client signed, so an expired extrinsic fails as a bad signature, exactly as on a real node.
    era = value.get("era", "00")
    if era in ("00", None):
        birth_hash = block_hash(0)
    else:
        period, phase = era
        current = head + 1
        birth = (max(current, phase) - phase) // period * period + phase
        if block_hash(birth) is None:
            raise Invalid(ANCIENT)
        birth_hash = block_hash(birth)

    network = codec.network
    additional = {
        "CheckSpecVersion": network["spec_version"],
        "CheckTxVersion": network["transaction_version"],
        "CheckGenesis": network["genesis_hash"],
        "CheckMortality": birth_hash,
        "CheckMetadataHash": None,
    }
    extra_signed = b"".join(
        codec.encode(e["additional_signed"], additional.get(e["identifier"], ()))
        for e in codec.signed_extensions()
    )
    payload = call_bytes + extra_bytes + extra_signed
    if len(payload) > 256:
        payload = blake2_256(payload)
    from wallet.keypair import _verify_raw
    from wallet.ss58 import decode as ss58_decode

    public_key = ss58_decode(signer, None)
    if not _verify_raw(public_key, payload, bytes.fromhex(sig_hex[2:]), crypto):
        raise Invalid(BAD_SIGNATURE)

    nonce, tip = value.get("nonce", 0), value.get("tip", 0)
    expected = state.accounts.get(signer, {}).get("nonce", 0)
    if nonce < expected:
        raise Invalid(STALE)
    if nonce > expected:
        raise Invalid(FUTURE)
    fee = transaction_fee(len(raw)) + tip
    if state.free(signer) < fee + EXISTENTIAL_DEPOSIT:
        raise Invalid(PAYMENT)
    call = value["call"]
    return Signed(
        raw=raw, hash="0x" + blake2_256(raw).hex(), signer=signer, nonce=nonce, tip=tip, fee=fee,
        pallet=call["call_module"], function=call["call_function"],
        args={a["name"]: a["value"] for a in call["call_args"]},
    )

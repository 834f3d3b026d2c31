"""Strict sr25519 signing and verification for the wire protocol (axon-protocol §5, §11).

`wallet.keypair.verify` also accepts a signature over `<Bytes>message</Bytes>` (what wallets do for
raw messages). A protocol signature must be over the exact message, so verification here calls
schnorrkel directly and accepts nothing else: `0x` + 128 hex digits, over the bytes given.
"""
from __future__ import annotations

import functools
import hashlib

from wallet import ss58
from wallet.keypair import SR25519, Keypair

SIGNATURE_HEX_LEN = 2 + 128


def sign_hex(keypair: Keypair, message: bytes) -> str:
    """`0x` + lowercase hex of the keypair's sr25519 signature over `message`."""
    if keypair.crypto_type != SR25519:
        raise ValueError("protocol signatures are sr25519")
    return "0x" + keypair.sign(message).hex()


@functools.lru_cache(maxsize=65536)
def public_key_of(address: str) -> bytes | None:
    """The 32-byte public key of an ss58 address (any network prefix); None when it is not one."""
    try:
        key = ss58.decode(address, None)
    except (ValueError, TypeError, IndexError, KeyError):
        return None
    return key if len(key) == 32 else None


def parse_signature(signature: str | None) -> bytes | None:
    """The 64 signature bytes of `0x` + 128 hex digits; None for anything else."""
    if not signature or len(signature) != SIGNATURE_HEX_LEN or not signature.startswith("0x"):
        return None
    try:
        return bytes.fromhex(signature[2:])
    except ValueError:
        return None


def verify_hex(address: str, message: bytes, signature: str | None) -> bool:
    """True only if `signature` is `address`'s sr25519 signature over exactly `message`."""
    import sr25519

    public = public_key_of(address)
    sig = parse_signature(signature)
    if public is None or sig is None:
        return False
    try:
        return bool(sr25519.verify(sig, message, public))
    except (ValueError, TypeError):
        return False


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

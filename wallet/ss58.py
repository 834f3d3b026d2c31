"""SS58 addresses (Substrate's base58 account format), prefix 42 by default.

address = base58(prefix_bytes || public_key || blake2b-512("SS58PRE" || prefix_bytes || key)[:2])
"""
from __future__ import annotations

import hashlib

DEFAULT_SS58_FORMAT = 42
_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}


def _b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, r = divmod(n, 58)
        out.append(_ALPHABET[r])
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + "".join(reversed(out))


def _b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        if ch not in _INDEX:
            raise ValueError(f"invalid ss58 address: character {ch!r} is not base58")
        n = n * 58 + _INDEX[ch]
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(text) - len(text.lstrip("1"))
    return b"\0" * pad + body


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(b"SS58PRE" + payload, digest_size=64).digest()[:2]


def _prefix_bytes(ss58_format: int) -> bytes:
    if 0 <= ss58_format < 64:
        return bytes([ss58_format])
    if 64 <= ss58_format < 16384:
        first = ((ss58_format & 0xFC) >> 2) | 0x40
        second = (ss58_format >> 8) | ((ss58_format & 0x03) << 6)
        return bytes([first, second])
    raise ValueError(f"ss58 format {ss58_format} is out of range 0..16383")


def encode(public_key: bytes, ss58_format: int = DEFAULT_SS58_FORMAT) -> str:
    """Encode a 32-byte public key as an ss58 address."""
    if len(public_key) != 32:
        raise ValueError(f"a public key is 32 bytes, got {len(public_key)}")
    payload = _prefix_bytes(ss58_format) + public_key
    return _b58encode(payload + _checksum(payload))


def decode(address: str, ss58_format: int | None = DEFAULT_SS58_FORMAT) -> bytes:
    """Decode an ss58 address to its 32-byte public key; raise ValueError if it is not valid.

    With `ss58_format=None` any network prefix is accepted.
    """
    if not isinstance(address, str) or not 40 <= len(address) <= 52:
        raise ValueError(f"invalid ss58 address {address!r}: expected 47-48 base58 characters")
    raw = _b58decode(address)
    prefix_len = 1 if raw and raw[0] < 64 else 2
    if len(raw) != prefix_len + 32 + 2:
        raise ValueError(f"invalid ss58 address {address!r}: wrong length")
    payload, check = raw[:-2], raw[-2:]
    if _checksum(payload) != check:
        raise ValueError(f"invalid ss58 address {address!r}: checksum mismatch (a typo?)")
    if prefix_len == 1:
        fmt = raw[0]
    else:
        fmt = ((raw[0] & 0x3F) << 2) | (raw[1] >> 6) | ((raw[1] & 0x3F) << 8)
    if ss58_format is not None and fmt != ss58_format:
        raise ValueError(f"address {address!r} is for network format {fmt}, expected {ss58_format}")
    return payload[prefix_len:]


def is_valid(address: str, ss58_format: int | None = DEFAULT_SS58_FORMAT) -> bool:
    """True if `address` decodes (with the given network format)."""
    try:
        decode(address, ss58_format)
    except ValueError:
        return False
    return True

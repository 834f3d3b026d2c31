"""Secret URIs: `<phrase>//hard/soft///password`, as Substrate and the real wallet read them.

An empty phrase means the Substrate development phrase (so `//Alice` is the dev account Alice).
Each junction's chain code is its SCALE encoding: a number that fits u64 as 8 little-endian bytes,
anything else as a compact-length-prefixed string; padded to 32 bytes, or blake2b-256 if longer.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk"

_URI = re.compile(r"^(?P<phrase>[^/]*)(?P<path>(//?[^/]+)*)(///(?P<password>.*))?$")
_JUNCTION = re.compile(r"/(/?[^/]+)")


@dataclass(frozen=True)
class Junction:
    chain_code: bytes
    hard: bool


@dataclass(frozen=True)
class SecretUri:
    phrase: str
    junctions: tuple[Junction, ...]
    password: str


def _compact_len(n: int) -> bytes:
    if n < 1 << 6:
        return bytes([n << 2])
    if n < 1 << 14:
        return ((n << 2) | 1).to_bytes(2, "little")
    if n < 1 << 30:
        return ((n << 2) | 2).to_bytes(4, "little")
    raise ValueError("junction too long")


def chain_code(junction: str) -> bytes:
    """The 32-byte chain code of one junction's text."""
    if junction.isdigit() and int(junction) < 1 << 64:
        encoded = int(junction).to_bytes(8, "little")
    else:
        raw = junction.encode("utf-8")
        encoded = _compact_len(len(raw)) + raw
    if len(encoded) > 32:
        return hashlib.blake2b(encoded, digest_size=32).digest()
    return encoded.ljust(32, b"\0")


def parse(uri: str) -> SecretUri:
    """Split a secret URI into phrase, junctions and password; raise ValueError if malformed."""
    match = _URI.match(uri.strip())
    if match is None:
        raise ValueError(f"invalid secret URI: expected PHRASE//hard/soft///password, e.g. //Alice")
    phrase = match.group("phrase").strip() or DEV_PHRASE
    junctions = tuple(
        Junction(chain_code(j.lstrip("/")), j.startswith("/"))
        for j in _JUNCTION.findall(match.group("path") or "")
    )
    return SecretUri(phrase, junctions, match.group("password") or "")

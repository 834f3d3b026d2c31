"""Block headers: the canonical header encoding, the block hash and the extrinsics root.

header    = {"number", "parent_hash", "timestamp" (ms since epoch), "extrinsics_root", "state_root"}
hash      = "0x" + blake2b-256(canonical JSON of header) hex   (canonical as in node.extrinsic)
extrinsics_root = "0x" + blake2b-256(concatenation of the 32-byte extrinsic hashes, in order) hex
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from node.extrinsic import blake2_256, canonical, hex32

ZERO_HASH = "0x" + "00" * 32


@dataclass(frozen=True)
class Header:
    number: int
    parent_hash: str
    timestamp: int
    extrinsics_root: str
    state_root: str

    @property
    def hash(self) -> str:
        return hex32(blake2_256(canonical(asdict(self))))

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "hash": self.hash}

    @classmethod
    def from_row(cls, row: Any) -> Header:
        """From a `blocks` row (number, hash, parent_hash, timestamp, extrinsics_root, state_root, ...)."""
        return cls(row[0], row[2], row[3], row[4], row[5])


def extrinsics_root(hashes: list[str]) -> str:
    return hex32(blake2_256(b"".join(bytes.fromhex(h[2:]) for h in hashes)))


BLOCK_COLUMNS = "number, hash, parent_hash, timestamp, extrinsics_root, state_root, extrinsic_count"

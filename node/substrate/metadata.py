"""The runtime the node's Substrate façade claims: subtensor spec 461, its metadata shipped in the package.

The bytes are the real runtime's (node/substrate/data/NOTICE says where they come from and their
licence): `RuntimeMetadataPrefixed` in versions 15 and 14, gzip-compressed. They are read from disk
on first use and kept for the life of the process, never at import, so `btcli --help` and
`btcli node start` pay nothing for them; nothing here imports the SCALE library.

- `metadata_v15()` / `metadata_v14()`: the raw `RuntimeMetadataPrefixed` bytes ("meta" + version);
- `state_get_metadata()`: what `state_getMetadata` answers (0x-hex of the V14 bytes, as subtensor does);
- `metadata_at_version(v)`: the SCALE `Option<OpaqueMetadata>` that
  `state_call("Metadata_metadata_at_version", v)` answers (None for a version not shipped);
- `metadata_versions()`: the SCALE `Vec<u32>` of `Metadata_metadata_versions`.
"""
from __future__ import annotations

import functools
import gzip
from pathlib import Path

SPEC_NAME = "node-subtensor"
SPEC_VERSION = 461
"""The runtime version claimed (the metadata's `System.Version` says the same; a test checks)."""
TRANSACTION_VERSION = 1
SS58_FORMAT = 42
VERSIONS = (14, 15)
"""The metadata versions shipped, in the order `Metadata_metadata_versions` lists them."""

DATA = Path(__file__).resolve().parent / "data"
_MAX_METADATA = 16 * 1024 * 1024  # a decompressed file larger than this is not ours: refuse it


class MetadataMissing(RuntimeError):
    """The packaged metadata file is missing or damaged (a broken install)."""


@functools.lru_cache(maxsize=len(VERSIONS))
def _load(version: int) -> bytes:
    if version not in VERSIONS:
        raise MetadataMissing(f"metadata version {version} is not shipped (only {list(VERSIONS)})")
    path = DATA / f"spec{SPEC_VERSION}_metadata_v{version}.scale.gz"
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read(_MAX_METADATA + 1)
    except (OSError, EOFError) as exc:
        raise MetadataMissing(f"cannot read the runtime metadata {path}: {exc}; reinstall taonet") from None
    if len(data) > _MAX_METADATA or data[:4] != b"meta" or data[4:5] != bytes([version]):
        raise MetadataMissing(f"{path} is not version-{version} runtime metadata; reinstall taonet")
    return data


def metadata_v15() -> bytes:
    """The V15 `RuntimeMetadataPrefixed` bytes ("meta" 0x0f ...)."""
    return _load(15)


def metadata_v14() -> bytes:
    """The V14 `RuntimeMetadataPrefixed` bytes ("meta" 0x0e ...)."""
    return _load(14)


def state_get_metadata() -> str:
    """`state_getMetadata`'s answer: the V14 metadata as 0x-hex (what subtensor serves)."""
    return "0x" + metadata_v14().hex()


def compact_length(n: int) -> bytes:
    """SCALE `Compact<u32>` of a length (the prefix of a `Vec`/bytes), for lengths below 2^30."""
    if n < 0 or n >= 1 << 30:
        raise ValueError(f"length {n} out of range")
    if n < 1 << 6:
        return bytes([n << 2])
    if n < 1 << 14:
        return ((n << 2) | 1).to_bytes(2, "little")
    return ((n << 2) | 2).to_bytes(4, "little")


def metadata_at_version(version: int) -> bytes:
    """`Metadata_metadata_at_version(version)`: SCALE `Option<OpaqueMetadata>`; `0x00` (None) when that
    version is not shipped, as a real node answers an unknown version."""
    if version not in VERSIONS:
        return b"\x00"
    data = _load(version)
    return b"\x01" + compact_length(len(data)) + data


def metadata_versions() -> bytes:
    """`Metadata_metadata_versions()`: SCALE `Vec<u32>` of the versions shipped."""
    return compact_length(len(VERSIONS)) + b"".join(v.to_bytes(4, "little") for v in VERSIONS)

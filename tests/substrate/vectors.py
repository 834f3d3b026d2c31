"""Loaders for the recorded substrate vectors in tests/vectors/substrate/ (gzip), each read once.

- `golden()`: the spec-461 golden file (metadata, storage keys/values, calls, signing payloads,
  signed extrinsics, runtime calls, events, block, receipt, payment_info) as a dict;
- `finney_recorded()`: the 36 recorded finney groups (group -> RPC method -> exact JSON params -> response);
- `finney_metadata_v14()`: the spec-343 `state_getMetadata` answer as bytes (MetadataVersioned);
- `finney_metadata_v15()`: the spec-343 `Metadata_metadata_at_version(15)` answer as bytes
  (an `Option<OpaqueMetadata>`, as `state_call` returns it);
- `golden_metadata_v15()`: the spec-461 V15 metadata as bytes (`Option<OpaqueMetadata>`);
- `golden_runtime(15 or 14)`: that runtime as async-substrate-interface's `Runtime` (client.subtensor.calls).

The answers are cached: treat them as read-only (copy before changing one).
"""
from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

DIR = Path(__file__).resolve().parent.parent / "vectors" / "substrate"


def _text(name: str) -> str:
    with gzip.open(DIR / name, "rt", encoding="utf-8") as fh:
        return fh.read()


def _hex_bytes(text: str) -> bytes:
    text = text.strip()
    return bytes.fromhex(text.removeprefix("0x"))


@functools.lru_cache(maxsize=1)
def golden() -> dict[str, Any]:
    return json.loads(_text("spec461_golden.json.gz"))


@functools.lru_cache(maxsize=1)
def finney_recorded() -> dict[str, Any]:
    return json.loads(_text("finney_recorded.json.gz"))


@functools.lru_cache(maxsize=1)
def finney_metadata_v14() -> bytes:
    return _hex_bytes(_text("finney_spec343_metadata_v14.hex.gz"))


@functools.lru_cache(maxsize=1)
def finney_metadata_v15() -> bytes:
    return _hex_bytes(_text("finney_spec343_metadata_v15_at_version.hex.gz"))


@functools.lru_cache(maxsize=1)
def golden_metadata_v15() -> bytes:
    return _hex_bytes(golden()["metadata"]["v15_hex"])


@functools.lru_cache(maxsize=2)
def golden_runtime(metadata_version: int = 15) -> Any:
    """The spec-461 runtime (async-substrate-interface `Runtime`) from the golden V15 or V14 metadata."""
    from client.subtensor.calls import load_runtime

    network = golden()["network"]
    text = golden()["metadata"]["v15_hex" if metadata_version == 15 else "v14_hex"]
    return load_runtime(_hex_bytes(text), network["spec_version"], network["transaction_version"],
                        network["ss58_format"])

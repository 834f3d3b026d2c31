"""The claimed runtime's codec, one object: `codec()` (built once per process, on first use).

`Codec` joins the parts, each its own module so that each stays one concept:

- `scale.CodecCore`: the metadata's type registry; `encode` / `decode` / `decode_prefix` of any type,
  `zero` / `filled` values, constants, call and error indices, event fields,
  `runtime_version()` (`state_getRuntimeVersion`), runtime API methods (`api_method`,
  `api_by_call_name`, `decode_api_params`, `encode_api_result`, ...);
- `storage_codec.StorageCodec`: `storage_entry`, `storage_key(s)`, `storage_prefix`, `storage_value`,
  `decode_storage_value`, with the metadata's hashers;
- `events_codec.EventCodec`: `encode_events` / `decode_events` (`System.Events`);
- `extrinsic_format.ExtrinsicCodec`: `decode_extrinsic` / `encode_extrinsic`, `encode_call`,
  `extra_value`, `signing_payload`.

Everything raises `CodecError` on bad bytes, bad values or unknown names, and caps its input.
Importing this module imports no SCALE library; `codec()` does (about 0.3 s, once).
"""
from __future__ import annotations

import functools
import threading

from node.substrate.events_codec import EventCodec, EventRecord
from node.substrate.extrinsic_format import Extrinsic, ExtrinsicCodec
from node.substrate.scale import MAX_INPUT, SOME_NONE, ApiMethod, CodecError
from node.substrate.storage_codec import StorageCodec, StorageEntry

__all__ = ["MAX_INPUT", "SOME_NONE", "ApiMethod", "Codec", "CodecError", "EventRecord", "Extrinsic",
           "StorageEntry", "codec"]


class Codec(StorageCodec, EventCodec, ExtrinsicCodec):
    """SCALE of the claimed runtime (spec 461): types, storage, runtime APIs, events, extrinsics."""


_lock = threading.Lock()


@functools.cache
def _build() -> Codec:
    return Codec()


def codec() -> Codec:
    """The process's codec (thread-safe: the first caller builds it, the others wait for it)."""
    with _lock:
        return _build()

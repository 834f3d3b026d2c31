"""Type by type: every SCALE sample of the types the façade serves (issue 16's storage items and runtime
APIs, and every type inside them) decodes and re-encodes to the same bytes with the node's codec.

The samples are the bittensor 11.3.0 shape corpus (spec 461), cut to those types:
tests/vectors/substrate/spec461_shape_subset.json.gz."""
from __future__ import annotations

import functools
import gzip
import json

import pytest

from node.substrate.codec import SOME_NONE, codec
from tests.node.substrate.surface import API_METHODS, STORAGE_ITEMS, surface_types
from tests.substrate.vectors import DIR

EVENTS, EVENT_RECORD, RUNTIME_EVENT = 20, 21, 22  # Vec<EventRecord>, EventRecord, RuntimeEvent
NESTED_OPTIONS = {714: "identity"}  # SelectiveMetagraph.identity: Option<Option<SubnetIdentityV3>>


@functools.cache
def corpus() -> dict[int, dict]:
    with gzip.open(DIR / "spec461_shape_subset.json.gz", "rt") as fh:
        return {entry["id"]: entry for entry in json.load(fh)["types"]}


def _round_trip(type_id: int, raw: bytes) -> bytes:
    c = codec()
    if type_id in (EVENTS, EVENT_RECORD, RUNTIME_EVENT):  # events go through the events codec
        wrapped = {EVENTS: raw, EVENT_RECORD: b"\x04" + raw, RUNTIME_EVENT: b"\x04\x02" + raw + b"\x00"}[type_id]
        assert c.encode_events(c.decode_events(wrapped)) == wrapped
        return raw
    value = c.decode(type_id, raw)
    encoded = c.encode(type_id, value)
    if encoded != raw and type_id in NESTED_OPTIONS and value[NESTED_OPTIONS[type_id]] is None:
        value[NESTED_OPTIONS[type_id]] = SOME_NONE  # the sample holds Some(None), which reads as None
        encoded = c.encode(type_id, value)
    return encoded


@pytest.mark.parametrize("type_id", sorted(corpus()))
def test_samples_round_trip(type_id):
    for sample in corpus()[type_id]["samples"]:
        raw = bytes.fromhex(sample["scale_hex"][2:])
        assert _round_trip(type_id, raw) == raw, corpus()[type_id]["name"]


def test_corpus_covers_every_type_served():
    missing = surface_types(codec()) - set(corpus())
    assert not missing, f"types without samples: {sorted(missing)}"
    assert len(STORAGE_ITEMS) > 40 and len(API_METHODS) > 25


def test_simple_values_read_as_the_corpus_reads_them():
    c = codec()
    checked = 0
    for type_id, entry in corpus().items():
        kind = next(iter(c.types[type_id]["def"]))
        if kind in ("primitive", "compact") or entry["name"] == "sp_core::crypto::AccountId32":
            for sample in entry["samples"]:
                assert c.decode(type_id, bytes.fromhex(sample["scale_hex"][2:])) == sample["decoded"]
                checked += 1
    assert checked > 20


def test_some_none_is_encodable_where_the_runtime_nests_options():
    c = codec()
    assert c.encode(716, SOME_NONE) == b"\x01\x00"  # Option<Option<SubnetIdentityV3>>
    assert c.encode(716, None) == b"\x00"

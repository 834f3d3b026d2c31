"""The codec's fast path (`decode_at`: the library's compiled value decoders, what decode_extrinsic
uses) reads exactly what its object path (`decode_prefix`, scale objects) reads: the same values and
offsets for every call of the runtime, over zeros and random bytes, the same refusals, and the same
extrinsics when the library offers no value decoder at all."""
from __future__ import annotations

import random

import pytest

from node.substrate.codec import CodecError, codec
from node.substrate.scale import CodecCore
from tests.substrate.vectors import golden


def _both(c, type_, data):
    try:
        slow = c.decode_prefix(type_, data)
    except CodecError:
        slow = "refused"
    try:
        fast = c.decode_at(type_, data)
    except CodecError:
        fast = "refused"
    return slow, fast


def test_every_call_reads_the_same_on_both_paths():
    c = codec()
    call_ty = c.extrinsic["call_ty"]
    rng = random.Random(16)
    read = refused = 0
    for name, pallet in c.pallets.items():
        if not pallet.get("calls"):
            continue
        for variant in c.types[pallet["calls"]["ty"]]["def"]["variant"]["variants"]:
            index = bytes([pallet["index"], variant["index"]])
            tails = [bytes(300)] + [bytes(rng.choice((0, 0, 1, 4, 8, 255)) for _ in range(rng.randrange(120)))
                                    for _ in range(6)] + [rng.randbytes(rng.randrange(80)) for _ in range(6)]
            for tail in tails:
                slow, fast = _both(c, call_ty, index + tail)
                assert slow == fast, f"{name}.{variant['name']} {(index + tail).hex()}"
                read, refused = read + (slow != "refused"), refused + (slow == "refused")
    assert read > 1000 and refused > 1000  # both outcomes were compared, many times


def test_extrinsic_parts_and_offsets_agree():
    c = codec()
    meta = c.extrinsic
    for case in golden()["extrinsics"]:
        raw = bytes.fromhex(case["extrinsic_hex"][2:])
        offset = c.decode_prefix("Compact<u32>", raw)[1] + 1
        for type_ in (meta["address_ty"], meta["signature_ty"], meta["extra_ty"]):
            value, used = c.decode_prefix(type_, raw[offset:])
            assert c.decode_at(type_, raw, offset) == (value, offset + used)
            offset += used
        assert c.decode_call(raw[offset:]) == c.decode_extrinsic(raw).call


def test_claims_past_the_end_and_leftovers_are_refused():
    c = codec()
    remark = bytes(c.call_index("System", "remark"))
    for claim in (bytes([0x03, 0xFF, 0xFF, 0xFF, 0xFF]), bytes([0xFE, 0xFF, 0xFF, 0xFF]), b"\x10"):
        with pytest.raises(CodecError):
            c.decode_at(c.extrinsic["call_ty"], remark + claim + b"abc")
    call = bytes.fromhex(golden()["extrinsics"][0]["call_data_hex"][2:])
    with pytest.raises(CodecError, match="left over"):
        c.decode_call(call + b"\x00")


def test_without_the_library_value_decoders_extrinsics_decode_the_same(monkeypatch):
    """An older library without compiled value decoders: every part goes through decode_prefix."""
    fallback = CodecCore.__new__(type(codec()))
    fallback.__dict__.update(codec().__dict__)
    fallback._value_decoders = {}
    monkeypatch.setattr(fallback.config, "get_value_decoder", lambda name: None, raising=False)
    for case in golden()["extrinsics"]:
        raw = bytes.fromhex(case["extrinsic_hex"][2:])
        assert fallback.decode_extrinsic(raw) == codec().decode_extrinsic(raw)
    assert set(fallback._value_decoders.values()) == {None}

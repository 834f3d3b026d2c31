"""Hostile SCALE: truncated, oversized lengths, garbage, trailing bytes, bad values and unknown names
each raise `CodecError` at once; nothing hangs, nothing allocates what a length prefix claims."""
from __future__ import annotations

import random
import resource
import time

import pytest

from node.substrate.codec import MAX_INPUT, CodecError, codec
from tests.substrate.vectors import golden

HUGE = bytes([0x03, 0xFF, 0xFF, 0xFF, 0xFF])  # Compact: 2^32 - 1 (big-integer mode)
BIG = bytes([0xFE, 0xFF, 0xFF, 0xFF])  # Compact: 2^30 - 1 (four-byte mode)


def _signed() -> bytes:
    block = golden()["block"]["raw"]["block"]["extrinsics"]
    return next(bytes.fromhex(x[2:]) for x in block if codec().decode_extrinsic(bytes.fromhex(x[2:])).signed)


def _prefixed(body: bytes) -> bytes:
    return codec().encode("Compact<u32>", len(body)) + body


@pytest.fixture(autouse=True)
def _bounded():
    """Each test: under 5 s and under 64 MiB of new peak memory, whatever the bytes claim."""
    codec()
    before, start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.monotonic()
    yield
    assert time.monotonic() - start < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 64 * 1024  # KiB


@pytest.mark.parametrize("type_", ["Vec<u8>", "String", "Vec<u32>", "Vec<AccountId>", "Vec<Vec<u16>>",
                                   "Vec<(u16, u16)>", "Vec<bool>", "Vec<Compact<u64>>", 20, 3, 694, 714])
@pytest.mark.parametrize("prefix", [HUGE, BIG, bytes([0x02, 0x00, 0x01, 0x00])], ids=["2^32", "2^30", "2^14"])
def test_oversized_lengths_are_refused(type_, prefix):
    for tail in (b"", bytes(8), bytes(range(64))):
        with pytest.raises(CodecError):
            codec().decode(type_, prefix + tail)


def test_decode_prefix_refuses_a_claim_past_the_end():
    c = codec()
    assert c.decode_prefix("Vec<u8>", b"\x0cabcXYZ") == ("abc", 4)  # the rest is the caller's
    for claim in (HUGE, BIG, b"\x10"):
        with pytest.raises(CodecError):
            c.decode_prefix("Vec<u8>", claim + b"abc")
    with pytest.raises(CodecError):
        c.decode_prefix(c.extrinsic["address_ty"], b"\x02" + BIG + b"abc")  # MultiAddress::Raw(Vec<u8>)


def test_truncated_values_are_refused():
    c = codec()
    for case in golden()["storage_values"] + golden()["runtime_calls"]:
        raw = case.get("raw_hex")
        if not raw:
            continue
        raw = bytes.fromhex(raw[2:])
        type_ = (c.storage_entry(case["pallet"], case["storage_function"]).value_type if "pallet" in case
                 else c.api_method(case["api"], case["method"]).output)
        for cut in range(len(raw)):
            with pytest.raises(CodecError):
                c.decode(type_, raw[:cut])


def test_trailing_bytes_are_refused():
    c = codec()
    with pytest.raises(CodecError, match="left over"):
        c.decode("u16", b"\x01\x00\x00")
    method = c.api_method("NeuronInfoRuntimeApi", "get_neurons_lite")
    with pytest.raises(CodecError, match="left over"):
        c.decode_api_params(method, b"\x01\x00\x00")
    with pytest.raises(CodecError):
        c.decode_api_params(method, b"\x01")


def test_truncated_extrinsic_at_every_byte_is_refused():
    c = codec()
    raw = _signed()
    body = raw[2:]  # after its two-byte length prefix
    assert c.decode_extrinsic(_prefixed(body)).signed
    for cut in range(len(body)):
        with pytest.raises(CodecError):
            c.decode_extrinsic(_prefixed(body[:cut]))  # a consistent prefix, short content
        with pytest.raises(CodecError):
            c.decode_extrinsic(raw[:cut + 2])  # the original prefix, short content


def test_extrinsic_envelope_is_checked_before_decoding():
    c = codec()
    raw = _signed()
    with pytest.raises(CodecError, match="length prefix"):
        c.decode_extrinsic(raw + b"\x00")
    with pytest.raises(CodecError, match="length prefix"):
        c.decode_extrinsic(HUGE + raw[2:])
    with pytest.raises(CodecError, match="larger than"):
        c.decode_extrinsic(bytes(MAX_INPUT + 1))
    for version in (0x85, 0x44, 0x45, 0x00, 0xFF):
        with pytest.raises(CodecError, match="version"):
            c.decode_extrinsic(_prefixed(bytes([version]) + raw[3:]))
    with pytest.raises(CodecError):
        c.decode_extrinsic(b"")


def test_oversized_argument_inside_a_signed_extrinsic_is_refused():
    c = codec()
    ext = c.decode_extrinsic(_signed())
    head = ext.raw[2:len(ext.raw) - len(ext.call_bytes)]  # version, address, signature, extra
    remark_index = bytes(c.call_index("System", "remark"))
    for claim in (HUGE, BIG):
        with pytest.raises(CodecError):
            c.decode_extrinsic(_prefixed(head + remark_index + claim + b"abc"))


def test_garbage_never_escapes_as_another_error():
    c = codec()
    rng = random.Random(16)
    decoders = [c.decode_extrinsic, c.decode_events, c.decode_call,
                lambda b: c.decode_api_params(c.api_method("SubnetInfoRuntimeApi", "get_selective_mechagraph"), b),
                lambda b: c.decode(694, b), lambda b: c.decode_storage_value("SubtensorModule", "Axons", b)]
    for _ in range(300):
        data = rng.randbytes(rng.choice([0, 1, 2, 5, 33, 100, 700]))
        for decode in decoders:
            try:
                decode(data)
            except CodecError:
                pass


@pytest.mark.parametrize("bad", [
    lambda c: c.encode("u8", 300), lambda c: c.encode("AccountId", "not an address"),
    lambda c: c.encode(3, {"nonce": 1}), lambda c: c.encode("no such type <<", 1),
    lambda c: c.storage_key("SubtensorModule", "NoSuchItem", []),
    lambda c: c.storage_key("NoSuchPallet", "Tempo", [1]),
    lambda c: c.storage_key("SubtensorModule", "Tempo", [1, 2]),
    lambda c: c.storage_key("SubtensorModule", "Tempo", ["not a netuid"]),
    lambda c: c.storage_value("SubtensorModule", "Tempo", -1),
    lambda c: c.api_by_call_name("SubnetInfoRuntimeApi_no_such_method"),
    lambda c: c.api_by_call_name("nounderscore"),
    lambda c: c.encode_api_params(c.api_method("SwapRuntimeApi", "current_alpha_price"), [1, 2]),
    lambda c: c.constant("Balances", "NoSuchConstant"),
    lambda c: c.encode_events([(0, "Balances.NoSuchEvent", {})]),
    lambda c: c.encode_events([(0, "NoDot", {})]),
    lambda c: c.encode_events([(-1, "Balances.Issued", {"amount": 1})]),
    lambda c: c.encode_events([("Sometime", "Balances.Issued", {"amount": 1})]),
    lambda c: c.encode_events([(0, "SubtensorModule.StakeAdded", {"hotkey": "x"})]),
    lambda c: c.module_error("SubtensorModule", "NoSuchError"),
    lambda c: c.encode_call({"call_module": "Balances", "call_function": "no_such_call", "call_args": {}}),
    lambda c: c.filled(694, {"no_such_field": 1}),
])
def test_bad_values_and_names_raise_codec_error(bad):
    with pytest.raises(CodecError):
        bad(codec())

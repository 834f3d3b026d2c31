"""The canonical extrinsic encoding, hashes and signatures (pure), with hypothesis properties."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from node import extrinsic as X
from node.builder import dev_key

GENESIS = "0x" + "ab" * 32


def signed(**over):
    ext = X.sign(dev_key("alice"), "balances.transfer_keep_alive",
                 {"dest": dev_key("bob").ss58_address, "value": 10**9}, 0, GENESIS)
    ext.update(over)
    return ext


def test_canonical_bytes_are_sorted_compact_ascii():
    assert X.canonical({"b": 1, "a": "τ"}) == b'{"a":"\\u03c4","b":1}'


def test_signing_message_has_domain_prefix_and_payload_only():
    ext = signed()
    message = X.signing_message(ext)
    assert message.startswith(b"taonet-extrinsic-v1:")
    assert json.loads(message[len(X.DOMAIN):]) == {k: ext[k] for k in X.PAYLOAD_FIELDS}


def test_hash_is_blake2b_of_the_canonical_signed_extrinsic():
    ext = signed()
    parsed = X.parse(ext)
    assert parsed.hash == "0x" + X.blake2_256(X.canonical(ext)).hex()
    assert parsed.length == len(X.canonical(ext))


def test_signature_verifies_and_any_change_breaks_it():
    alice = dev_key("alice")
    assert X.signature_valid(X.parse(signed()), alice.public_key)
    for change in ({"nonce": 1}, {"tip": 1}, {"genesis_hash": "0x" + "cd" * 32}, {"call": "balances.transfer_all"},
                   {"args": {"dest": dev_key("bob").ss58_address, "value": 10**9 + 1}}):
        assert not X.signature_valid(X.parse(signed(**change)), alice.public_key), change
    assert not X.signature_valid(X.parse(signed()), dev_key("bob").public_key)


def test_bytes_wrapped_signature_is_not_accepted():
    alice = dev_key("alice")
    ext = signed()
    wrapped = alice.sign(b"<Bytes>" + X.signing_message(ext) + b"</Bytes>")
    ext["signature"] = "0x" + wrapped.hex()
    assert not X.signature_valid(X.parse(ext), alice.public_key)


@pytest.mark.parametrize("change, reason", [
    ({"nonce": -1}, "nonce must be in 0..2^64-1"),
    ({"nonce": 2**64}, "nonce must be in 0..2^64-1"),
    ({"nonce": 1.0}, "nonce must be an integer"),
    ({"nonce": True}, "nonce must be an integer"),
    ({"tip": "1"}, "tip must be an integer"),
    ({"signature": "0x1234"}, "signature must be 0x followed by 128 hex digits"),
    ({"genesis_hash": "abc"}, "genesis_hash must be"),
    ({"call": ""}, "call must be a name"),
    ({"args": []}, "args must be a JSON object"),
    ({"extra": 1}, "unknown field"),
])
def test_malformed_extrinsics_are_refused_with_reason(change, reason):
    with pytest.raises(X.InvalidExtrinsic, match=reason.replace("^", r"\^").replace("(", r"\(")):
        X.parse(signed(**change))


def test_missing_field_and_non_object():
    ext = signed()
    del ext["tip"]
    with pytest.raises(X.InvalidExtrinsic, match="missing tip"):
        X.parse(ext)
    with pytest.raises(X.InvalidExtrinsic):
        X.parse([1, 2])


@settings(max_examples=40, deadline=None)
@given(nonce=st.integers(0, 2**64 - 1), tip=st.integers(0, 2**64 - 1), value=st.integers(0, 2**64 - 1),
       memo=st.text(max_size=20))
def test_sign_parse_verify_roundtrip(nonce, tip, value, memo):
    alice = dev_key("alice")
    ext = X.sign(alice, "any.call", {"value": value, "memo": memo}, nonce, GENESIS, tip)
    reparsed = X.parse(json.loads(json.dumps(ext)))  # through JSON as over RPC
    assert reparsed.hash == X.parse(ext).hash
    assert X.signature_valid(reparsed, alice.public_key)

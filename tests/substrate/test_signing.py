"""client.subtensor.signing against the spec-461 golden vectors: signing payloads, signed extrinsics
and their hashes byte for byte, real sr25519 signatures from taonet's own keys, storage keys."""
from __future__ import annotations

import pytest
from scalecodec import ScaleBytes

from client.errors import ClientError
from client.subtensor import calls, signing
from tests.substrate import vectors
from wallet import ss58
from wallet.keypair import Keypair, verify

BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"


@pytest.fixture(scope="module", params=[15, 14], ids=["v15", "v14"])
def runtime(request):
    return vectors.golden_runtime(request.param)


@pytest.fixture(scope="module")
def alice():
    return Keypair.from_uri("//Alice")


def _network():
    return vectors.golden()["network"]


def _call(runtime, data_hex: str):
    call = runtime.runtime_config.create_scale_object("Call", data=ScaleBytes(data_hex), metadata=runtime.metadata)
    call.decode()
    return call


def _birth(era) -> str:
    """The golden era's birth block hash (genesis for an immortal one)."""
    for payload in vectors.golden()["signature_payloads"]:
        if payload["era"] == era:
            return payload.get("era_birth_block_hash", _network()["genesis_hash"])
    raise AssertionError(era)


def test_signature_payloads_byte_for_byte(runtime):
    genesis = _network()["genesis_hash"]
    golden = vectors.golden()["signature_payloads"]
    assert [p["era"] for p in golden] == ["00", {"period": 64, "current": 66}]  # immortal and mortal
    for p in golden:
        payload = signing.signature_payload(runtime, bytes.fromhex(p["call_data_hex"][2:]), p["era"], p["nonce"],
                                            p["tip"], genesis, p.get("era_birth_block_hash", genesis))
        assert "0x" + payload.hex() == p["payload_hex"]


def test_a_payload_over_256_bytes_is_signed_as_its_blake2_256(runtime):
    from hashlib import blake2b

    genesis = _network()["genesis_hash"]
    remark = calls.compose(runtime, calls.PalletCall("System", "remark", {"remark": "0x" + "ab" * 300}))
    data = bytes(remark.data.data)
    payload = signing.signature_payload(runtime, data, "00", 1, 0, genesis, genesis)
    short = signing.signature_payload(runtime, data[:2] + bytes([0]), "00", 1, 0, genesis, genesis)  # remark of b""
    assert len(payload) == 32
    assert payload == blake2b(data + short[3:], digest_size=32).digest()  # the same extras and additional data


def test_signed_extrinsics_and_hashes_byte_for_byte(runtime):
    for e in vectors.golden()["extrinsics"]:
        data = signing.signed_extrinsic(runtime, _call(runtime, e["call_data_hex"]), bytes.fromhex(e["public_key_hex"][2:]),
                                        bytes.fromhex(e["signature_hex"][2:]), e["era"], e["nonce"], e["tip"], e["crypto_type"])
        assert "0x" + data.hex() == e["extrinsic_hex"]
        assert signing.extrinsic_hash(data) == signing.extrinsic_hash(e["extrinsic_hex"]) == e["extrinsic_hash"]


def test_taonet_keys_sign_the_golden_extrinsics(runtime, alice):
    """Signed with //Alice by taonet's wallet: the golden bytes except the 64 signature bytes (the
    golden ones are a placeholder; sr25519 signatures are randomised), and ours verifies."""
    genesis = _network()["genesis_hash"]
    for e in vectors.golden()["extrinsics"]:
        assert e["address"] == alice.ss58_address
        call = _call(runtime, e["call_data_hex"])
        ours = signing.sign_call(runtime, call, alice, e["nonce"], e["tip"], e["era"], genesis, _birth(e["era"]))
        theirs = bytes.fromhex(e["extrinsic_hex"][2:])
        at = theirs.index(bytes.fromhex(e["signature_hex"][2:]))
        assert len(ours) == len(theirs) and ours[:at] == theirs[:at] and ours[at + 64:] == theirs[at + 64:]
        payload = signing.signature_payload(runtime, bytes(call.data.data), e["era"], e["nonce"], e["tip"], genesis,
                                            _birth(e["era"]))
        assert verify(alice.public_key, payload, ours[at:at + 64])
        assert not verify(alice.public_key, payload, theirs[at:at + 64])  # the placeholder is no signature


def test_the_golden_blocks_real_signature_verifies_on_our_payload(runtime, alice):
    """The block's //Alice transfer (immortal, nonce 0) was signed by the real chain's tools: its
    signature verifies over the payload we build, and re-encoding it gives the block's bytes."""
    block = vectors.golden()["block"]
    raw = block["raw"]["block"]["extrinsics"][2]
    decoded = block["decoded_extrinsics"][2]
    args = {a["name"]: a["value"] for a in decoded["call"]["call_args"]}
    call = calls.compose(runtime, calls.PalletCall("Balances", "transfer_keep_alive", args))
    genesis = _network()["genesis_hash"]
    payload = signing.signature_payload(runtime, bytes(call.data.data), "00", 0, 0, genesis, genesis)
    signature = bytes.fromhex(decoded["signature"]["Sr25519"][2:])
    assert verify(alice.public_key, payload, signature)
    again = signing.signed_extrinsic(runtime, call, alice.public_key, signature, "00", 0, 0)
    assert "0x" + again.hex() == raw
    assert signing.extrinsic_hash(raw) == decoded["extrinsic_hash"]


def test_storage_keys_byte_for_byte(runtime):
    golden = vectors.golden()
    entries = golden["storage_keys"] + golden["storage_values"]
    assert len(entries) >= 10
    for s in entries:
        assert signing.storage_key(runtime, s["pallet"], s["storage_function"], s["params"]) == s["key_hex"]
    for q in golden["query_maps"]:  # a map's prefix is its key with the given params
        assert signing.storage_key(runtime, q["pallet"], q["storage_function"], q["params"]) == q["prefix_hex"]


def test_the_keypair_adapter_meets_the_librarys_protocol(alice):
    from async_substrate_interface.protocols import Keypair as Protocol

    adapter = signing.SubstrateKeypair(alice)
    assert isinstance(adapter, Protocol)
    assert (adapter.crypto_type, adapter.public_key, adapter.ss58_address, adapter.ss58_format) == \
        (1, alice.public_key, alice.ss58_address, 42)
    assert verify(alice.public_key, b"\x01\x02", adapter.sign("0x0102"))  # hex, as the library's keypairs read it
    assert verify(alice.public_key, b"hello", adapter.sign("hello"))
    with pytest.raises(ValueError, match="no private part"):
        signing.SubstrateKeypair(Keypair.from_ss58(BOB)).sign(b"x")


def test_mortal_era_birth():
    runtime = vectors.golden_runtime()
    assert signing.era_birth(runtime, {"period": 64, "current": 66}) == 66
    assert signing.era_birth(runtime, {"period": 16, "current": 1000}) == 1000
    assert signing.PERIOD == 16


def test_the_fee_extrinsic_has_the_signed_ones_length(runtime, alice):
    args = {"dest": BOB, "value": 12345}
    fee = signing.fee_extrinsic(runtime, alice.ss58_address, "balances.transfer_keep_alive", args, nonce=11)
    call = calls.compose_call(runtime, "balances.transfer_keep_alive", args)
    era = {"period": 16, "current": 5000}
    real = signing.sign_call(runtime, call, alice, 11, 0, era, _network()["genesis_hash"], "0x" + "11" * 32)
    assert len(fee) == len(real) and fee[:-len(call.data.data)].count(bytes(64)) == 1
    assert ss58.decode(alice.ss58_address, None) in fee


def test_query_info_decodes_to_the_fee():
    """A RuntimeDispatchInfo (the golden payment_info's weight, the receipt's fee) through the
    runtime API's output type from the (V15) metadata, then read as the fee."""
    golden = vectors.golden()
    runtime = vectors.golden_runtime(15)
    output = runtime.runtime_api_map["TransactionPaymentApi"]["query_info"]["output"]
    info = {"weight": golden["payment_info"]["weight"], "class": "Normal", "partial_fee": golden["receipt"]["total_fee_amount"]}
    encoded = runtime.runtime_config.create_scale_object(f"scale_info::{output}").encode(info)
    decoded = runtime.runtime_config.create_scale_object(f"scale_info::{output}", data=encoded).decode()
    assert sorted(decoded) == golden["payment_info"]["keys"]
    assert signing.partial_fee(decoded) == 166_247
    assert signing.partial_fee({"partialFee": "0x10"}) == 16
    with pytest.raises(ClientError, match="no fee"):
        signing.partial_fee({"weight": 1})


@pytest.mark.parametrize(("update", "expected"), [
    ("ready", ("waiting", None)), ("future", ("waiting", None)), ({"broadcast": ["peer"]}, ("waiting", None)),
    ({"inBlock": "0xab"}, ("included", "0xab")), ({"finalized": "0xcd"}, ("included", "0xcd")),
    ({"retracted": "0xab"}, ("waiting", None)),
    ("dropped", ("dropped", "the node reported the extrinsic dropped")),
    ("invalid", ("dropped", "the node reported the extrinsic invalid")),
    ({"usurped": "0x99"}, ("dropped", "the node reported the extrinsic usurped (0x99)")),
])
def test_watch_updates(update, expected):
    assert signing.watch_status(update) == expected

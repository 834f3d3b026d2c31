"""The real SDK's captured traffic verifies and parses with taonet's code (vectors README, checks 1–5)."""
from __future__ import annotations

import base64
import json

import pytest

from subnets.protocol import btauth, legacy
from subnets.protocol.crypto import verify_hex
from subnets.protocol.synapse import EMPTY_HASH, Synapse, body_hash_of
from tests.conftest import load_vector

META = load_vector("axon", "meta.json")
ALICE_SS58 = META["keys"]["dendrite_hotkey"]["ss58"]
BOB_SS58 = META["keys"]["axon_hotkey"]["ss58"]
REQUEST_FILES = ["capture_request_dummy.json", "capture_request_hashed.json", "exchange_dummy.json",
                 "exchange_hashed.json", "exchange_blocked.json"]
HASH_FIELDS = {name: tuple(spec["required_hash_fields"]) for name, spec in META["synapse_classes"].items()}


def request_of(name: str) -> tuple[dict[str, str], str, str]:
    request = load_vector("axon", name)["request"]
    return {k.lower(): v for k, v in request["headers"]}, request["body_raw"], request["path"]


@pytest.mark.parametrize("name", REQUEST_FILES)
def test_request_signature_and_body_hash(name):
    headers, body_raw, path = request_of(name)
    parsed = legacy.parse_request(headers)
    # check 1: the dot-joined message verifies with the dendrite's key, receiver = the axon's hotkey
    message = legacy.signed_message(parsed.nonce, parsed.hotkey, headers["bt_header_axon_hotkey"], parsed.uuid,
                                    parsed.body_hash)
    assert verify_hex(parsed.hotkey, message, parsed.signature)
    legacy.verify_request(parsed, BOB_SS58)
    # check 2: the body hash recomputed from body_raw, with the SDK class's hash fields
    body = json.loads(body_raw)
    fields = HASH_FIELDS[path.strip("/")]
    assert body_hash_of(body, fields) == headers["computed_body_hash"]
    if not fields:
        assert headers["computed_body_hash"] == EMPTY_HASH
    # check 3: the body is Python json.dumps of the full model
    assert json.dumps(body) == body_raw
    assert body["computed_body_hash"] == "" and body["header_size"] == 0
    assert list(body)[:7] == ["name", "timeout", "total_size", "header_size", "dendrite", "axon", "computed_body_hash"]
    assert len(body["dendrite"]) == len(body["axon"]) == 10


@pytest.mark.parametrize("name", REQUEST_FILES)
def test_any_changed_character_fails(name):
    headers, _, _ = request_of(name)
    parsed = legacy.parse_request(headers)
    message = parsed.message(BOB_SS58).decode()
    for i, char in enumerate(message):
        changed = message[:i] + ("0" if char != "0" else "1") + message[i + 1:]
        assert not verify_hex(parsed.hotkey, changed.encode(), parsed.signature), f"position {i}"
    # the axon's own key (//Bob) must not verify the dendrite's signature
    assert not verify_hex(BOB_SS58, message.encode(), parsed.signature)
    # nor the <Bytes>-wrapped message: protocol signatures are over the exact bytes
    assert not verify_hex(parsed.hotkey, b"<Bytes>" + message.encode() + b"</Bytes>", parsed.signature)


def test_verify_uses_the_axons_own_hotkey():
    headers, _, _ = request_of("exchange_dummy.json")
    parsed = legacy.parse_request(headers)
    with pytest.raises(legacy.LegacyAuthError):
        legacy.verify_request(parsed, ALICE_SS58)  # an axon that is not //Bob refuses it


@pytest.mark.parametrize("name", REQUEST_FILES)
def test_input_obj_headers_are_type_defaults(name):
    from tests.subnets.conftest import Blocked, Dummy, HashedDummy

    headers, _, path = request_of(name)
    cls = {"Dummy": Dummy, "HashedDummy": HashedDummy, "Blocked": Blocked}[path.strip("/")]
    sent = {k: v for k, v in headers.items() if k.startswith("bt_header_input_obj_")}
    assert sent == cls.input_obj_headers()  # check 4: only required fields, default values
    assert {json.loads(base64.b64decode(v)) for v in sent.values()} <= {0, ""}


@pytest.mark.parametrize("name", REQUEST_FILES)
def test_our_synapse_reproduces_the_body(name):
    from tests.subnets.conftest import Blocked, Dummy, HashedDummy

    _, body_raw, path = request_of(name)
    cls = {"Dummy": Dummy, "HashedDummy": HashedDummy, "Blocked": Blocked}[path.strip("/")]
    synapse = cls.from_body(body_raw.encode())
    assert synapse.request_body().decode() == body_raw
    if cls.required_hash_fields == HASH_FIELDS[path.strip("/")]:
        assert synapse.body_hash() == dict(request_of(name)[0])["computed_body_hash"]


@pytest.mark.parametrize("name", ["exchange_dummy.json", "exchange_hashed.json"])
def test_response_bodies_are_compact_json(name):
    from tests.subnets.conftest import Dummy, HashedDummy

    response = load_vector("axon", name)["response"]
    headers = {k.lower(): v for k, v in response["headers"]}
    assert headers["bt_header_axon_status_code"] == str(response["status"])
    cls = Dummy if "dummy" in name else HashedDummy
    synapse = cls.from_body(response["body_raw"].encode())
    assert synapse.response_body().decode() == response["body_raw"]
    ours = legacy.status_headers(synapse)
    for key in ("bt_header_axon_status_code", "bt_header_axon_status_message", "bt_header_axon_process_time",
                "bt_header_dendrite_nonce", "bt_header_dendrite_signature", "name", "timeout"):
        assert ours[key] == headers[key]


def test_error_response_signature_check_5():
    response = load_vector("axon", "exchange_blocked.json")["response"]
    headers = {k.lower(): v for k, v in response["headers"]}
    assert response["status"] == 403 == int(headers["bt_header_axon_status_code"])
    assert json.loads(response["body_raw"]) == {"message": headers["bt_header_axon_status_message"]}
    message = "{}.{}.{}.{}".format(headers["bt_header_axon_nonce"], headers["bt_header_dendrite_hotkey"],
                                   headers["bt_header_axon_hotkey"], headers["bt_header_axon_uuid"]).encode()
    assert verify_hex(BOB_SS58, message, headers["bt_header_axon_signature"])
    assert not verify_hex(ALICE_SS58, message, headers["bt_header_axon_signature"])


def test_btauth_v1_vector():
    vector = load_vector("axon", "btauth_v1_example.json")
    headers = {k.lower(): v for k, v in vector["headers"].items()}
    body = vector["body_raw"].encode()
    request = btauth.parse_request(headers)
    expected = btauth.payload(vector["method"], vector["path"], body, request.nonce, request.hotkey,
                              request.receiver)
    assert expected.decode() == vector["signed_payload_text"]
    btauth.verify_request(request, vector["method"], vector["path"], body, vector["receiver"]["ss58"])
    for method, path, changed_body, receiver in [("GET", vector["path"], body, vector["receiver"]["ss58"]),
                                                  ("POST", "/Other", body, vector["receiver"]["ss58"]),
                                                  ("POST", vector["path"], b'{"input": 22}', vector["receiver"]["ss58"]),
                                                  ("POST", vector["path"], body, ALICE_SS58)]:
        with pytest.raises(btauth.BtAuthError):
            btauth.verify_request(request, method, path, changed_body, receiver)


def test_base_synapse_shape():
    synapse = Synapse()
    assert list(synapse.model_dump())[:7] == ["name", "timeout", "total_size", "header_size", "dendrite", "axon",
                                              "computed_body_hash"]
    assert synapse.name == "Synapse" and synapse.timeout == 12.0 and synapse.body_hash() == EMPTY_HASH


def test_our_legacy_request_has_the_sdk_shape():
    """Check 7: what our dendrite sends in legacy mode passes checks 1–4, header for header."""
    from tests.subnets.conftest import HashedDummy
    from wallet.keypair import Keypair

    captured = load_vector("axon", "capture_request_hashed.json")["request"]
    transport = {"host", "accept", "accept-encoding", "user-agent", "content-length", "content-type"}
    synapse = HashedDummy(input=7, text="héllo wörld", values=[0.5, 1.0, 2.25])
    headers, body = legacy.build_request(synapse, Keypair.from_uri("//Alice"), axon_ip="127.0.0.1", axon_port=60135,
                                         axon_hotkey=BOB_SS58, uuid="00000000-0000-0000-0000-0000000000aa",
                                         timeout=5.0, dendrite_ip="127.0.0.2")
    assert [k for k in headers if k not in transport] == [k for k, _ in captured["headers"] if k.lower() not in transport]
    parsed = legacy.parse_request(headers)
    legacy.verify_request(parsed, BOB_SS58)  # check 1
    sent = json.loads(body)
    assert body_hash_of(sent, HASH_FIELDS["HashedDummy"]) == headers["computed_body_hash"]  # check 2
    assert json.dumps(sent).encode() == body and "\\u00e9" in body.decode()  # check 3
    assert set(sent) == set(json.loads(captured["body_raw"]))
    assert sent["dendrite"]["nonce"] == parsed.nonce and sent["dendrite"]["signature"] == parsed.signature
    assert headers["bt_header_input_obj_text"] == "IiI=" and headers["timeout"] == "5.0"  # check 4

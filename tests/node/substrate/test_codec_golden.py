"""The node's codec against what real subtensor nodes produced (the spec-461 golden file): storage keys
and values, runtime-API results, constants, the runtime version, events and a real block's extrinsics
come out byte for byte."""
from __future__ import annotations

import json

import pytest

from node.substrate.codec import EventRecord, codec
from tests.substrate.vectors import finney_recorded, golden


def _hex(text: str) -> bytes:
    return bytes.fromhex(text.removeprefix("0x"))


@pytest.mark.parametrize("case", golden()["storage_keys"], ids=lambda c: f"{c['pallet']}.{c['storage_function']}")
def test_storage_keys(case):
    c = codec()
    assert "0x" + c.storage_key(case["pallet"], case["storage_function"], case["params"]).hex() == case["key_hex"]
    entry = c.storage_entry(case["pallet"], case["storage_function"])
    assert f"scale_info::{entry.value_type}" == case["value_scale_type"]


@pytest.mark.parametrize("case", golden()["storage_values"], ids=lambda c: f"{c['pallet']}.{c['storage_function']}")
def test_storage_values(case):
    c = codec()
    pallet, item = case["pallet"], case["storage_function"]
    assert "0x" + c.storage_key(pallet, item, case["params"]).hex() == case["key_hex"]
    raw = None if case["raw_hex"] is None else _hex(case["raw_hex"])
    value = c.decode_storage_value(pallet, item, raw)
    assert value == case["decoded"]
    if raw is not None:
        assert c.storage_value(pallet, item, value) == raw


@pytest.mark.parametrize("case", golden()["query_maps"], ids=lambda c: f"{c['pallet']}.{c['storage_function']}")
def test_query_map_prefixes_keys_and_values(case):
    c = codec()
    pallet, item = case["pallet"], case["storage_function"]
    assert "0x" + c.storage_key(pallet, item, case["params"]).hex() == case["prefix_hex"]
    pairs = {_hex(k): _hex(v) for k, v in case["raw_changes"]}
    for key_part, value in case["pairs"]:
        key = c.storage_key(pallet, item, [*case["params"], key_part])
        assert key in pairs, f"{pallet}.{item}[{key_part}]"
        assert c.storage_value(pallet, item, value) == pairs[key]
    assert sorted(c.storage_keys(pallet, item, [[*case["params"], k] for k, _ in case["pairs"]])) == sorted(pairs)


@pytest.mark.parametrize("case", golden()["runtime_calls"], ids=lambda c: f"{c['api']}_{c['method']}")
def test_runtime_calls(case):
    c = codec()
    method = c.api_by_call_name(f"{case['api']}_{case['method']}")
    assert (method.api, method.method) == (case["api"], case["method"])
    params = _hex(case["encoded_params_hex"])
    assert c.encode_api_params(method, case["params"]) == params
    assert list(c.decode_api_params(method, params).values()) == case["params"]
    raw = _hex(case["raw_hex"])
    value = c.decode_api_result(method, raw)
    assert json.loads(json.dumps(value)) == case["decoded"]  # tuples read as the file's lists
    assert c.encode_api_result(method, value) == raw


def test_constants():
    for case in golden()["constants"]:
        assert codec().constant(case["module"], case["name"]) == case["decoded"]


def test_runtime_version_has_a_subtensor_node_s_shape():
    version = codec().runtime_version()
    recorded = next(r["result"] for group in finney_recorded().values()
                    for r in group.get("state_getRuntimeVersion", {}).values() if isinstance(r, dict) and "result" in r)
    assert list(version) == list(recorded)  # same keys, same order as a real node's JSON
    assert (version["specName"], version["specVersion"], version["transactionVersion"]) == ("node-subtensor", 461, 1)
    ids = {api_id for api_id, _ in version["apis"]}
    import hashlib

    for name in ("Core", "Metadata", "SubnetInfoRuntimeApi", "StakeInfoRuntimeApi", "SwapRuntimeApi",
                 "TransactionPaymentApi", "AccountNonceApi", "NeuronInfoRuntimeApi", "DelegateInfoRuntimeApi"):
        assert "0x" + hashlib.blake2b(name.encode(), digest_size=8).hexdigest() in ids, name
    assert ["0xdf6acb689907609b", 5] in version["apis"]  # Core v5, as real nodes report


def test_events_decode_and_re_encode():
    gold = golden()["events"]
    c = codec()
    raw = _hex(gold["raw_hex"])
    records = c.decode_events(raw)
    assert [(r.phase if r.phase != "Initialization" else None, r.name) for r in records] == [
        (d["extrinsic_idx"], f"{d['module_id']}.{d['event_id']}") for d in gold["decoded"]]
    assert [r.fields for r in records] == [d["attributes"] for d in gold["decoded"]]
    assert c.encode_events(records) == raw
    as_tuples = [(r.phase, r.name, r.fields) for r in records]
    assert c.encode_events(as_tuples) == raw


def test_events_with_unnamed_fields_round_trip():
    c = codec()
    alice = golden()["extrinsics"][0]["address"]
    records = [EventRecord(3, "SubtensorModule.StakeAdded", [alice, alice, 10**9, 5 * 10**8, 1, 0]),
               EventRecord("Finalization", "Balances.Issued", {"amount": 7})]
    assert c.decode_events(c.encode_events(records)) == records


def test_block_extrinsics_decode_and_re_encode():
    c = codec()
    gold = golden()["block"]
    for raw_hex, expected in zip(gold["raw"]["block"]["extrinsics"], gold["decoded_extrinsics"]):
        ext = c.decode_extrinsic(_hex(raw_hex))
        assert ext.hash == expected["extrinsic_hash"]
        assert (ext.pallet, ext.function) == (expected["call"]["call_module"], expected["call"]["call_function"])
        assert ext.args == {a["name"]: a["value"] for a in expected["call"]["call_args"]}
        assert ext.call_bytes[:2] == _hex(expected["call"]["call_index"])
        if ext.signed:
            assert (ext.signer, ext.nonce, ext.tip) == (expected["address"], expected["nonce"], expected["tip"])
            assert ext.era is None and expected["era"] == "00"
            (scheme, sig), = expected["signature"].items()
            assert ext.signature == (scheme, _hex(sig))
        assert c.encode_extrinsic(ext) == ext.raw
    assert sum(c.decode_extrinsic(_hex(x)).signed for x in gold["raw"]["block"]["extrinsics"]) == 1


@pytest.mark.parametrize("case", golden()["extrinsics"], ids=lambda c: str(c["era"]))
def test_signed_extrinsics(case):
    c = codec()
    ext = c.decode_extrinsic(_hex(case["extrinsic_hex"]))
    assert ext.hash == case["extrinsic_hash"]
    assert (ext.signer, ext.nonce, ext.tip, ext.call_bytes) == (
        case["address"], case["nonce"], case["tip"], _hex(case["call_data_hex"]))
    assert ext.signature == ({1: "Sr25519", 0: "Ed25519"}[case["crypto_type"]], _hex(case["signature_hex"]))
    era = case["era"]
    assert ext.era == (None if era == "00" else (era["period"], era["current"] % era["period"]))
    assert not ext.metadata_hash
    assert c.encode_extrinsic(ext) == ext.raw
    extra = c.extra_value(era=ext.era, nonce=ext.nonce, tip=ext.tip)
    assert ext.extra_bytes == c.encode(c.extrinsic["extra_ty"], extra)


@pytest.mark.parametrize("case", golden()["signature_payloads"], ids=lambda c: str(c["era"]))
def test_signing_payloads(case):
    c = codec()
    network = golden()["network"]
    era = case["era"]
    era = None if era == "00" else (era["period"], era["current"] % era["period"])
    extra = c.encode(c.extrinsic["extra_ty"], c.extra_value(era=era, nonce=case["nonce"], tip=case["tip"]))
    birth = case.get("era_birth_block_hash", network["genesis_hash"])
    payload = c.signing_payload(_hex(case["call_data_hex"]), extra, genesis_hash=network["genesis_hash"],
                                birth_hash=birth)
    assert payload == _hex(case["payload_hex"])


@pytest.mark.parametrize("case", golden()["calls"], ids=lambda c: c["function"])
def test_golden_calls_decode_and_encode(case):
    c = codec()
    raw = _hex(case["data_hex"])
    call = c.decode_call(raw)
    assert (call["call_module"], call["call_function"]) == (case["module"], case["function"])
    assert c.encode_call(call) == raw
    if case["function"] not in ("sudo", "batch", "proxy"):  # those cases describe their inner calls in words
        literal = {"call_module": case["module"], "call_function": case["function"], "call_args": case["params"]}
        assert c.encode_call(literal) == raw


def test_nested_calls_read_in_the_encodable_form():
    c = codec()
    sudo = next(case for case in golden()["calls"] if case["function"] == "sudo")
    inner = c.decode_call(_hex(sudo["data_hex"]))["call_args"]["call"]
    assert inner == {"call_module": "System", "call_function": "remark", "call_args": {"remark": "0xdeadbeef"}}
    batch = next(case for case in golden()["calls"] if case["function"] == "batch")
    calls = c.decode_call(_hex(batch["data_hex"]))["call_args"]["calls"]
    assert [(x["call_function"], x["call_args"]["value"]) for x in calls] == [("transfer_keep_alive", 1),
                                                                              ("transfer_keep_alive", 2)]

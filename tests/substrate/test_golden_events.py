"""The golden System.Events and receipt decode to the events and outcome the backend reports, and a
DispatchError becomes one line with the pallet's error name and doc (client.subtensor.errors)."""
from __future__ import annotations

import copy

import pytest
from scalecodec import ScaleBytes

from client.subtensor import errors, signing
from tests.substrate import vectors


@pytest.fixture(scope="module", params=[15, 14], ids=["v15", "v14"])
def runtime(request):
    return vectors.golden_runtime(request.param)


def _error_index(runtime, pallet: str, name: str) -> tuple[int, int]:
    found = runtime.metadata.get_metadata_pallet(pallet)
    return int(found.value["index"]), next(int(e.value["index"]) for e in found.errors if e.value["name"] == name)


def test_golden_events_decode_and_split_by_extrinsic(runtime):
    golden = vectors.golden()
    records = signing.decode_events(runtime, bytes.fromhex(golden["events"]["raw_hex"][2:]))
    assert records == golden["events"]["decoded"]
    receipt = golden["receipt"]
    events = signing.events_of(records, receipt["extrinsic_idx"])
    assert events == [{"name": f"{e['module_id']}.{e['event_id']}", "data": e["attributes"]}
                      for e in receipt["triggered_events"]]
    assert events[1] == {"name": "Balances.Transfer", "data": {"from": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
                                                               "to": "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
                                                               "amount": 1_000_000_000}}
    fee = next(e for e in events if e["name"] == "TransactionPayment.TransactionFeePaid")
    assert fee["data"]["actual_fee"] == receipt["total_fee_amount"] == 166_247
    assert signing.dispatch_outcome(runtime, events) == (True, None, None) and receipt["is_success"]
    assert signing.events_of(records, 99) == []


def test_the_events_key_is_systems(runtime):
    key = next(k["key_hex"] for k in vectors.golden()["storage_keys"] if k["storage_function"] == "Events")
    assert signing.storage_key(runtime, "System", "Events") == key


def test_a_failed_extrinsic_reports_the_pallet_error(runtime):
    """The golden events with extrinsic 2's ExtrinsicSuccess turned into ExtrinsicFailed
    (SubtensorModule.NotEnoughBalanceToStake), encoded and decoded with the metadata's types."""
    golden = vectors.golden()
    pallet_index, error_index = _error_index(runtime, "SubtensorModule", "NotEnoughBalanceToStake")
    records = []
    for r in copy.deepcopy(golden["events"]["decoded"]):
        event = {r["module_id"]: {r["event_id"]: r["attributes"]}}
        if r["extrinsic_idx"] == 2 and r["event_id"] == "ExtrinsicSuccess":
            error = {"Module": {"index": pallet_index, "error": "0x" + bytes([error_index, 0, 0, 0]).hex()}}
            event = {"System": {"ExtrinsicFailed": {"dispatch_error": error,
                                                    "dispatch_info": r["attributes"]["dispatch_info"]}}}
        phase = {"ApplyExtrinsic": r["extrinsic_idx"]} if r["phase"] == "ApplyExtrinsic" else r["phase"]
        records.append({"phase": phase, "event": event, "topics": r["topics"]})
    value_type = runtime.metadata.get_metadata_pallet("System").get_storage_function("Events").get_value_type_string()
    raw = runtime.runtime_config.create_scale_object(value_type, metadata=runtime.metadata).encode(records)
    decoded = signing.decode_events(runtime, bytes(raw.data))
    events = signing.events_of(decoded, 2)
    assert "System.ExtrinsicFailed" in [e["name"] for e in events]
    assert signing.dispatch_outcome(runtime, events) == (
        False, "SubtensorModule.NotEnoughBalanceToStake",
        "The caller is requesting adding more stake than there exists in the coldkey account")


def test_module_errors_from_the_metadata(runtime):
    slippage = _error_index(runtime, "SubtensorModule", "SlippageTooHigh")
    assert slippage == (7, 84)
    cases = {
        "SlippageTooHigh": "SubtensorModule.SlippageTooHigh: Slippage is too high for the transaction",
        "NotEnoughBalanceToStake": "SubtensorModule.NotEnoughBalanceToStake: The caller is requesting adding more "
                                   "stake than there exists in the coldkey account",
    }
    for name, line in cases.items():
        pallet_index, error_index = _error_index(runtime, "SubtensorModule", name)
        for error in (f"0x{error_index:02x}000000", error_index, bytes([error_index, 0, 0, 0]), [error_index, 0, 0, 0]):
            assert errors.one_line(runtime, {"Module": {"index": pallet_index, "error": error}}) == line
        assert errors.one_line(runtime, {"Module": (pallet_index, f"0x{error_index:02x}000000")}) == line
    balances = _error_index(runtime, "Balances", "InsufficientBalance")
    assert errors.one_line(runtime, {"Module": {"index": balances[0], "error": balances[1]}}) == \
        "Balances.InsufficientBalance: Balance too low to send value"


@pytest.mark.parametrize(("error", "line"), [
    ({"Token": "FundsUnavailable"}, "Token.FundsUnavailable: Funds are unavailable"),
    ({"Token": "Frozen"}, "Token.Frozen: Funds exist but are frozen"),
    ({"Arithmetic": "Overflow"}, "Arithmetic.Overflow: An overflow would occur"),
    ({"Transactional": "LimitReached"}, "Transactional.LimitReached: Too many transactional layers have been spawned"),
    ("BadOrigin", "DispatchError.BadOrigin: A bad origin: the signer may not make this call"),
    ("Other", "DispatchError.Other: Some error occurred"),
    ({"Other": None}, "DispatchError.Other: Some error occurred"),
    ({"Module": {"index": 250, "error": "0x01000000"}},
     "DispatchError.Module: pallet 250, error 1 (not in this runtime's metadata)"),
    ({"Surprise": {"deep": [1, 2]}}, "DispatchError: {'Surprise': {'deep': [1, 2]}}"),
    (None, "DispatchError: None"),
    ({"Module": "garbage"}, "DispatchError: {'Module': 'garbage'}"),
])
def test_other_dispatch_errors_in_one_line(runtime, error, line):
    assert errors.one_line(runtime, error) == line


def test_the_spec_461_decoded_form_of_token_and_arithmetic_errors():
    """What scalecodec decodes from the chain's DispatchError bytes is what `describe` reads."""
    runtime = vectors.golden_runtime()
    types = {t["id"]: t["type"] for t in runtime.metadata.portable_registry.value["types"]}
    dispatch_error = next(i for i, t in types.items() if t["path"] == ["sp_runtime", "DispatchError"])
    for raw, line in ((bytes([7, 0]), "Token.FundsUnavailable: Funds are unavailable"),
                      (bytes([8, 1]), "Arithmetic.Overflow: An overflow would occur"),
                      (bytes([2]), "DispatchError.BadOrigin: A bad origin: the signer may not make this call"),
                      (bytes([3, 7, 84, 0, 0, 0]), "SubtensorModule.SlippageTooHigh: Slippage is too high for the transaction")):
        value = runtime.runtime_config.create_scale_object(f"scale_info::{dispatch_error}", data=ScaleBytes(raw)).decode()
        assert errors.one_line(runtime, value) == line, value


def test_first_sentence():
    assert errors.first_sentence(["Slippage is too high.", "See: `x`"]) == "Slippage is too high"
    assert errors.first_sentence(["The coldkey e.g. 5F... is", "not found. More."]) == "The coldkey e.g"
    assert errors.first_sentence([]) == ""

"""The real runtime's events, renamed and their positional fields named for the read model: the
names follow the spec-461 metadata's field types, and a decoded event comes out in taonet's words."""
from __future__ import annotations

import pytest

from client.subtensor import events
from tests.substrate.vectors import golden_runtime

TYPE_OF = {"coldkey": "T::AccountId", "hotkey": "T::AccountId", "origin_hotkey": "T::AccountId",
           "destination_hotkey": "T::AccountId", "origin_coldkey": "T::AccountId",
           "destination_coldkey": "T::AccountId", "netuid": "NetUid", "origin_netuid": "NetUid",
           "destination_netuid": "NetUid", "tao": "TaoBalance", "alpha": "AlphaBalance", "fee": "u64", "uid": "u16",
           "modality": "u16", "commit_hash": "H256", "take": "PerU16"}
NETUID_STORAGE = {("subtensor.WeightsCommitted", "netuid"): "NetUidStorageIndex",
                  ("subtensor.WeightsSet", "netuid"): "NetUidStorageIndex"}


def _metadata_fields(real_name: str) -> list[str]:
    pallet_name, _, event_name = real_name.partition(".")
    pallet = next(p for p in golden_runtime(15).metadata.pallets if p.name == pallet_name)
    event = next(e for e in pallet.events if e.name == event_name)
    return [f.get("typeName") for f in event.value["fields"]]


@pytest.mark.parametrize("name", sorted(events.FIELDS))
def test_field_names_follow_the_runtimes_types(name):
    real = "SubtensorModule." + name.split(".", 1)[1]
    types = _metadata_fields(real)
    assert len(types) == len(events.FIELDS[name]), (name, types)
    for field, type_name in zip(events.FIELDS[name], types):
        assert type_name == NETUID_STORAGE.get((name, field), TYPE_OF[field]), (name, field, type_name)


def test_a_decoded_event_reads_in_taonets_words():
    decoded = [{"name": "SubtensorModule.StakeAdded", "data": {"value": ("5C", "5H", 10, 39, 1, 2)}},
               {"name": "TransactionPayment.TransactionFeePaid", "data": {"who": "5C", "actual_fee": 7, "tip": 0}},
               {"name": "SubtensorModule.StakeSwapped", "data": {"value": ("5C", "5H", 1, 2, 30)}}]
    out = events.normalize(decoded, describe=lambda error: ("?", "?"))
    assert out[0] == {"name": "subtensor.StakeAdded",
                      "data": {"coldkey": "5C", "hotkey": "5H", "tao": 10, "alpha": 39, "netuid": 1, "fee": 2}}
    assert out[1] == {"name": "transaction_payment.TransactionFeePaid", "data": {"who": "5C", "actual_fee": 7, "tip": 0}}
    assert out[2]["data"]["tao"] == 30 and out[2]["data"]["received_alpha"] is None  # not in the real event


def test_a_failed_sudo_call_is_named_from_the_metadata():
    from client.subtensor import errors

    runtime = golden_runtime(15)
    err = {"Module": {"index": 7, "error": "0x54000000"}}  # SubtensorModule (7), its 84th error
    out = events.normalize([{"name": "Sudo.Sudid", "data": {"sudo_result": {"Err": err}}}],
                           describe=lambda e: errors.describe(runtime, e))
    assert out == [{"name": "sudo.Sudid", "data": {"success": False, "error": "SubtensorModule.SlippageTooHigh",
                                                   "message": out[0]["data"]["message"]}}]
    assert "slippage" in out[0]["data"]["message"].lower()

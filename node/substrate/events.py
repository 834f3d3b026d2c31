"""A block's taonet events as the real runtime's `System.Events` records.

taonet records each event as (extrinsic index or None, "pallet.Event", {field: value}) (node/chain.py,
table `events`). `records(chain, number)` turns a block's into `EventRecord`s of the claimed runtime
(spec 461), in the order a subtensor node emits them for each extrinsic:

    Balances.Withdraw (the fee) · the call's events · TransactionPayment.TransactionFeePaid ·
    System.ExtrinsicSuccess | System.ExtrinsicFailed{DispatchError}

The phase is `ApplyExtrinsic(index)` for an extrinsic's events; the block's own events (coinbase
and epochs run in `on_initialize`) are `Initialization` before the first extrinsic's and
`Finalization` after. Field order of the pallet's unnamed fields is the metadata's (the same as
client/subtensor/events.py FIELDS). A taonet event with no counterpart in the real runtime
(`subtensor.EpochRun`, `subtensor.EmissionDistributed`, `admin_utils.*`, `subtensor.RootClaimTypeSet`,
...) has no record: the real clients cannot decode a variant the runtime lacks.

`dispatch_error(name)`: taonet's error name ("subtensor.SlippageTooHigh") -> the runtime's
`DispatchError` value: `Module{index, error}` from the metadata's error list when the pallet has an
error of that name, `BadOrigin` for system.BadOrigin, else `Other`.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from node.substrate.codec import CodecError, EventRecord, codec

PALLETS = {"subtensor": "SubtensorModule", "balances": "Balances", "system": "System", "sudo": "Sudo",
           "transaction_payment": "TransactionPayment", "admin_utils": "AdminUtils", "swap": "Swap", "proxy": "Proxy"}

# the weight a dispatch reports: taonet charges by length (node.runtime.balances.fee_for), not weight
DISPATCH_INFO = {"weight": {"ref_time": 0, "proof_size": 0}, "class": "Normal", "pays_fee": "Yes"}


def _positional(*names: str) -> Callable[[dict], list]:
    return lambda d: [d[n] for n in names]


def _stake_move(d: dict) -> list:
    return [d["coldkey"], d["hotkey"], d["origin_netuid"], d["destination_hotkey"], d["destination_netuid"], d["tao"]]


def _stake_transfer(d: dict) -> list:
    return [d["coldkey"], d["destination_coldkey"], d["hotkey"], d["origin_netuid"], d["destination_netuid"], d["tao"]]


def _stake_swap(d: dict) -> list:
    return [d["coldkey"], d["hotkey"], d["origin_netuid"], d["destination_netuid"], d["tao"]]


def _sudid(d: dict) -> dict:
    return {"sudo_result": {"Ok": ()} if d.get("success") else {"Err": dispatch_error(d.get("error", ""))}}


# taonet name -> (real "Pallet.Event", taonet fields -> the real event's fields)
EVENTS: dict[str, tuple[str, Callable[[dict], Any]]] = {
    "balances.Transfer": ("Balances.Transfer", lambda d: {"from": d["from"], "to": d["to"], "amount": d["amount"]}),
    "balances.Endowed": ("Balances.Endowed", lambda d: {"account": d["account"], "free_balance": d["free_balance"]}),
    "balances.DustLost": ("Balances.DustLost", lambda d: {"account": d["account"], "amount": d["amount"]}),
    "balances.BalanceSet": ("Balances.BalanceSet", lambda d: {"who": d["who"], "free": d["free"]}),
    "balances.Reaped": ("System.KilledAccount", lambda d: {"account": d["account"]}),
    "subtensor.StakeAdded": ("SubtensorModule.StakeAdded", _positional("coldkey", "hotkey", "tao", "alpha", "netuid", "fee")),
    "subtensor.StakeRemoved": ("SubtensorModule.StakeRemoved",
                               _positional("coldkey", "hotkey", "tao", "alpha", "netuid", "fee")),
    "subtensor.StakeMoved": ("SubtensorModule.StakeMoved", _stake_move),
    "subtensor.StakeTransferred": ("SubtensorModule.StakeTransferred", _stake_transfer),
    "subtensor.StakeSwapped": ("SubtensorModule.StakeSwapped", _stake_swap),
    "subtensor.NetworkAdded": ("SubtensorModule.NetworkAdded", lambda d: [d["netuid"], 0]),  # modality 0
    "subtensor.NeuronRegistered": ("SubtensorModule.NeuronRegistered", _positional("netuid", "uid", "hotkey")),
    "subtensor.WeightsSet": ("SubtensorModule.WeightsSet", _positional("netuid", "uid")),
    "subtensor.WeightsCommitted": ("SubtensorModule.WeightsCommitted", _positional("hotkey", "netuid", "commit_hash")),
    "subtensor.WeightsRevealed": ("SubtensorModule.WeightsRevealed", _positional("hotkey", "netuid", "commit_hash")),
    "subtensor.AxonServed": ("SubtensorModule.AxonServed", _positional("netuid", "hotkey")),
    "subtensor.TakeIncreased": ("SubtensorModule.TakeIncreased", _positional("coldkey", "hotkey", "take")),
    "subtensor.TakeDecreased": ("SubtensorModule.TakeDecreased", _positional("coldkey", "hotkey", "take")),
    "subtensor.FirstEmissionBlockNumberSet": ("SubtensorModule.FirstEmissionBlockNumberSet",
                                              _positional("netuid", "block")),
    "subtensor.AutoStakeDestinationSet": ("SubtensorModule.AutoStakeDestinationSet",
                                          lambda d: {"coldkey": d["coldkey"], "netuid": d["netuid"], "hotkey": d["hotkey"]}),
    "subtensor.AutoStakeAdded": ("SubtensorModule.AutoStakeAdded", lambda d: {
        "netuid": d["netuid"], "destination": d["destination"], "hotkey": d["hotkey"], "owner": d["owner"],
        "incentive": d["incentive"]}),
    "subtensor.EpochTriggered": ("SubtensorModule.EpochTriggered",
                                 lambda d: {"netuid": d["netuid"], "by": d["by"], "fires_at": d["fires_at"]}),
    # key swaps (node.runtime.swap_hotkey / swap_coldkey): the same field names as the metadata's
    **{f"subtensor.{name}": (f"SubtensorModule.{name}", dict) for name in (
        "HotkeySwapped", "HotkeySwappedOnSubnet", "ColdkeySwapAnnounced", "ColdkeySwapped", "ColdkeySwapCleared",
        "ColdkeySwapDisputed", "ColdkeySwapReset")},
    "subtensor.SubnetOwnerHotkeySet": ("SubtensorModule.SubnetOwnerHotkeySet", _positional("netuid", "hotkey")),
    "subtensor.AlphaBurned": ("SubtensorModule.AlphaBurned", _positional("coldkey", "hotkey", "alpha", "netuid")),
    "subtensor.AddStakeBurn": ("SubtensorModule.AddStakeBurn",
                               lambda d: {"netuid": d["netuid"], "hotkey": d["hotkey"], "amount": d["amount"], "alpha": d["alpha"]}),
    "sudo.Sudid": ("Sudo.Sudid", _sudid),
    # node.runtime.proxy: the metadata's field names; ProxyExecuted carries the inner call's result
    "proxy.ProxyExecuted": ("Proxy.ProxyExecuted", lambda d: {
        "result": {"Ok": ()} if d.get("success") else {"Err": dispatch_error(d.get("error", ""))}}),
    **{f"proxy.{name}": (f"Proxy.{name}", dict) for name in (
        "PureCreated", "PureKilled", "Announced", "ProxyAdded", "ProxyRemoved")},
    "balances.Reserved": ("Balances.Reserved", lambda d: {"who": d["who"], "amount": d["amount"]}),
    "balances.Unreserved": ("Balances.Unreserved", lambda d: {"who": d["who"], "amount": d["amount"]}),
    "sudo.KeyChanged": ("Sudo.KeyChanged", lambda d: {"old": d.get("old"), "new": d["new"]}),
    # node.runtime.utility (batches of SCALE Utility.batch / batch_all / force_batch)
    "utility.BatchInterrupted": ("Utility.BatchInterrupted",
                                 lambda d: {"index": d["index"], "error": dispatch_error(d["error"])}),
    "utility.BatchCompleted": ("Utility.BatchCompleted", lambda d: {}),
    "utility.BatchCompletedWithErrors": ("Utility.BatchCompletedWithErrors", lambda d: {}),
    "utility.ItemCompleted": ("Utility.ItemCompleted", lambda d: {}),
    "utility.ItemFailed": ("Utility.ItemFailed", lambda d: {"error": dispatch_error(d["error"])}),
}


def dispatch_error(taonet_error_name: str) -> Any:
    """The runtime's `DispatchError` for a taonet error name (the value `encode` takes)."""
    prefix, _, name = str(taonet_error_name).partition(".")
    if prefix == "system" and name == "BadOrigin":
        return "BadOrigin"
    pallet = PALLETS.get(prefix)
    if pallet and name:
        try:
            index, error = codec().module_error(pallet, name)
        except CodecError:
            return "Other"
        return {"Module": {"index": index, "error": "0x" + bytes([error, 0, 0, 0]).hex()}}
    return "Other"


def _extrinsic_records(index: int, events: list[tuple[str, dict]], tip: int = 0) -> list[EventRecord]:
    out: list[EventRecord] = []
    fee_paid = None
    for name, data in events:
        if name == "transaction_payment.TransactionFeePaid":
            fee_paid = data
            if data["actual_fee"]:  # a free call (weights) withdraws nothing, as Pays::No does
                out.append(EventRecord(index, "Balances.Withdraw", {"who": data["who"], "amount": data["actual_fee"]}))
        elif name in ("system.ExtrinsicSuccess", "system.ExtrinsicFailed"):
            info = dict(DISPATCH_INFO)
            if fee_paid is not None:  # actual_fee includes the tip, as the runtime reports it
                out.append(EventRecord(index, "TransactionPayment.TransactionFeePaid",
                                       {"who": fee_paid["who"], "actual_fee": fee_paid["actual_fee"], "tip": tip}))
                info["pays_fee"] = "Yes" if fee_paid["actual_fee"] else "No"
            if name == "system.ExtrinsicSuccess":
                out.append(EventRecord(index, "System.ExtrinsicSuccess", {"dispatch_info": info}))
            else:
                out.append(EventRecord(index, "System.ExtrinsicFailed", {
                    "dispatch_error": dispatch_error(data.get("error", "")), "dispatch_info": info}))
        elif name == "balances.Endowed":
            out.append(EventRecord(index, "System.NewAccount", {"account": data["account"]}))
            out.append(_record(index, name, data))
        else:
            record = _record(index, name, data)
            if record is not None:
                out.append(record)
    return [r for r in out if r is not None]


def _record(phase: int | str, name: str, data: dict) -> EventRecord | None:
    found = EVENTS.get(name)
    if found is None:
        return None
    real, convert = found
    return EventRecord(phase, real, convert(data))


def convert(events: list[tuple[int | None, str, dict]], tips: dict[int, int] | None = None) -> list[EventRecord]:
    """taonet events of one block, in order -> the runtime's records; `tips`: extrinsic index -> tip."""
    tips = tips or {}
    out: list[EventRecord] = []
    seen_extrinsic = False
    group: list[tuple[str, dict]] = []
    current = -1
    for extrinsic_index, name, data in events:
        if extrinsic_index is None or extrinsic_index != current:
            if group:
                out += _extrinsic_records(current, group, tips.get(current, 0))
            group, current = [], -1
        if extrinsic_index is None:
            record = _record("Finalization" if seen_extrinsic else "Initialization", name, data)
            if record is not None:
                out.append(record)
            continue
        seen_extrinsic = True
        current = extrinsic_index
        group.append((name, data))
    if group:
        out += _extrinsic_records(current, group, tips.get(current, 0))
    return out


def records(chain: Any, block_number: int) -> list[EventRecord]:
    """`System.Events` of block `block_number` (empty for a block the chain does not have)."""
    rows = chain.reader.events(block_number)
    tips = {i: int(e["extrinsic"].get("tip", 0)) for i, e in enumerate(chain.reader.extrinsics(block_number))
            if isinstance(e["extrinsic"], dict)} if rows else {}
    return convert([(r["extrinsic_index"], r["name"], r["data"]) for r in rows], tips)

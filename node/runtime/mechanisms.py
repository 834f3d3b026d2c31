"""Sub-mechanisms on chain: the count and the emission split of a subnet, per-mechanism rows, and
the owner's calls that set them (the chain's `subnets/mechanism.rs` and admin-utils).  # README "Sub-mechanisms"

Storage (all covered by the state root):
- `mechanism_count:{netuid}` (storage value; absent = 1) — MechanismCountCurrent;
- `mechanism_split:{netuid}` (storage value; absent = even) — MechanismEmissionSplit, u16 parts;
- `mechanism_rl:{netuid}` (storage value) — {"count": block, "split": block} of the owner's last change;
- mechanism m ≥ 1 keeps its rows under the index i = m·4096 + netuid (consensus.mechanisms):
  `weights` / `bonds` key f"{i}:{uid:05d}", `weight_commits` key f"{i}:{hotkey}", and
  `mechanism_neurons` key f"{i}:{uid:05d}" = (last_update, incentive). Mechanism 0 is the subnet's
  own rows (neurons.last_update, neuron_epoch.incentive). A uid with no `mechanism_neurons` row
  counts as last updated at its registration block (the chain sets LastUpdate of every mechanism
  at registration).

Calls: `admin_utils.set_mechanism_count(netuid, mechanism_count)` and
`admin_utils.set_mechanism_emission_split(netuid, maybe_split)`: the subnet owner (rate limited,
`mechanism_count_rate_limit` / `mechanism_emission_rate_limit` blocks, 7200 as the chain) or root.
A new count resets the split to even; a lower one clears the dropped mechanisms' rows.
"""
from __future__ import annotations

from typing import Any

from consensus import mechanisms as cm
from node.runtime import economy as eco
from node.runtime.dispatch import ROOT, Context, DispatchError, register
from node.runtime.types import ArgumentError, Field, u64

MAX_COUNT_SETTING = "max_mechanism_count"
RATE_LIMITS = {"count": "mechanism_count_rate_limit", "split": "mechanism_emission_rate_limit"}


def count(state: Any, netuid: int) -> int:
    return int(state.get_value(f"mechanism_count:{netuid}", 1))


def split(state: Any, netuid: int) -> list[int] | None:
    return state.get_value(f"mechanism_split:{netuid}")


def row_key(netuid: int, mecid: int, uid: int) -> str:
    return f"{cm.storage_index(netuid, mecid)}:{uid:05d}"


def ensure_exists(state: Any, netuid: int, mecid: int) -> None:
    have = count(state, netuid)
    if mecid >= have:
        raise DispatchError("subtensor.MechanismDoesNotExist",
                            f"subnet {netuid} has {have} mechanism{'s' if have != 1 else ''} (ids 0..{have - 1}), "
                            f"not mechanism {mecid}")


def last_update(state: Any, netuid: int, mecid: int, uid: int, neuron: tuple) -> int:
    """The block of the uid's last weights on this mechanism (see the module docstring)."""
    if mecid == 0:
        return neuron[3]
    row = state.get("mechanism_neurons", row_key(netuid, mecid, uid))
    return neuron[2] if row is None else row[0]


def set_last_update(state: Any, netuid: int, mecid: int, uid: int, block: int) -> None:
    key = row_key(netuid, mecid, uid)
    row = state.get("mechanism_neurons", key)
    state.put("mechanism_neurons", key, (block, row[1] if row else 0))


def incentive(state: Any, netuid: int, mecid: int, uid: int) -> int:
    if mecid == 0:
        row = state.get("neuron_epoch", f"{netuid}:{uid:05d}")
        return row[3] if row else 0
    row = state.get("mechanism_neurons", row_key(netuid, mecid, uid))
    return row[1] if row else 0


def set_incentive(state: Any, netuid: int, mecid: int, uid: int, value: int, neuron: tuple) -> None:
    key = row_key(netuid, mecid, uid)
    row = state.get("mechanism_neurons", key)
    new = (row[0] if row else neuron[2], value)
    if row != new:
        state.put("mechanism_neurons", key, new)


def clear_mechanism(state: Any, netuid: int, mecid: int, uids: range, hotkeys: list[str]) -> None:
    """Drop a mechanism's rows: weights, bonds, per-uid rows and weight commits."""
    for uid in uids:
        for table in ("weights", "bonds", "mechanism_neurons"):
            key = row_key(netuid, mecid, uid)
            if state.get(table, key) is not None:
                state.put(table, key, None)
    index = cm.storage_index(netuid, mecid)
    for hotkey in hotkeys:
        if state.get("weight_commits", f"{index}:{hotkey}") is not None:
            state.put("weight_commits", f"{index}:{hotkey}", None)


def clear_uid(state: Any, netuid: int, uid: int, old_hotkey: str | None) -> None:
    """A uid was replaced: drop its rows on every mechanism ≥ 1 (node.runtime.weights does 0)."""
    for mecid in range(1, count(state, netuid)):
        clear_mechanism(state, netuid, mecid, range(uid, uid + 1), [old_hotkey] if old_hotkey else [])


# -- the owner's calls ----------------------------------------------------------------------------
def _owner_checks(ctx: Context, netuid: int, kind: str) -> eco.Subnet:
    """ensure_sn_owner_or_root_with_limits: the owner coldkey (rate limited per kind) or root."""
    s = eco.subnet(ctx.state, netuid)
    if s is None or netuid == eco.ROOT_NETUID:
        raise DispatchError("subtensor.MechanismDoesNotExist", f"subnet {netuid} does not exist")
    if ctx.origin == ROOT:
        return s
    if ctx.signer() != s.owner_coldkey:
        raise DispatchError("subtensor.NotSubnetOwner", f"only subnet {netuid}'s owner ({s.owner_coldkey}) may do this")
    last = ctx.state.get_value(f"mechanism_rl:{netuid}", {}).get(kind, 0)
    limit = eco.setting(ctx.state, RATE_LIMITS[kind])
    if last and ctx.block_number - last < limit:
        raise DispatchError("subtensor.TxRateLimitExceeded",
                            f"the mechanism {kind} of subnet {netuid} was last changed at block {last}; the owner may "
                            f"change it again from block {last + limit}")
    return s


def _record(ctx: Context, netuid: int, kind: str) -> None:
    if ctx.origin != ROOT:
        ctx.state.put_value(f"mechanism_rl:{netuid}", {**ctx.state.get_value(f"mechanism_rl:{netuid}", {}),
                                                       kind: ctx.block_number})


def mechanism_id(value: Any, name: str) -> int:
    if type(value) is not int or not 0 <= value <= 255:
        raise ArgumentError(f"{name} must be a mechanism id (an integer 0..255), got {value!r}")
    return value


def maybe_split(value: Any, name: str) -> list[int] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > 256 or \
            any(type(v) is not int or not 0 <= v <= cm.U16_MAX for v in value):
        raise ArgumentError(f"{name} must be null or a list of u16 integers (0..65535)")
    return value


@register("admin_utils.set_mechanism_count", netuid=Field(u64), mechanism_count=Field(mechanism_id))
def set_mechanism_count(ctx: Context, netuid: int, mechanism_count: int) -> None:
    """Set how many mechanisms the subnet runs (sudo_set_mechanism_count)."""
    state = ctx.state
    s = _owner_checks(ctx, netuid, "count")
    problem = cm.count_problem(mechanism_count, eco.setting(state, MAX_COUNT_SETTING),
                               eco.param(state, netuid, "max_allowed_uids"))
    if problem:
        name = "subtensor.TooManyUIDsPerMechanism" if "TooManyUIDs" in problem else "subtensor.InvalidValue"
        raise DispatchError(name, f"subnet {netuid}: {problem}")
    old = count(state, netuid)
    if old != mechanism_count:
        hotkeys = [state.get("neurons", f"{netuid}:{u:05d}")[0] for u in range(s.neurons)]
        for mecid in range(mechanism_count, old):
            clear_mechanism(state, netuid, mecid, range(s.neurons), hotkeys)
        state.put_value(f"mechanism_count:{netuid}", mechanism_count)
        if split(state, netuid) is not None:
            state.put("storage", f"mechanism_split:{netuid}", None)
    _record(ctx, netuid, "count")
    ctx.emit("admin_utils.MechanismCountSet", netuid=netuid, mechanism_count=mechanism_count)


@register("admin_utils.set_mechanism_emission_split", netuid=Field(u64), maybe_split=Field(maybe_split, None))
def set_mechanism_emission_split(ctx: Context, netuid: int, maybe_split: list[int] | None) -> None:
    """Set (or with null, reset to even) the emission split across the subnet's mechanisms."""
    state = ctx.state
    _owner_checks(ctx, netuid, "split")
    if maybe_split is not None:
        problem = cm.split_problem(maybe_split, count(state, netuid))
        if problem:
            raise DispatchError("subtensor.InvalidValue", f"subnet {netuid}: {problem}")
    if maybe_split is None:
        state.put("storage", f"mechanism_split:{netuid}", None)
    else:
        state.put_value(f"mechanism_split:{netuid}", maybe_split)
    _record(ctx, netuid, "split")
    ctx.emit("admin_utils.MechanismEmissionSplitSet", netuid=netuid, split=maybe_split)

"""trim_to_max_allowed_uids: a subnet owner (or root) lowers MaxAllowedUids and drops the uids above it.

The chain's rules (AdminUtils.sudo_trim_to_max_allowed_uids and `trim_to_max_allowed_uids`, spec
461), restated:
- the subnet owner, at most once per MaxUidsTrimmingRateLimit (30 days of blocks), or root (no limit);
  both only outside the admin freeze window (no trigger pending, the automatic epoch ≥ 10 blocks away);
- MinAllowedUids ≤ max_n ≤ MaxAllowedUids, else `InvalidValue`; MaxAllowedUids becomes max_n;
- with more than max_n neurons: the immune ones (the owner's immune uids, ImmuneOwnerUidsLimit of
  them, and those registered within ImmunityPeriod) are kept and must be under 80% of max_n
  (`Percent::from_rational`, rounded to the nearest percent); the others are dropped lowest
  emission first (ties: the higher uid first) until max_n remain;
- a dropped hotkey loses its uid, its axon, its weights and bonds rows and its place in every other
  validator's weights and bonds (its stake stays with the hotkey);
- the kept uids are compacted to 0..max_n-1 in their old order, with their rows (neuron, epoch
  outputs, weights, bonds, per-mechanism rows) and every weight and bond target renumbered.
"""
from __future__ import annotations

import json
from typing import Any

from consensus import mechanisms as cm
from consensus import params as hp
from consensus import registration as reg
from node.runtime import economy as eco
from node.runtime import mechanisms, weights
from node.runtime.dispatch import ROOT, Context, DispatchError, register
from node.runtime.economy import neuron_key
from node.runtime.subnets import _owner_immortal
from node.runtime.tempo_control import blocks_until_next_auto_epoch
from node.runtime.types import Field, u64

TRIM_KEY = "trim_to_max_allowed_uids"  # the owner's last trim, kept with the hyperparameters' last_set blocks
MAX_UIDS_TRIMMING_RATE_LIMIT = 30 * hp.BLOCKS_PER_DAY
MAX_IMMUNE_PERCENT = 80


def percent_of(part: int, whole: int) -> int:
    """Percent::from_rational(part, whole): part/whole in whole percent, nearest (a tie rounds down), at most 100."""
    if whole == 0 or part >= whole:
        return 100
    q, r = divmod(part * 100, whole)
    return q + (1 if 2 * r > whole else 0)


def in_admin_freeze_window(s: eco.Subnet, tempo: int, block: int) -> bool:
    """A trigger pending, or the automatic epoch fewer than AdminFreezeWindow blocks away."""
    if tempo == 0:
        return False
    if s.pending_epoch_at > block:
        return True
    remaining = blocks_until_next_auto_epoch(tempo, s.last_epoch_block, block)
    return remaining is not None and remaining < hp.ADMIN_FREEZE_WINDOW


def trim_order(emission: list[int], keep: set[int], max_n: int) -> list[int]:
    """The uids that stay, ascending: drop the lowest emission first (the chain's stable sort by
    emission descending, scanned from its end), never a uid in `keep`, until max_n remain."""
    ranked = sorted(range(len(emission)), key=lambda uid: -emission[uid])
    left, dropped = len(emission), set()
    for uid in reversed(ranked):
        if left == max_n:
            break
        if uid in keep:
            continue
        dropped.add(uid)
        left -= 1
    return [uid for uid in range(len(emission)) if uid not in dropped]


@register("admin_utils.trim_to_max_allowed_uids", netuid=Field(u64), max_n=Field(u64))
def trim_to_max_allowed_uids(ctx: Context, netuid: int, max_n: int) -> None:
    state, now = ctx.state, ctx.block_number
    s = eco.require_subnet(state, netuid)
    is_root = ctx.origin == ROOT
    if not is_root and (netuid == eco.ROOT_NETUID or ctx.signer() != s.owner_coldkey):
        raise DispatchError("subtensor.NotSubnetOwner", f"only subnet {netuid}'s owner ({s.owner_coldkey}) or root may trim it")
    values, changed = eco.params(state, netuid), eco.last_set(state, netuid)
    last = changed.get(TRIM_KEY)
    if not is_root and last is not None and now - last < MAX_UIDS_TRIMMING_RATE_LIMIT:
        raise DispatchError("subtensor.TxRateLimitExceeded",
                            f"subnet {netuid} was trimmed at block {last}; its owner may trim it again from block "
                            f"{last + MAX_UIDS_TRIMMING_RATE_LIMIT}")
    if in_admin_freeze_window(s, values["tempo"], now):
        raise DispatchError("subtensor.AdminActionProhibitedDuringWeightsWindow",
                            f"subnet {netuid} is in its admin freeze window (an epoch within {hp.ADMIN_FREEZE_WINDOW} "
                            "blocks or a triggered one pending): try again after its epoch")
    low, high = values["min_allowed_uids"], values["max_allowed_uids"]
    if not low <= max_n <= high:
        raise DispatchError("subtensor.InvalidValue", f"max_n must be in [{low}, {high}] (min_allowed_uids, "
                                                      f"max_allowed_uids) on subnet {netuid}, got {max_n}")
    values["max_allowed_uids"] = max_n
    if not is_root:
        changed[TRIM_KEY] = now
    eco.save_params(state, netuid, values, changed)
    if s.neurons > max_n:
        _trim(ctx, s, values, max_n)
    ctx.emit("admin_utils.UidsTrimmed", netuid=netuid, max_n=max_n, neurons=s.neurons)


def _trim(ctx: Context, s: eco.Subnet, values: dict[str, Any], max_n: int) -> None:
    state, netuid, now = ctx.state, s.netuid, ctx.block_number
    rows = [state.get("neurons", neuron_key(netuid, u)) for u in range(s.neurons)]
    immune = set(_owner_immortal(state, s, rows)) | {
        u for u, r in enumerate(rows) if reg.is_immune(r[2], now, values["immunity_period"])}
    if percent_of(len(immune), max_n) >= MAX_IMMUNE_PERCENT:
        raise DispatchError("subtensor.TrimmingWouldExceedMaxImmunePercentage",
                            f"{len(immune)} of subnet {netuid}'s uids are immune: at least {MAX_IMMUNE_PERCENT}% of "
                            f"{max_n}; trim to more uids")
    kept = trim_order([r[4] for r in rows], immune, max_n)
    new_uid = {old: new for new, old in enumerate(kept)}
    for old, row in enumerate(rows):
        if old not in new_uid:
            state.put("uids", f"{netuid}:{row[0]}", None)
            state.put("neurons", neuron_key(netuid, old), None)
            weights.clear_uid(state, netuid, old, row[0])
            ctx.emit("subtensor.NeuronDeregistered", netuid=netuid, uid=old, hotkey=row[0])
    indices = [cm.storage_index(netuid, m) for m in range(mechanisms.count(state, netuid))]
    moved: dict[tuple[str, str], Any] = {}
    for old, new in new_uid.items():
        keys = [("neurons", neuron_key(netuid, old)), ("neuron_epoch", neuron_key(netuid, old))]
        keys += [(t, f"{i}:{old:05d}") for i in indices for t in ("weights", "bonds")]
        keys += [("mechanism_neurons", f"{i}:{old:05d}") for i in indices[1:]]
        for table, key in keys:
            value = state.get(table, key)
            if value is None:
                continue
            if table in ("weights", "bonds"):
                remapped = [[new_uid[t], v] for t, v in json.loads(value[0]) if t in new_uid]
                value = (weights.encode_row(remapped),) if remapped else None
            state.put(table, key, None)
            moved[(table, key.rsplit(":", 1)[0] + f":{new:05d}")] = value
        state.put("uids", f"{netuid}:{rows[old][0]}", (new,))
    for (table, key), value in moved.items():
        if value is not None:
            state.put(table, key, value)
    s.neurons = len(kept)
    eco.save_subnet(state, s)

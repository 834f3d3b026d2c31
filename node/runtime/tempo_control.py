"""trigger_epoch: a subnet owner schedules the subnet's next epoch early.

The chain's rules (subtensor `do_trigger_epoch`, SubtensorModule.trigger_epoch, spec 461), restated:
- only the subnet's owner coldkey (not root);
- refused while commit-reveal is on (a triggered epoch would break the reveal schedule:
  `DynamicTempoBlockedByCommitReveal`);
- refused while a trigger is pending (`PendingEpochAt` ≠ 0: `EpochTriggerAlreadyPending`);
- refused when the next automatic epoch (LastEpochBlock + tempo) is fewer than AdminFreezeWindow
  (10) blocks away (`AutoEpochAlreadyImminent`);
- rate limited as an owner hyperparameter update: once per `owner_hparam_rate_limit` tempos;
- the epoch fires AdminFreezeWindow blocks later: `PendingEpochAt = now + 10`, which the scheduler
  (node.runtime.coinbase) honours like a deferred epoch, and the epoch resets the cycle
  (LastEpochBlock = that block). Event `EpochTriggered{netuid, by, fires_at}`.
"""
from __future__ import annotations

from consensus import params as hp
from node.runtime import economy as eco
from node.runtime.dispatch import Context, DispatchError, register
from node.runtime.types import Field, u64

TRIGGER_KEY = "trigger_epoch"  # the owner's last trigger, kept with the hyperparameters' last_set blocks


def blocks_until_next_auto_epoch(tempo: int, last_epoch_block: int, block: int) -> int | None:
    """LastEpochBlock + tempo − block, floored at 0; None when tempo is 0 (the subnet never runs)."""
    if tempo == 0:
        return None
    return max(last_epoch_block + tempo - block, 0)


@register("subtensor.trigger_epoch", netuid=Field(u64))
def trigger_epoch(ctx: Context, netuid: int) -> None:
    state, now = ctx.state, ctx.block_number
    s = eco.require_subnet(state, netuid)
    who = ctx.signer()
    if netuid == eco.ROOT_NETUID or who != s.owner_coldkey:
        raise DispatchError("subtensor.NotSubnetOwner", f"only subnet {netuid}'s owner ({s.owner_coldkey}) may trigger its epoch")
    values, changed = eco.params(state, netuid), eco.last_set(state, netuid)
    if values.get("commit_reveal_weights_enabled", True):
        raise DispatchError("subtensor.DynamicTempoBlockedByCommitReveal",
                            f"subnet {netuid} has commit-reveal on; turn it off first (`btcli sudo set --netuid {netuid} "
                            "--param commit_reveal_weights_enabled --value false`)")
    if s.pending_epoch_at:
        raise DispatchError("subtensor.EpochTriggerAlreadyPending",
                            f"an epoch of subnet {netuid} is already scheduled for block {s.pending_epoch_at}")
    window = hp.ADMIN_FREEZE_WINDOW
    remaining = blocks_until_next_auto_epoch(values.get("tempo", 360), s.last_epoch_block, now)
    if remaining is not None and remaining < window:
        raise DispatchError("subtensor.AutoEpochAlreadyImminent",
                            f"subnet {netuid}'s next epoch is {remaining} blocks away (under {window}): it needs no trigger")
    wait = values.get("owner_hparam_rate_limit", 2) * values.get("tempo", 360)
    last = changed.get(TRIGGER_KEY)
    if last is not None and now - last < wait:
        raise DispatchError("subtensor.TxRateLimitExceeded",
                            f"subnet {netuid}'s epoch was triggered at block {last}; the owner may trigger it again "
                            f"from block {last + wait}")
    changed[TRIGGER_KEY] = now
    s.pending_epoch_at = now + window
    eco.save_params(state, netuid, values, changed)
    eco.save_subnet(state, s)
    ctx.emit("subtensor.EpochTriggered", netuid=netuid, by=who, fires_at=s.pending_epoch_at)

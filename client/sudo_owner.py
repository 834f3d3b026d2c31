"""A subnet owner's sudo commands before signing: trigger an epoch, trim the uids, stake and burn.

Each check is a small function over what the node said (taonet_subnetInfo's summary and hyperparameter
rows, the metagraph), in the chain's own order, returning a `client.preflight.Problem` — one line
saying what is wrong and what to do — or None; `preflight.refuse` raises the first. A value the
subtensor backend cannot read (None) is left for the chain to check.
"""
from __future__ import annotations

from typing import Any

from client.preflight import Problem

ADMIN_FREEZE_WINDOW = 10  # blocks: a triggered epoch fires this much later (the chain's AdminFreezeWindow)


def raw_values(info: dict[str, Any]) -> dict[str, Any]:
    """name -> stored value of taonet_subnetInfo's hyperparameter rows."""
    return {r["name"]: r["raw"] for r in info.get("hyperparameters") or []}


def not_owner(info: dict[str, Any], coldkey: str, what: str) -> Problem | None:
    if info.get("owner_coldkey") == coldkey and info.get("netuid") != 0:
        return None
    return Problem("subtensor.NotSubnetOwner",
                   f"the wallet's coldkey {coldkey} does not own subnet {info.get('netuid')} (its owner is "
                   f"{info.get('owner_coldkey')}); only the owner may {what}")


def trigger_blocked(info: dict[str, Any], coldkey: str, head: int) -> Problem | None:
    """trigger_epoch would fail (node.runtime.tempo_control's rules): not the owner, commit-reveal on,
    a trigger pending, the automatic epoch under ADMIN_FREEZE_WINDOW blocks away, the owner's rate limit."""
    netuid = info["netuid"]
    values = raw_values(info)
    now = head + 1
    if (problem := not_owner(info, coldkey, "trigger its epoch")) is not None:
        return problem
    if values.get("commit_reveal_weights_enabled"):
        return Problem("subtensor.DynamicTempoBlockedByCommitReveal",
                       f"subnet {netuid} has commit-reveal on, and a triggered epoch would break its reveals: turn it "
                       f"off first (`btcli sudo set --netuid {netuid} --param commit_reveal_weights_enabled --value false`)")
    if info.get("pending_epoch_at"):
        return Problem("subtensor.EpochTriggerAlreadyPending",
                       f"an epoch of subnet {netuid} is already scheduled for block {info['pending_epoch_at']}")
    tempo, last = values.get("tempo", info.get("tempo")), info.get("last_epoch_block")
    if tempo and last is not None:
        remaining = max(int(last) + int(tempo) - now, 0)
        if remaining < ADMIN_FREEZE_WINDOW:
            return Problem("subtensor.AutoEpochAlreadyImminent",
                           f"subnet {netuid}'s next epoch is {remaining} blocks away (under {ADMIN_FREEZE_WINDOW}), "
                           "sooner than a trigger would fire: no trigger needed")
    last_trigger = info.get("last_epoch_trigger")
    if last_trigger is not None and tempo:
        wait = int(values.get("owner_hparam_rate_limit", 2)) * int(tempo)
        if now - last_trigger < wait:
            return Problem("subtensor.TxRateLimitExceeded",
                           f"subnet {netuid}'s epoch was triggered at block {last_trigger}; its owner may trigger it "
                           f"again from block {last_trigger + wait} (now {head})")
    return None

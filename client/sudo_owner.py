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


# -- trim ----------------------------------------------------------------------------------------
MAX_IMMUNE_PERCENT = 80
TRIM_RATE_LIMIT = 30 * 7200  # blocks between two trims by the owner (the chain's MaxUidsTrimmingRateLimit)


def percent_of(part: int, whole: int) -> int:
    """Percent::from_rational: part/whole in whole percent, nearest (a tie rounds down), at most 100."""
    if whole == 0 or part >= whole:
        return 100
    q, r = divmod(part * 100, whole)
    return q + (1 if 2 * r > whole else 0)


def trim_preview(mg: dict[str, Any], owner_coldkey: str, owner_hotkey: str, limit: int, max_n: int) -> dict[str, Any]:
    """What trimming the metagraph `mg` (taonet_metagraph) to max_n uids does in the next block:
    {"immune": [uid…], "dropped": [uid…]} — immune: the owner's immune uids (its hotkey's, then up to
    `limit` other uids of its coldkey, earliest registered first) and those within the immunity period;
    dropped: the lowest emission first (ties: the higher uid), never an immune one, until max_n remain."""
    n = int(mg["n"])
    now = int(mg.get("head") or mg.get("block") or 0) + 1
    immunity = int((mg.get("hyperparameters") or {}).get("immunity_period", 0) or 0)
    hotkeys, coldkeys = mg["hotkeys"], mg["coldkeys"]
    registered = mg["registered_at"]
    owner = [u for u in range(n) if hotkeys[u] == owner_hotkey]
    others = sorted((registered[u], u) for u in range(n) if coldkeys[u] == owner_coldkey and hotkeys[u] != owner_hotkey)
    immune = set(owner) | {u for _, u in others[:limit]} | {u for u in range(n) if now - registered[u] < immunity}
    ranked = sorted(range(n), key=lambda u: -int(mg["emission"][u]))
    left, dropped = n, []
    for uid in reversed(ranked):
        if left <= max_n:
            break
        if uid not in immune:
            dropped.append(uid)
            left -= 1
    return {"immune": sorted(immune), "dropped": sorted(dropped)}


def trim_blocked(info: dict[str, Any], coldkey: str, sudo_key: str | None, max_n: int, immune: int | None) -> Problem | None:
    """trim_to_max_allowed_uids would fail (node.runtime.trim's rules): neither the owner nor the sudo
    key, the owner's rate limit, the admin freeze window, max_n outside [min_allowed_uids,
    max_allowed_uids], or `immune` uids at least 80% of max_n."""
    netuid, values, now = info["netuid"], raw_values(info), int(info["head"]) + 1
    as_sudo = coldkey == sudo_key and coldkey != info.get("owner_coldkey")
    if not as_sudo and (problem := not_owner(info, coldkey, "trim its uids")) is not None:
        return problem
    last = info.get("last_trim")
    if not as_sudo and last is not None and now - last < TRIM_RATE_LIMIT:
        return Problem("subtensor.TxRateLimitExceeded",
                       f"subnet {netuid} was trimmed at block {last}; its owner may trim it again from block "
                       f"{last + TRIM_RATE_LIMIT} (now {now - 1})")
    tempo, last_epoch = values.get("tempo", info.get("tempo")), info.get("last_epoch_block")
    pending = info.get("pending_epoch_at") or 0
    if tempo and last_epoch is not None and (pending > now or int(last_epoch) + int(tempo) - now < ADMIN_FREEZE_WINDOW):
        return Problem("subtensor.AdminActionProhibitedDuringWeightsWindow",
                       f"subnet {netuid} is in its admin freeze window (its epoch is under {ADMIN_FREEZE_WINDOW} blocks "
                       "away, or a triggered one is pending): try again after the epoch")
    low, high = values.get("min_allowed_uids"), values.get("max_allowed_uids")
    if low is not None and high is not None and not int(low) <= max_n <= int(high):
        return Problem("subtensor.InvalidValue",
                       f"--max must be in [{low}, {high}] on subnet {netuid} (min_allowed_uids, max_allowed_uids), got {max_n}")
    neurons = info.get("neurons")
    if immune is not None and neurons is not None and neurons > max_n and percent_of(immune, max_n) >= MAX_IMMUNE_PERCENT:
        return Problem("subtensor.TrimmingWouldExceedMaxImmunePercentage",
                       f"{immune} of subnet {netuid}'s uids are immune, {MAX_IMMUNE_PERCENT}% or more of {max_n}: "
                       "trim to more uids, or wait for their immunity to end")
    return None


# -- stake-burn (buyback) ------------------------------------------------------------------------
def burn_blocked(info: dict[str, Any], coldkey: str, head: int) -> Problem | None:
    """add_stake_burn would fail before its stake (node.runtime.stake_burn): not the owner, or the
    once-per-tempo limit (known on a taonet node from its last change)."""
    if (problem := not_owner(info, coldkey, "buy back (stake and burn) its alpha")) is not None:
        return problem
    last = (info.get("last_owner_changes") or {}).get("add_stake_burn")
    tempo = raw_values(info).get("tempo", info.get("tempo"))
    if last is not None and tempo and head + 1 - last < int(tempo):
        return Problem("subtensor.AddStakeBurnRateLimitExceeded",
                       f"subnet {info['netuid']} bought back at block {last}; its owner may again from block "
                       f"{last + int(tempo)} (once per tempo, now {head})")
    return None


def burn_preview(rpc: Any, info: dict[str, Any], coldkey: str, hotkey: str, amount: int, safety: Any) -> Any:
    """The stake half of add_stake_burn as client.stake_preview previews it (no partial fill: the call
    has none), refused first by burn_blocked; its fee and balance checked for add_stake_burn itself."""
    from client import stake_preview as sp

    item = sp.preview_add(rpc, coldkey, hotkey, info["netuid"], amount, sp.Safety(safety.safe, safety.tolerance, False))
    problem = burn_blocked(info, coldkey, int(info["head"]))
    if problem is not None:
        item.refuse(problem.message)
    if not item.ok:
        return item
    free = rpc.account(coldkey).free.rao
    item.tx_fee = rpc.estimate_fee(coldkey, *burn_call(item)).rao
    if free < amount + item.tx_fee:
        item.refuse(f"balance too low: {coldkey} holds {sp.tao(free)} free, {sp.tao(amount)} + fee "
                    f"{sp.tao(item.tx_fee)} needed: buy back at most {sp.tao(max(free - item.tx_fee, 0))}")
    return item


def burn_call(item: Any) -> tuple[str, dict[str, Any]]:
    """add_stake_burn of a previewed stake: its TAO, hotkey, subnet and limit (None without safe staking)."""
    return "subtensor.add_stake_burn", {"hotkey": item.hotkey, "netuid": item.netuid, "amount": item.amount,
                                        "limit": item.limit}

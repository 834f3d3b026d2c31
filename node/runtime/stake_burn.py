"""add_stake_burn: a subnet owner's buyback — stake TAO into the subnet's pool and burn the alpha bought.

The chain's rules (SubtensorModule.add_stake_burn, spec 461), restated:
- only the subnet's owner coldkey (`NotSubnetOwner`), at most once per tempo blocks per subnet
  (`AddStakeBurnRateLimitExceeded`);
- the stake is `add_stake` (no limit) or `add_stake_limit` with `limit` and no partial fill (so a
  price past the limit fails with `SlippageTooHigh`), with all of add_stake's checks (started subnet,
  registered hotkey, minimum stake, balance), to `hotkey`;
- the alpha bought is then burned from that stake (`burn_alpha`: not on root, capped at the stake):
  the stake shrinks, the alpha stays counted in SubnetAlphaOut (tallied as burned, see
  node.runtime.epoch.add_burned_alpha), the TAO stays in the pool (its price rises);
- all or nothing; events `AlphaBurned(coldkey, hotkey, alpha, netuid)` and
  `AddStakeBurn{netuid, hotkey, amount, alpha}`.
"""
from __future__ import annotations

from typing import Any

from node.runtime import economy as eco
from node.runtime import staking
from node.runtime.dispatch import Context, DispatchError, register
from node.runtime.epoch import add_burned_alpha
from node.runtime.types import ArgumentError, Field, address, u64

BURN_KEY = "add_stake_burn"  # the subnet's last buyback, kept with the hyperparameters' last_set blocks


def optional_u64(value: Any, name: str) -> int | None:
    if value is None:
        return None
    try:
        return u64(value, name)
    except ArgumentError:
        raise ArgumentError(f"{name} must be a u64 limit price or null, got {value!r}") from None


@register("subtensor.add_stake_burn", hotkey=Field(address), netuid=Field(u64), amount=Field(u64),
          limit=Field(optional_u64, None))
def add_stake_burn(ctx: Context, hotkey: str, netuid: int, amount: int, limit: int | None) -> None:
    state, now = ctx.state, ctx.block_number
    s = eco.require_subnet(state, netuid)
    coldkey = ctx.signer()
    if netuid == eco.ROOT_NETUID or coldkey != s.owner_coldkey:
        raise DispatchError("subtensor.NotSubnetOwner", f"only subnet {netuid}'s owner ({s.owner_coldkey}) may buy back its alpha")
    values, changed = eco.params(state, netuid), eco.last_set(state, netuid)
    tempo = values.get("tempo", 360)
    last = changed.get(BURN_KEY)
    if last is not None and now - last < tempo:
        raise DispatchError("subtensor.AddStakeBurnRateLimitExceeded",
                            f"subnet {netuid} bought back at block {last}; its owner may again from block {last + tempo}")
    mark = len(ctx.events)
    staking.add_stake(ctx, hotkey, netuid, amount, limit, False)
    bought = next(d["alpha"] for _, n, d in ctx.events[mark:] if n == "subtensor.StakeAdded")
    burned = min(bought, staking.stake_alpha(state, coldkey, hotkey, netuid))
    s = eco.require_subnet(state, netuid)  # add_stake saved the pool
    if s.alpha_out < burned:
        raise DispatchError("subtensor.InsufficientLiquidity", f"subnet {netuid} has less alpha outstanding than {burned}")
    staking.debit_stake(state, coldkey, hotkey, netuid, burned)
    add_burned_alpha(state, netuid, burned)
    changed[BURN_KEY] = now
    eco.save_params(state, netuid, values, changed)
    ctx.emit("subtensor.AlphaBurned", coldkey=coldkey, hotkey=hotkey, alpha=burned, netuid=netuid)
    ctx.emit("subtensor.AddStakeBurn", netuid=netuid, hotkey=hotkey, amount=amount, alpha=bought)

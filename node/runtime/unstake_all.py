"""`unstake_all` and `unstake_all_alpha`: everything a coldkey stakes on one hotkey, in one call, as the
real chain (pallets/subtensor staking/remove_stake.rs do_unstake_all / do_unstake_all_alpha).

* `unstake_all(hotkey)`: on every subnet (root included) where trading has started, the signer's
  whole stake on `hotkey` is sold through the pool with no price limit and the TAO credited to it.
* `unstake_all_alpha(hotkey)`: the same on every subnet but root; the TAO received is then staked
  to `hotkey` on root (the chain stakes it whatever its size: no minimum-stake check there).

The hotkey must exist (`HotKeyAccountNotExists`). A subnet whose sale the chain would refuse is
skipped, not failed; with nothing to unstake the call still succeeds and changes nothing but the
fee (the client refuses to sign it then).
"""
from __future__ import annotations

from node.runtime import balances, staking
from node.runtime import economy as eco
from node.runtime.dispatch import Context, DispatchError, register
from node.runtime.types import Field, address


def _sell_everything(ctx: Context, hotkey: str, root_too: bool) -> int:
    """Sell the signer's stake on `hotkey` on each started subnet; the TAO credited (rao)."""
    coldkey, state = ctx.signer(), ctx.state
    staking.require_hotkey(state, hotkey)
    before = balances.account(state, coldkey)[0]
    for netuid in eco.netuids(state):
        if netuid == eco.ROOT_NETUID and not root_too:
            continue
        s = eco.subnet(state, netuid)
        if s is None or (netuid != eco.ROOT_NETUID and s.first_emission_block == 0):
            continue  # SubtokenEnabled is false: the chain skips the subnet
        held = staking.stake_alpha(state, coldkey, hotkey, netuid)
        if held == 0:
            continue
        try:  # every check of remove_stake comes before its first write
            staking.remove_stake(ctx, hotkey, netuid, held, None, True)
        except DispatchError:
            continue  # the chain's validate_remove_stake failed: this subnet is left as it is
    return balances.account(state, coldkey)[0] - before


@register("subtensor.unstake_all", hotkey=Field(address))
def unstake_all(ctx: Context, hotkey: str) -> None:
    """Sell all of the signer's stake on `hotkey`, every subnet; TAO to the signer."""
    _sell_everything(ctx, hotkey, root_too=True)


@register("subtensor.unstake_all_alpha", hotkey=Field(address))
def unstake_all_alpha(ctx: Context, hotkey: str) -> None:
    """Sell the signer's alpha on `hotkey` on every subnet but root and stake the TAO to it on root."""
    received = _sell_everything(ctx, hotkey, root_too=False)
    if received <= 0:
        return
    coldkey, state = ctx.signer(), ctx.state
    root = eco.require_subnet(state, eco.ROOT_NETUID)
    result = staking.simulate_buy(root, received, eco.setting(state, "fee_rate"))
    eco.withdraw_free(ctx, coldkey, result.amount_in_used, "subtensor.NotEnoughBalanceToStake", "stake")
    staking.apply_buy(ctx, root, result)
    staking.credit_stake(state, coldkey, hotkey, eco.ROOT_NETUID, result.amount_out)
    eco.save_subnet(state, root)
    ctx.emit("subtensor.StakeAdded", coldkey=coldkey, hotkey=hotkey, netuid=eco.ROOT_NETUID, tao=result.amount_in_used,
             alpha=result.amount_out, fee=result.fee, partial=result.partial, price=float(result.price_after))

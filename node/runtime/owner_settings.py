"""A subnet's settings that are not one number: liquid alpha's two bounds together, and the owner hotkey.

The chain's rules (spec 461 AdminUtils), restated:
- `admin_utils.set_alpha_values(netuid, alpha_low, alpha_high)` (sudo_set_alpha_values): the subnet
  owner (once per `owner_hparam_rate_limit` tempos) or root; only while liquid alpha is on
  (`LiquidAlphaDisabled`); alpha_high ≥ 1638 (65535/40, `AlphaHighTooLow`) and
  1638 ≤ alpha_low ≤ alpha_high (`AlphaLowOutOfRange`). The epoch's liquid alpha reads them.
- `admin_utils.set_sn_owner_hotkey(netuid, hotkey)` (sudo_set_sn_owner_hotkey): the subnet owner or
  root, once per 50 400 blocks per subnet (root too: `TxRateLimitExceeded`); the hotkey becomes the
  subnet's owner hotkey — the owner cut is staked to it, its uid is the owner's immune one and it may
  set weights without a permit. Event `SubnetOwnerHotkeySet`.
"""
from __future__ import annotations

from consensus import params as hp
from node.runtime import economy as eco
from node.runtime.dispatch import ROOT, Context, DispatchError, register
from node.runtime.subnets import u16
from node.runtime.types import Field, address, u64

MIN_ALPHA = hp.U16_MAX // 40  # 1638
SN_OWNER_HOTKEY_RATE_LIMIT = 50_400  # DefaultSetSNOwnerHotkeyRateLimit
ALPHA_KEY, OWNER_HOTKEY_KEY = "alpha_values", "sn_owner_hotkey"  # their last change, with the hyperparameters'


def _owner_or_root(ctx: Context, s: eco.Subnet) -> bool:
    """True for root; the subnet owner passes; anyone else is refused."""
    if ctx.origin == ROOT:
        return True
    if s.netuid == eco.ROOT_NETUID or ctx.signer() != s.owner_coldkey:
        raise DispatchError("subtensor.NotSubnetOwner", f"only subnet {s.netuid}'s owner ({s.owner_coldkey}) or root may do this")
    return False


@register("admin_utils.set_alpha_values", netuid=Field(u64), alpha_low=Field(u16), alpha_high=Field(u16))
def set_alpha_values(ctx: Context, netuid: int, alpha_low: int, alpha_high: int) -> None:
    state, now = ctx.state, ctx.block_number
    s = eco.require_subnet(state, netuid)
    is_root = _owner_or_root(ctx, s)
    values, changed = eco.params(state, netuid), eco.last_set(state, netuid)
    if not is_root:
        wait = values.get("owner_hparam_rate_limit", 2) * values.get("tempo", 360)
        last = changed.get(ALPHA_KEY)
        if last is not None and now - last < wait:
            raise DispatchError("admin_utils.RateLimitExceeded",
                                f"alpha_values was set at block {last}; the owner may set them again from block {last + wait}")
        changed[ALPHA_KEY] = now
    if not values.get("liquid_alpha_enabled", False):
        raise DispatchError("subtensor.LiquidAlphaDisabled",
                            f"liquid alpha is off on subnet {netuid}: turn liquid_alpha_enabled on first")
    if alpha_high < MIN_ALPHA:
        raise DispatchError("subtensor.AlphaHighTooLow", f"alpha_high must be at least {MIN_ALPHA} (of 65535), got {alpha_high}")
    if not MIN_ALPHA <= alpha_low <= alpha_high:
        raise DispatchError("subtensor.AlphaLowOutOfRange",
                            f"alpha_low must be in [{MIN_ALPHA}, alpha_high = {alpha_high}] (of 65535), got {alpha_low}")
    values["alpha_low"], values["alpha_high"] = alpha_low, alpha_high
    eco.save_params(state, netuid, values, changed)
    ctx.emit("admin_utils.AlphaValuesSet", netuid=netuid, alpha_low=alpha_low, alpha_high=alpha_high)


@register("admin_utils.set_sn_owner_hotkey", netuid=Field(u64), hotkey=Field(address))
def set_sn_owner_hotkey(ctx: Context, netuid: int, hotkey: str) -> None:
    state, now = ctx.state, ctx.block_number
    s = eco.require_subnet(state, netuid)
    _owner_or_root(ctx, s)
    values, changed = eco.params(state, netuid), eco.last_set(state, netuid)
    last = changed.get(OWNER_HOTKEY_KEY)
    if last is not None and now - last < SN_OWNER_HOTKEY_RATE_LIMIT:
        raise DispatchError("subtensor.TxRateLimitExceeded",
                            f"subnet {netuid}'s owner hotkey was set at block {last}; it may be set again from block "
                            f"{last + SN_OWNER_HOTKEY_RATE_LIMIT}")
    changed[OWNER_HOTKEY_KEY] = now
    s.owner_hotkey = hotkey
    eco.save_params(state, netuid, values, changed)
    eco.save_subnet(state, s)
    ctx.emit("subtensor.SubnetOwnerHotkeySet", netuid=netuid, hotkey=hotkey)

"""Auto-stake destinations: `set_coldkey_auto_stake_hotkey` and where a coldkey's mining
incentive is staked, as the real chain (pallets/subtensor macros/dispatches.rs call 114,
coinbase/run_coinbase.rs).

A coldkey picks, per subnet, a hotkey registered on that subnet (`AutoStakeDestination[coldkey,
netuid]`, table `auto_stake_destination`, key f"{coldkey}:{netuid}"). At each epoch the incentive
of a miner hotkey owned by that coldkey is staked to (destination hotkey, coldkey) on the subnet
instead of (miner hotkey, coldkey), with an `AutoStakeAdded` event; validator dividends and takes
are not redirected (the chain redirects only the incentive). Setting the destination it already
has fails (`SameAutoStakeHotkeyAlreadySet`); there is no call that clears it. The reverse index
`AutoStakeDestinationColdkeys` is derived from the table by the façade, not stored.
"""
from __future__ import annotations

from typing import Any

from node.runtime import economy as eco
from node.runtime.dispatch import Context, DispatchError, register
from node.runtime.types import Field, address, u64

TABLE = "auto_stake_destination"


def destination(state: Any, coldkey: str, netuid: int) -> str | None:
    """The hotkey `coldkey`'s mining incentive on `netuid` is staked to, or None (the miner hotkey)."""
    row = state.get(TABLE, f"{coldkey}:{netuid}")
    return None if row is None else row[0]


@register("subtensor.set_coldkey_auto_stake_hotkey", netuid=Field(u64), hotkey=Field(address))
def set_coldkey_auto_stake_hotkey(ctx: Context, netuid: int, hotkey: str) -> None:
    """Stake the signer's future mining incentive on `netuid` to `hotkey` (registered there)."""
    coldkey = ctx.signer()
    eco.require_subnet(ctx.state, netuid)
    if eco.uid_of(ctx.state, netuid, hotkey) is None:
        raise DispatchError("subtensor.HotKeyNotRegisteredInSubNet",
                            f"hotkey {hotkey} is not registered on subnet {netuid}: pick one of its neurons' hotkeys")
    if destination(ctx.state, coldkey, netuid) == hotkey:
        raise DispatchError("subtensor.SameAutoStakeHotkeyAlreadySet",
                            f"{hotkey} is already the auto-stake destination of {coldkey} on subnet {netuid}")
    ctx.state.put(TABLE, f"{coldkey}:{netuid}", (hotkey,))
    ctx.emit("subtensor.AutoStakeDestinationSet", coldkey=coldkey, netuid=netuid, hotkey=hotkey)

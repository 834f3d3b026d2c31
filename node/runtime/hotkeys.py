"""`try_associate_hotkey`: a coldkey claims a hotkey before registering it anywhere, as the real
chain's `create_account_if_non_existent` (pallets/subtensor staking/account.rs).

The signer becomes the hotkey's owner (`hotkey_owner[hotkey] = (coldkey, block)`) when the hotkey
has no owner yet; a hotkey already owned, by the signer or by anyone else, is left as it is and the
call still succeeds (the chain charges it and changes nothing; the client refuses to sign it then).
No event, as on the chain.
"""
from __future__ import annotations

from node.runtime import staking
from node.runtime.dispatch import Context, register
from node.runtime.types import Field, address


@register("subtensor.try_associate_hotkey", hotkey=Field(address))
def try_associate_hotkey(ctx: Context, hotkey: str) -> None:
    """Make the signer the owner of `hotkey` if it has none."""
    coldkey = ctx.signer()
    if staking.hotkey_owner(ctx.state, hotkey) is None:
        ctx.state.put("hotkey_owner", hotkey, (coldkey, ctx.block_number))

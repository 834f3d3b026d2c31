"""JSON-RPC method of key swaps: the coldkey swap announcements and the swaps' costs and limits.
A thin adapter over node.read_model.swaps."""
from __future__ import annotations

from typing import Any

from node import rpc_params as parse
from node.chain import Chain
from node.read_model import swaps


def taonet_key_swap_status(chain: Chain, coldkey: Any = None) -> dict:
    """{head, key_swap_cost, key_swap_on_subnet_cost, tx_rate_limit, hotkey_swap_on_subnet_interval,
    announcement_delay, reannouncement_delay, [coldkey, last_tx_block,] announcements: [...]}."""
    address = None if coldkey is None else parse.address(coldkey)
    with chain.reader.snapshot() as view:
        return swaps.key_swap_status(view, address)


TABLE = {"taonet_keySwapStatus": taonet_key_swap_status}

"""`taonet_history`: the chart history node.history records (never part of the state)."""
from __future__ import annotations

from typing import Any

from node.chain import Chain
from node.rpc_methods import InvalidParams, _number, method

MAX_LIMIT = 10_000


@method("taonet_history")
def taonet_history(chain: Chain, netuid: Any, uid: Any = None, since: Any = 0, limit: Any = 2000) -> dict:
    """Samples of one subnet, oldest first: {netuid, uid, subnet: {number, price, tao_in, alpha_in,
    emission_share, tao_emission} (one per block), neuron: {number, hotkey, stake, incentive,
    dividends (u16 proportions), emission} (one per epoch; only when `uid` is given)}. Empty
    before the node recorded anything (history starts when the node starts serving)."""
    from node import history

    n = _number(netuid, "netuid", 65535)
    u = None if uid is None else _number(uid, "uid", 65535)
    count = _number(limit, "limit")
    if not 0 < count <= MAX_LIMIT:
        raise InvalidParams(f"limit must be in 1..{MAX_LIMIT}")
    return history.read(chain.reader.conn(), n, u, _number(since or 0, "since"), count)

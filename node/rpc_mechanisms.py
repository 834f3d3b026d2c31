"""JSON-RPC method of sub-mechanisms: taonet_mechanisms (node.read_model.mechanisms)."""
from __future__ import annotations

from typing import Any

from node import rpc_params as parse
from node.chain import Chain
from node.read_model.mechanisms import mechanisms_info


def taonet_mechanisms(chain: Chain, netuid: Any, mecid: Any = None) -> dict:
    """{head, netuid, owner_coldkey, count, max_count, split, effective_split, max_allowed_uids,
    max_uids_over_mechanisms, rate_limits {count, split}, last_set {count, split}}; with `mecid`,
    also mechanism: {mecid, index, incentive, last_update} (per uid)."""
    n = parse.netuid(netuid)
    m = None if mecid is None else parse.number(mecid, "mecid", 255)
    with chain.reader.snapshot() as view:
        return mechanisms_info(view, n, m)


TABLE = {"taonet_mechanisms": taonet_mechanisms}

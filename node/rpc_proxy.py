"""JSON-RPC methods of proxies: thin adapters over node.read_model.proxies."""
from __future__ import annotations

from typing import Any

from node import rpc_params as parse
from node.chain import Chain
from node.read_model import proxies


def taonet_proxies(chain: Chain, address: Any) -> dict:
    """{head, real, proxies: [{delegate, proxy_type, delay}], deposit, announcements: [{real, call_hash,
    height}] (those `address` made as a delegate)}."""
    who = parse.address(address)
    with chain.reader.snapshot() as view:
        return proxies.proxies(view, who)


TABLE = {"taonet_proxies": taonet_proxies}

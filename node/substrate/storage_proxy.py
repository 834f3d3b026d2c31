"""Proxy storage on the Substrate façade: `Proxy.Proxies` (key real account: (the proxies as
ProxyDefinition {delegate, proxy_type, delay}, the deposit)) and `Proxy.Announcements` (key
delegate: ({real, call_hash, height}, deposit)), from the tables of node.runtime.proxy, as the
real btcli and SDK read them. An absent key answers the metadata's default (no proxies, 0). A
BoundedVec is a one-field composite: scalecodec encodes it from a one-element list."""
from __future__ import annotations

import json
from typing import Any

from node.substrate.storage_items import Ctx, Item, Params, table


def _proxies(ctx: Ctx, params: Params) -> Any:
    row = ctx.view.get("proxies", params[0])
    if row is None:
        return None
    return [[[{"delegate": d, "proxy_type": k, "delay": int(n)} for d, k, n in json.loads(row[0])]], int(row[1])]


def _announcements(ctx: Ctx, params: Params) -> Any:
    row = ctx.view.get("proxy_announcements", params[0])
    if row is None:
        return None
    return [[[{"real": r, "call_hash": h, "height": int(n)} for r, h, n in json.loads(row[0])]], int(row[1])]


ITEMS = table(
    Item("Proxy", "Proxies", _proxies, lambda ctx: [(row[0],) for row in ctx.rows("proxies")]),
    Item("Proxy", "Announcements", _announcements, lambda ctx: [(row[0],) for row in ctx.rows("proxy_announcements")]),
)

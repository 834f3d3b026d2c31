"""Childkeys storage on the Substrate façade: `SubtensorModule.ChildKeys`, `ParentKeys`,
`ChildkeyTake` (keys (hotkey, netuid)) and `PendingChildKeys` (keys (netuid, hotkey)), from the
tables of node.runtime.childkeys. Absent keys answer the metadata's defaults (empty, 0)."""
from __future__ import annotations

import json

from node.substrate.storage_items import Ctx, Item, Params, table


def _split(key: str) -> tuple[int, str]:
    netuid, hotkey = key.split(":", 1)
    return int(netuid), hotkey


def _links(ctx: Ctx, tbl: str, params: Params) -> list[tuple[int, str]] | None:
    hotkey, netuid = params
    row = ctx.view.get(tbl, f"{netuid}:{hotkey}")
    return None if row is None else [(int(p), h) for p, h in json.loads(row[0])]


def _hotkey_netuid_keys(tbl: str):
    return lambda ctx: [(hotkey, netuid) for netuid, hotkey in (_split(row[0]) for row in ctx.rows(tbl))]


def _take(ctx: Ctx, params: Params) -> int | None:
    hotkey, netuid = params
    row = ctx.view.get("childkey_take", f"{netuid}:{hotkey}")
    return None if row is None else row[0]


def _pending(ctx: Ctx, params: Params) -> tuple[list[tuple[int, str]], int] | None:
    netuid, hotkey = params
    row = ctx.view.get("pending_child_keys", f"{netuid}:{hotkey}")
    return None if row is None else ([(int(p), h) for p, h in json.loads(row[0])], row[1])


ITEMS = table(
    Item("SubtensorModule", "ChildKeys", lambda ctx, p: _links(ctx, "child_keys", p), _hotkey_netuid_keys("child_keys")),
    Item("SubtensorModule", "ParentKeys", lambda ctx, p: _links(ctx, "parent_keys", p), _hotkey_netuid_keys("parent_keys")),
    Item("SubtensorModule", "ChildkeyTake", _take, _hotkey_netuid_keys("childkey_take")),
    Item("SubtensorModule", "PendingChildKeys", _pending,
         lambda ctx: [_split(row[0]) for row in ctx.rows("pending_child_keys")]),
)

"""Auto-stake storage on the Substrate façade: `SubtensorModule.AutoStakeDestination` (keys
(coldkey, netuid) -> hotkey, absent when unset) from node.runtime.auto_stake's table, and its
reverse index `AutoStakeDestinationColdkeys` (keys (hotkey, netuid) -> the coldkeys staking their
incentive to it, empty by default), derived from the same table."""
from __future__ import annotations

from node.substrate.storage_items import Ctx, Item, Params, table

TABLE = "auto_stake_destination"


def _split(key: str) -> tuple[str, int]:
    coldkey, netuid = key.rsplit(":", 1)
    return coldkey, int(netuid)


def _destination(ctx: Ctx, params: Params) -> str | None:
    coldkey, netuid = params
    row = ctx.view.get(TABLE, f"{coldkey}:{netuid}")
    return None if row is None else row[0]


def _by_destination(ctx: Ctx) -> dict[tuple[str, int], list[str]]:
    def build() -> dict[tuple[str, int], list[str]]:
        out: dict[tuple[str, int], list[str]] = {}
        for key, hotkey in ctx.rows(TABLE):
            coldkey, netuid = _split(key)
            out.setdefault((hotkey, netuid), []).append(coldkey)
        return out
    return ctx.memo("auto_stake_by_destination", build)


def _coldkeys(ctx: Ctx, params: Params) -> list[str] | None:
    hotkey, netuid = params
    return _by_destination(ctx).get((hotkey, netuid))


ITEMS = table(
    Item("SubtensorModule", "AutoStakeDestination", _destination,
         lambda ctx: [_split(row[0]) for row in ctx.rows(TABLE)]),
    Item("SubtensorModule", "AutoStakeDestinationColdkeys", _coldkeys, lambda ctx: list(_by_destination(ctx))),
)

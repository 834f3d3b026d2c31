"""Key-swap storage on the Substrate façade, from node.runtime.swap_hotkey / swap_coldkey's tables:
`ColdkeySwapAnnouncements` (coldkey -> (execution block, BlakeTwo256 of the new coldkey)),
`ColdkeySwapDisputes` (coldkey -> block), `ColdkeySwapAnnouncementDelay`,
`ColdkeySwapReannouncementDelay` and `TxRateLimit` (the chain settings), and
`LastHotkeySwapOnNetuid` ((netuid, coldkey) -> block), a coldkey's last key swap as `LastTxBlock` and as
`LastRateLimitedBlock(LastTxBlock(coldkey))` (the runtime's rate-limit map; taonet keeps only that variant). What the real btcli's `wallet swap-check`
and `swap-coldkey` read; KeySwapCost is a constant of the shipped metadata."""
from __future__ import annotations

from node.runtime import economy as eco
from node.substrate.storage_items import Ctx, Item, Params, plain, table


def _announcement(ctx: Ctx, params: Params) -> tuple[int, str] | None:
    row = ctx.view.get("coldkey_swap_announcements", params[0])
    return None if row is None else (row[0], row[1])


def _dispute(ctx: Ctx, params: Params) -> int | None:
    row = ctx.view.get("coldkey_swap_disputes", params[0])
    return None if row is None else row[0]


def _last_swap(ctx: Ctx, params: Params) -> int | None:
    netuid, coldkey = params
    row = ctx.view.get("last_hotkey_swap", f"{netuid}:{coldkey}")
    return None if row is None else row[0]


def _last_tx(account: str, ctx: Ctx) -> int | None:
    row = ctx.view.get("last_tx_block", account)
    return None if row is None else row[0]


def _rate_limited(ctx: Ctx, params: Params) -> int | None:
    """LastRateLimitedBlock(RateLimitKey): taonet keeps its LastTxBlock variant (key swaps)."""
    key = params[0]
    if isinstance(key, dict) and set(key) == {"LastTxBlock"}:
        return _last_tx(key["LastTxBlock"], ctx)
    return None


def _last_swap_keys(ctx: Ctx) -> list[Params]:
    out = []
    for key, *_ in ctx.rows("last_hotkey_swap"):
        netuid, coldkey = key.split(":", 1)
        out.append((int(netuid), coldkey))
    return out


ITEMS = table(
    Item("SubtensorModule", "ColdkeySwapAnnouncements", _announcement,
         lambda ctx: [(r[0],) for r in ctx.rows("coldkey_swap_announcements")]),
    Item("SubtensorModule", "ColdkeySwapDisputes", _dispute, lambda ctx: [(r[0],) for r in ctx.rows("coldkey_swap_disputes")]),
    plain("SubtensorModule", "ColdkeySwapAnnouncementDelay",
          lambda ctx: eco.setting(ctx.view, "coldkey_swap_announcement_delay")),
    plain("SubtensorModule", "ColdkeySwapReannouncementDelay",
          lambda ctx: eco.setting(ctx.view, "coldkey_swap_reannouncement_delay")),
    plain("SubtensorModule", "TxRateLimit", lambda ctx: eco.setting(ctx.view, "tx_rate_limit")),
    Item("SubtensorModule", "LastHotkeySwapOnNetuid", _last_swap, _last_swap_keys),
    Item("SubtensorModule", "LastTxBlock", lambda ctx, p: _last_tx(p[0], ctx),
         lambda ctx: [(r[0],) for r in ctx.rows("last_tx_block")]),
    Item("SubtensorModule", "LastRateLimitedBlock", _rate_limited,
         lambda ctx: [({"LastTxBlock": r[0]},) for r in ctx.rows("last_tx_block")]),
)

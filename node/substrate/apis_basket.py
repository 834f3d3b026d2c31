"""BetaBasketRuntimeApi, the per-coldkey reads: `get_root_basket_owed` and
`get_root_basket_positions` (what a wallet's balance reads, e.g. the bittensor 11.3 `btcli wallet
balance`).

Spec 461 pays root dividends through validator "baskets" whose shares are beta tokens. taonet pays
them as its own root claims (node.runtime.root_claim: the alpha each coldkey is owed per hotkey and
subnet, taken with `claim_root`), and has no baskets and no beta tokens. So:
- `get_root_basket_owed(coldkey)`: the TAO rao the coldkey's owed root dividends realize if claimed
  now and sold through each subnet's pool (fee-free, as a Swap claim sells; at most what the
  subnet's root escrow holds), each (hotkey, subnet) valued on the pool as it stands; a sale the
  pool refuses counts 0;
- `get_root_basket_positions(coldkey)`: [] (no beta tokens on taonet; the owed figure above is not
  split into made-up basket positions).
The other BetaBasketRuntimeApi methods (basket NAV, pricing, trading status) are not served: they
describe baskets taonet does not have, and answer the runtime's failed-call error.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from consensus import pool as amm
from node.runtime import economy as eco
from node.runtime import root_claim
from node.runtime.root_ledger import escrow

API = "BetaBasketRuntimeApi"


def _realized(view: Any, netuid: int, alpha: int) -> int:
    """TAO rao that selling `alpha` of subnet `netuid` fee-free gives on its pool now (0 if refused)."""
    if alpha <= 0:
        return 0
    s = eco.subnet(view, netuid)
    if s is None:
        return 0
    if netuid == eco.ROOT_NETUID:
        return alpha
    try:
        sold = amm.sell(s.pool(eco.setting(view, "fee_rate")), alpha, amm.DEFAULT_SELL_LIMIT, drop_fees=True)
    except amm.SwapError:
        return 0
    return 0 if sold.partial else sold.amount_out


def get_root_basket_owed(ctx: Any, coldkey: str) -> int:
    total = 0
    for row in root_claim.claimable(ctx.view, coldkey):
        alpha = min(row["owed"], escrow(ctx.view, row["netuid"]))
        total += _realized(ctx.view, row["netuid"], alpha)
    return total


def get_root_basket_positions(ctx: Any, coldkey: str) -> list:
    return []


HANDLERS: dict[str, Callable[..., Any]] = {
    f"{API}_{fn.__name__}": fn for fn in (get_root_basket_owed, get_root_basket_positions)}

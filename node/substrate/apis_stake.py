"""StakeInfoRuntimeApi (`get_stake_info_for_coldkey(s)`, `get_stake_info_for_hotkey_coldkey_netuid`,
`get_stake_fee`, `get_stake_availability_for_coldkeys`) and SwapRuntimeApi (`current_alpha_price(_all)`,
`sim_swap_tao_for_alpha`, `sim_swap_alpha_for_tao`), from node.read_model.stakes and taonet's own pool maths
(node.runtime.staking.simulate_buy/simulate_sell: the numbers `taonet_stakeQuote` gives).

A stake is the alpha rao its shares are worth (what unstaking it all would take). Prices are rao
per α (u64, ⌊price·10⁹⌋; root 10⁹). A simulated swap: `tao_amount`/`alpha_amount` are what goes in
(fee included) and what comes out; the fee is in the input's unit; slippage is the shortfall against
the spot price, in the output's unit. A swap the pool refuses simulates to zeros.
`get_stake_info_for_hotkey_coldkey_netuid` answers Some with stake 0 where there is none, as the
chain does.

Fields taonet has no concept of, answered zero (never invented):
- StakeInfo `locked`, `drain` 0 (no stake locks); `emission`, `tao_emission` 0 (taonet does not keep
  a stake's share of the last epoch apart from its alpha).
- Stake locks and conviction: `get_coldkey_lock` None (no lock: what the chain answers for a coldkey
  that never locked; the real btcli asks it before `stake list` and `stake remove`),
  `get_hotkey_conviction` 0, `get_most_convicted_hotkey_on_subnet` None.
"""
from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from consensus.params import RAO_PER_TAO
from node.read_model import stakes as rm_stakes
from node.runtime import economy as eco
from node.runtime import staking
from node.runtime.dispatch import DispatchError
from node.substrate.apis_encode import account_bytes
from node.substrate.dialect import INVALID_PARAMS, SubstrateError

STAKE, SWAP = "StakeInfoRuntimeApi", "SwapRuntimeApi"
MAX_COLDKEYS = 4096
"""The most coldkeys one `get_stake_info_for_coldkeys` reads (a bound on one call's work)."""


def _info(hotkey: str, coldkey: str, netuid: int, alpha: int, registered: bool) -> dict[str, Any]:
    return {"hotkey": hotkey, "coldkey": coldkey, "netuid": netuid, "stake": alpha, "locked": 0, "emission": 0,
            "tao_emission": 0, "drain": 0, "is_registered": registered}


def get_stake_info_for_coldkey(ctx: Any, coldkey_account: str) -> list:
    return [_info(r["hotkey"], coldkey_account, r["netuid"], r["alpha"], r["uid"] is not None)
            for r in rm_stakes.stakes(ctx.view, coldkey_account)]


def get_stake_info_for_coldkeys(ctx: Any, coldkey_accounts: list[str]) -> list:
    if len(coldkey_accounts) > MAX_COLDKEYS:
        raise SubstrateError(INVALID_PARAMS, f"at most {MAX_COLDKEYS} coldkeys in one call, "
                                             f"{len(coldkey_accounts)} given: ask in several calls")
    return [(c, get_stake_info_for_coldkey(ctx, c)) for c in coldkey_accounts]


def get_stake_availability_for_coldkeys(ctx: Any, coldkey_accounts: list[str], netuids: list[int] | None) -> list:
    """Per coldkey, per subnet (those asked, or those it has stake on): its alpha over all hotkeys,
    all of it available (taonet has no stake locks: `locked` 0). Both maps in key order (BTreeMaps)."""
    if len(coldkey_accounts) > MAX_COLDKEYS:
        raise SubstrateError(INVALID_PARAMS, f"at most {MAX_COLDKEYS} coldkeys in one call, "
                                             f"{len(coldkey_accounts)} given: ask in several calls")
    out = []
    for coldkey in sorted(set(coldkey_accounts), key=account_bytes):
        totals = dict.fromkeys(netuids or (), 0)
        for r in rm_stakes.stakes(ctx.view, coldkey):
            if netuids is None or r["netuid"] in totals:
                totals[r["netuid"]] = totals.get(r["netuid"], 0) + r["alpha"]
        out.append((coldkey, [(n, {"total": a, "locked": 0, "available": a}) for n, a in sorted(totals.items())]))
    return out


def get_stake_info_for_hotkey_coldkey_netuid(ctx: Any, hotkey_account: str, coldkey_account: str,
                                             netuid: int) -> dict:
    alpha = staking.stake_alpha(ctx.view, coldkey_account, hotkey_account, netuid)
    return _info(hotkey_account, coldkey_account, netuid, alpha,
                 eco.uid_of(ctx.view, netuid, hotkey_account) is not None)


def get_stake_fee(ctx: Any, origin: Any, origin_coldkey_account: str, destination: Any,
                  destination_coldkey_account: str, amount: int) -> int:
    """The pool fee of adding (origin None: TAO rao), removing (destination None: alpha rao) or
    moving stake (alpha rao, charged where it is sold; 0 within one subnet)."""
    fee_rate = eco.setting(ctx.view, "fee_rate")
    try:
        if origin is None and destination is not None:
            s = eco.subnet(ctx.view, int(destination[1]))
            return staking.simulate_buy(s, amount, fee_rate).fee if s else 0
        if origin is None:
            return 0
        s = eco.subnet(ctx.view, int(origin[1]))
        if s is None or (destination is not None and int(destination[1]) == s.netuid):
            return 0
        return staking.simulate_sell(s, amount, fee_rate)[0].fee
    except DispatchError:
        return 0


def get_coldkey_lock(ctx: Any, coldkey: str, netuid: int) -> None:
    return None  # taonet has no stake locks


def get_hotkey_conviction(ctx: Any, hotkey: str, netuid: int) -> int:
    return 0  # FixedU128 bits: no locked stake, no conviction


def get_most_convicted_hotkey_on_subnet(ctx: Any, netuid: int) -> None:
    return None


# -- swap -----------------------------------------------------------------------------------------
def price_rao(s: eco.Subnet) -> int:
    """The spot price in rao per α (u64), as `current_alpha_price` gives it."""
    if s.netuid == eco.ROOT_NETUID:
        return RAO_PER_TAO
    return int(s.price * RAO_PER_TAO)


def current_alpha_price(ctx: Any, netuid: int) -> int:
    s = eco.subnet(ctx.view, netuid)
    return price_rao(s) if s else 0


def current_alpha_price_all(ctx: Any) -> list:
    from node.substrate.apis_subnets import all_subnets

    return [{"netuid": s.netuid, "price": price_rao(s)} for s in all_subnets(ctx)]


ZERO_SWAP = {"tao_amount": 0, "alpha_amount": 0, "tao_fee": 0, "alpha_fee": 0, "tao_slippage": 0, "alpha_slippage": 0}


def sim_swap_tao_for_alpha(ctx: Any, netuid: int, tao: int) -> dict[str, int]:
    s = eco.subnet(ctx.view, netuid)
    if s is None:
        return dict(ZERO_SWAP)
    try:
        r = staking.simulate_buy(s, tao, eco.setting(ctx.view, "fee_rate"))
    except DispatchError:
        return dict(ZERO_SWAP)
    price = Fraction(r.price_before)
    ideal = int((r.amount_in_used - r.fee) / price) if price else r.amount_out
    return {**ZERO_SWAP, "tao_amount": r.amount_in_used, "alpha_amount": r.amount_out, "tao_fee": r.fee,
            "alpha_slippage": max(0, ideal - r.amount_out)}


def sim_swap_alpha_for_tao(ctx: Any, netuid: int, alpha: int) -> dict[str, int]:
    s = eco.subnet(ctx.view, netuid)
    if s is None:
        return dict(ZERO_SWAP)
    try:
        r = staking.simulate_sell(s, alpha, eco.setting(ctx.view, "fee_rate"))[0]
    except DispatchError:
        return dict(ZERO_SWAP)
    ideal = int((r.amount_in_used - r.fee) * Fraction(r.price_before))
    return {**ZERO_SWAP, "tao_amount": r.amount_out, "alpha_amount": r.amount_in_used, "alpha_fee": r.fee,
            "tao_slippage": max(0, ideal - r.amount_out)}


HANDLERS: dict[str, Callable[..., Any]] = {
    **{f"{STAKE}_{fn.__name__}": fn for fn in (get_stake_info_for_coldkey, get_stake_info_for_coldkeys,
                                               get_stake_info_for_hotkey_coldkey_netuid, get_stake_fee,
                                               get_stake_availability_for_coldkeys, get_coldkey_lock,
                                               get_hotkey_conviction, get_most_convicted_hotkey_on_subnet)},
    **{f"{SWAP}_{fn.__name__}": fn for fn in (current_alpha_price, current_alpha_price_all, sim_swap_tao_for_alpha,
                                              sim_swap_alpha_for_tao)},
}

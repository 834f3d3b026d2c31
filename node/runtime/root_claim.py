"""Root dividends: RootClaimable, RootClaimed, root claim types and `claim_root`.  # spec §2.6

At a subnet's epoch each hotkey's root dividend (alpha, after its take) is not paid at once: it is
held in the subnet's **root escrow** and recorded as a rate per root share of the hotkey
(`credit_root_dividend`). A coldkey staking TAO on root to that hotkey is owed
rate × its root shares − what it already claimed, and takes it with `claim_root` as it chose with
`set_root_claim_type`: Swap (default: the alpha is sold fee-free through the subnet's pool and
the TAO staked on root to the same hotkey), Keep (kept as alpha stake on the subnet, same hotkey),
or KeepSubnets(netuids) (keep on those, swap the rest).

Rounding rule (our own exact integer rule; the chain uses I96F32):
* rates and watermarks are integers scaled by 2^64 (ONE). A dividend `a` on a hotkey whose root
  pool holds T shares adds ⌊a·ONE/T⌋ to RootClaimable[hotkey][netuid] and `a` to the escrow.
* owed(coldkey, hotkey, netuid) = ⌊(rate·shares − claimed) / ONE⌋ (never negative), where shares
  are the coldkey's root shares on the hotkey. Root pools never receive dividends, so a root
  share is worth exactly one rao of staked TAO: this is the chain's per-rao rate.
* minting s root shares (add stake, move/transfer in, a Swap claim's TAO) adds rate·s to the
  watermark of every subnet the hotkey has a rate on; burning s shares subtracts rate·s — exactly,
  with no rounding, so new stake never claims old dividends and removed stake keeps what it was
  owed. (The chain floors into a u128 and saturates at zero, which forfeits the unclaimed part on
  unstake; ours stays claimable, so a watermark may be negative.)
* a claim pays owed rao and adds owed·ONE to the watermark; the fraction below one rao stays owed.
Consequently Σ owed over all stakers of a subnet ≤ its escrow, and a claim also never pays more
than the escrow holds; the dust (the floors) stays in the escrow. The alpha books stay exact:
SubnetAlphaOut = Σ hotkey pools + pending + protocol alpha + root escrow.

Claims skip subnets where less than `root_claim_threshold` (chain setting, default
RootClaimableThreshold 500 000 rao) is owed. Besides `claim_root`, every block auto-claims for up
to `num_root_claims` coldkeys picked from the parent block's hash (node.runtime.auto_claim, the
chain's `run_auto_claim_root_divs`), through the same `do_root_claim`.
"""
from __future__ import annotations

import json
from typing import Any

from consensus import pool as amm
from node.runtime import amounts
from node.runtime import economy as eco
from node.runtime.dispatch import Context, DispatchError, register
from node.runtime.root_ledger import (ONE, dump_json, escrow, rates, root_shares, save_rates, save_watermarks, set_escrow,
                                      tidy, watermarks)
from node.runtime.types import ArgumentError, Field

MAX_SUBNET_CLAIMS = 5  # netuids per claim_root
KINDS = ("Swap", "Keep", "KeepSubnets")


# -- storage --------------------------------------------------------------------------------------
def claim_type(state: Any, coldkey: str) -> tuple[str, list[int]]:
    """(kind, netuids kept) of a coldkey; ("Swap", []) by default."""
    row = state.get("root_claim_type", coldkey)
    return ("Swap", []) if row is None else (row[0], json.loads(row[1]))


def owed_scaled(state: Any, coldkey: str, hotkey: str, netuid: int) -> int:
    """rate·shares − claimed (scaled by ONE, ≥ 0)."""
    rate = rates(state, hotkey).get(netuid, 0)
    claimed = watermarks(state, coldkey).get(hotkey, {}).get(netuid, 0)
    return max(rate * root_shares(state, coldkey, hotkey) - claimed, 0)


def owed(state: Any, coldkey: str, hotkey: str, netuid: int) -> int:
    """Alpha rao of `netuid` the coldkey can claim through `hotkey` now."""
    return owed_scaled(state, coldkey, hotkey, netuid) // ONE


def claimable(state: Any, coldkey: str) -> list[dict[str, Any]]:
    """Every (hotkey, netuid) the coldkey has a root dividend on: [{hotkey, netuid, owed, root_stake}]."""
    out = []
    for hotkey in sorted(watermarks(state, coldkey)):
        for netuid in sorted(rates(state, hotkey)):
            out.append({"hotkey": hotkey, "netuid": netuid, "owed": owed(state, coldkey, hotkey, netuid),
                        "root_stake": root_shares(state, coldkey, hotkey)})
    return out


# -- the epoch ----------------------------------------------------------------------------------
def credit_root_dividend(state: Any, hotkey: str, owner: str, netuid: int, alpha: int) -> None:
    """The epoch's root dividend of `hotkey` after its take: into the escrow and RootClaimable.
    As the chain, a dividend larger than the hotkey's root stake is staked to its owner instead."""
    from node.runtime import staking

    if alpha <= 0:
        return
    total = staking.hotkey_pool(state, eco.ROOT_NETUID, hotkey)[1]
    if alpha > total:
        staking.credit_stake(state, owner, hotkey, netuid, alpha)
        return
    value = rates(state, hotkey)
    value[netuid] = value.get(netuid, 0) + alpha * ONE // total
    save_rates(state, hotkey, value)
    set_escrow(state, netuid, escrow(state, netuid) + alpha)


# -- claims ---------------------------------------------------------------------------------------
def _swaps(kind: str, kept: list[int], netuid: int) -> bool:
    return kind == "Swap" or (kind == "KeepSubnets" and netuid not in kept)


def claim_on_subnet(ctx: Context, coldkey: str, hotkey: str, netuid: int, swap: bool) -> dict[str, Any] | None:
    """Pay what `coldkey` is owed on `netuid` through `hotkey` (None when below the threshold)."""
    from node.runtime import staking

    state = ctx.state
    due = owed_scaled(state, coldkey, hotkey, netuid)
    if due < eco.setting(state, "root_claim_threshold") * ONE:
        return None
    held = escrow(state, netuid)
    alpha = min(due // ONE, held)
    if alpha == 0:
        return None
    marks = watermarks(state, coldkey)
    mine = marks.setdefault(hotkey, {})
    mine[netuid] = mine.get(netuid, 0) + alpha * ONE
    save_watermarks(state, coldkey, tidy(state, coldkey, hotkey, marks))
    set_escrow(state, netuid, held - alpha)
    if not swap:
        staking.credit_stake(state, coldkey, hotkey, netuid, alpha)
        return {"hotkey": hotkey, "netuid": netuid, "alpha": alpha, "tao": 0, "kept": True}
    s = eco.require_subnet(state, netuid)
    try:
        sold = amm.sell(s.pool(eco.setting(state, "fee_rate")), alpha, amm.DEFAULT_SELL_LIMIT, drop_fees=True)
    except amm.SwapError as exc:
        raise DispatchError("subtensor.InsufficientLiquidity",
                            f"selling the {amounts.alpha(alpha)} owed on subnet {netuid} failed ({exc}); claim with the "
                            "Keep type, or later") from None
    if sold.partial:
        raise DispatchError("subtensor.SlippageTooHigh",
                            f"the pool of subnet {netuid} cannot take the {amounts.alpha(alpha)} owed above the minimum "
                            "price; claim with the Keep type, or later")
    tao = sold.amount_out
    s.set_pool(sold.pool)
    s.alpha_out -= sold.amount_in_used
    s.volume += tao
    eco.save_subnet(state, s)
    root = eco.require_subnet(state, eco.ROOT_NETUID)
    root.tao_in += tao
    root.alpha_out += tao
    eco.save_subnet(state, root)
    staking.credit_stake(state, coldkey, hotkey, eco.ROOT_NETUID, tao)
    return {"hotkey": hotkey, "netuid": netuid, "alpha": alpha, "tao": tao, "kept": False}


def do_root_claim(ctx: Context, coldkey: str, subnets: set[int] | None, auto: bool = False) -> list[dict[str, Any]]:
    """Claim on every hotkey the coldkey has root stake (or a claim) on, for the chosen subnets
    (None: all). An auto-claim (node.runtime.auto_claim) reports only claims that paid something."""
    kind, kept = claim_type(ctx.state, coldkey)
    claims = []
    for hotkey in sorted(watermarks(ctx.state, coldkey)):
        for netuid in sorted(rates(ctx.state, hotkey)):
            if subnets is not None and netuid not in subnets:
                continue
            paid = claim_on_subnet(ctx, coldkey, hotkey, netuid, _swaps(kind, kept, netuid))
            if paid is not None:
                claims.append(paid)
    if not auto:
        ctx.emit("subtensor.RootClaimed", coldkey=coldkey, claims=claims)
    elif claims:
        ctx.emit("subtensor.RootClaimed", coldkey=coldkey, claims=claims, auto=True)
    return claims


# -- calls ----------------------------------------------------------------------------------------
def netuid_set(value: Any, name: str) -> list[int]:
    if not isinstance(value, list) or any(type(v) is not int or not 0 <= v <= 65535 for v in value):
        raise ArgumentError(f"{name} must be a list of netuids (integers in 0..65535), got {value!r}")
    return sorted(set(value))


def claim_type_arg(value: Any, name: str) -> tuple[str, list[int]]:
    """"Swap", "Keep" or {"KeepSubnets": {"subnets": [netuid, …]}} (the chain's enum as JSON)."""
    if value in ("Swap", "Keep"):
        return value, []
    if isinstance(value, dict) and set(value) == {"KeepSubnets"} and isinstance(value["KeepSubnets"], dict) \
            and set(value["KeepSubnets"]) == {"subnets"}:
        return "KeepSubnets", netuid_set(value["KeepSubnets"]["subnets"], f"{name}.KeepSubnets.subnets")
    raise ArgumentError(f'{name} must be "Swap", "Keep" or {{"KeepSubnets": {{"subnets": [netuid, …]}}}}, got {value!r}')


@register("subtensor.set_root_claim_type", new_root_claim_type=Field(claim_type_arg))
def set_root_claim_type(ctx: Context, new_root_claim_type: tuple[str, list[int]]) -> None:
    """How the signer's root dividends are claimed: Swap (to TAO, staked on root), Keep (as alpha),
    or KeepSubnets (keep on the listed subnets, swap elsewhere)."""
    coldkey = ctx.signer()
    kind, netuids = new_root_claim_type
    if kind == "KeepSubnets" and not netuids:
        raise DispatchError("subtensor.InvalidSubnetNumber", "KeepSubnets needs at least one netuid")
    ctx.state.put("root_claim_type", coldkey, None if kind == "Swap" else (kind, dump_json(netuids)))
    ctx.emit("subtensor.RootClaimTypeSet", coldkey=coldkey, root_claim_type=kind, netuids=netuids)


@register("subtensor.claim_root", subnets=Field(netuid_set))
def claim_root(ctx: Context, subnets: list[int]) -> None:
    """Claim the signer's root dividends on 1 to 5 subnets, as its root claim type says."""
    coldkey = ctx.signer()
    if not 1 <= len(subnets) <= MAX_SUBNET_CLAIMS:
        raise DispatchError("subtensor.InvalidSubnetNumber",
                            f"claim on 1 to {MAX_SUBNET_CLAIMS} subnets at a time; {len(subnets)} given")
    do_root_claim(ctx, coldkey, set(subnets))

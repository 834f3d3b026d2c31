"""The per-block coinbase (an ON_INITIALIZE hook).  # spec §2.1–§2.5, §2.7, §3.5

Each block, in the chain's order: decay every subnet's neuron burn (§3.5); block emission from
total issuance (§2.1); TAO shares of the emitting subnets by EMA price (§2.2); for each, inject
TAO and alpha into the pool with the root-proportion cap and let the protocol buy alpha with the
excess TAO (§2.3); mint alpha_out and split it into the pending owner/server/validator/root
buckets (§2.4); update EMA prices (§2.7); then the epoch scheduler (§2.5) runs due subnets
(at most `max_epochs_per_block`) through `run_subnet_epoch`, which the Yuma epoch fills in next.

Every rao of TAO that enters a pool is minted (total issuance rises by exactly that), so the
identity issuance = free + Σ SubnetTAO holds; TAO emission dust (⌊emission·share⌋) is not minted.
Root alpha is kept pending only when Σ EMA prices > 1 ("root sell flag"), else recycled.
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Any, Callable

from consensus import emission as em
from consensus import registration as reg
from consensus.pool import PoolState, price_u64f64
from node.runtime import balances
from node.runtime import economy as eco
from node.runtime.dispatch import Context

# The Yuma epoch (node.runtime.epoch registers itself): fn(ctx, netuid, subnet) drains the pending buckets.
EPOCH_RUNNERS: list[Callable[[Context, int, eco.Subnet], None]] = []


def run_subnet_epoch(ctx: Context, netuid: int, s: eco.Subnet) -> None:
    """Where a subnet's epoch runs (node.runtime.epoch.run_subnet_epoch): Yuma Consensus, then
    the pending emission is paid out; the caller then moves LastEpochBlock/BlocksSinceLastStep."""
    for runner in EPOCH_RUNNERS:
        runner(ctx, netuid, s)


@lru_cache(maxsize=64)
def _decay_factor(half_life: int) -> int:
    return reg.decay_factor_q32(half_life)


def on_initialize(ctx: Context) -> None:
    state, block = ctx.state, ctx.block_number
    all_netuids = eco.netuids(state)
    if len(all_netuids) <= 1:
        return
    root = eco.subnet(state, eco.ROOT_NETUID)
    subnets = {n: eco.subnet(state, n) for n in all_netuids if n != eco.ROOT_NETUID}
    params = {n: eco.params(state, n) for n in subnets}
    # §3.5 burn decay
    for n, s in subnets.items():
        p = params[n]
        s.burn = reg.decay_burn(s.burn, p["burn_half_life"], p["min_burn"], p["max_burn"], _decay_factor(p["burn_half_life"]))
    # §2.1–§2.2 block emission and shares
    block_emission = em.block_emission(balances.total_issuance(state))
    emitting = [n for n, s in subnets.items() if s.first_emission_block and params[n]["registration_allowed"]]
    emas = [em.ema_price_fraction(subnets[n].ema_price_q32) for n in emitting]
    shares = em.subnet_shares(emas, [miner_burned(state, n) for n in emitting])
    tao_emissions = em.tao_emissions(block_emission, shares)
    root_sells = em.root_sell_flag(emas)
    weight = eco.tao_weight(state)
    root_tao = root.tao_in if root else 0
    moving_alpha = eco.setting(state, "subnet_moving_alpha")
    minted = 0
    for n, s in subnets.items():
        s.tao_emission = s.alpha_emission = 0
    for n, tao_emission in zip(emitting, tao_emissions):
        s, p = subnets[n], params[n]
        alpha_issuance = s.alpha_in + s.alpha_out
        alpha_emission = em.block_emission(alpha_issuance)
        root_prop = em.root_proportion(weight, root_tao, alpha_issuance)
        pool = s.pool()
        injection = em.subnet_injection(tao_emission, pool_price(pool), root_prop, alpha_emission)
        after, bought, _spent = em.inject_and_buy(pool, injection)
        minted += after.tao_reserve - s.tao_in
        s.set_pool(after)
        s.protocol_alpha += bought
        s.alpha_out += alpha_emission + bought
        split = em.split_alpha_out(alpha_emission, root_prop, p.get("subnet_owner_cut", hp_owner_cut()),
                                   bool(p.get("owner_cut_enabled", True)))
        s.pending_owner += split.owner_cut
        s.pending_server += split.server
        s.pending_validator += split.validator
        if root_sells:
            s.pending_root += split.root
        else:
            s.alpha_out -= split.root  # recycled
        s.tao_emission, s.alpha_emission = after.tao_reserve - pool.tao_reserve, alpha_emission
        # §2.7 EMA price
        s.ema_price_q32 = em.update_ema_price(s.ema_price_q32, price_u64f64(after), block - s.first_emission_block,
                                              moving_alpha_q32=moving_alpha, halving_blocks=p["ema_price_halving_blocks"])
    eco.add_issuance(state, minted)
    # §2.5 epoch scheduling
    due = []
    for n, s in subnets.items():
        s.blocks_since_last_step += 1
        if em.should_run_epoch(block, params[n]["tempo"], s.last_epoch_block, s.pending_epoch_at, s.blocks_since_last_step):
            due.append(n)
    run, deferred = em.schedule_epochs(due, block, eco.setting(state, "max_epochs_per_block"))
    for n in run:
        s = subnets[n]
        run_subnet_epoch(ctx, n, s)
        s.last_epoch_block, s.pending_epoch_at, s.blocks_since_last_step = block, 0, 0
        s.epoch_count += 1
        ctx.emit("subtensor.EpochRun", netuid=n, pending_server=s.pending_server, pending_validator=s.pending_validator,
                 pending_root=s.pending_root, pending_owner=s.pending_owner)
    for n, at in deferred.items():
        subnets[n].pending_epoch_at = at
    for s in subnets.values():
        eco.save_subnet(state, s)


def miner_burned(state: Any, netuid: int) -> Fraction:
    """MinerBurned: the fraction of the subnet's last-epoch incentive that owner-owned hotkeys
    had burned (written by node.runtime.epoch).  # spec §2.2, §2.6"""
    burned, total = state.get_value(f"miner_burned:{netuid}", [0, 0])
    return Fraction(burned, total) if total else Fraction(0)


def pool_price(pool: PoolState):
    from consensus.pool import price

    return price(pool)


def hp_owner_cut() -> int:
    return em.DEFAULT_SUBNET_OWNER_CUT

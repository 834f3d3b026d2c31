"""JSON-RPC methods of the economy: subnets, hyperparameters, stake and swap quotes, burn and lock
costs, pending emission, chain-wide economics.

Thin adapters: each parses its params (node.rpc_params), reads one consistent snapshot of the last
committed block through the read model (node.read_model) and returns its dict. All amounts are
integer rao (alpha amounts in alpha rao); prices are floats in TAO per alpha. Result shapes are in
each docstring ("head" is the block the values are for).
"""
from __future__ import annotations

from typing import Any

from consensus import params as hp
from node import rpc_params as parse
from node.chain import Chain
from node.read_model import economy, subnets
from node.rpc_params import InvalidParams


def taonet_subnets(chain: Chain) -> dict:
    """Every subnet in one call: {"head", "block_emission", "subnets": [summary…]}; a summary is
    {netuid, name, symbol, owner_coldkey, owner_hotkey, registered_at, started, first_emission_block,
    tao_in, alpha_in, alpha_out, protocol_alpha, quote_weight, price, ema_price, emission_share,
    tao_emission, alpha_emission, tempo, last_epoch_block, blocks_until_next_epoch, epoch_count, burn,
    registration_allowed, neurons, max_allowed_uids, subnet_volume, lock_paid, registrations,
    pending: {server, validator, root, owner}}."""
    with chain.reader.snapshot() as view:
        return subnets.subnets(view)


def taonet_subnet_info(chain: Chain, netuid: Any) -> dict:
    """One subnet: the summary of taonet_subnets plus "head" and "hyperparameters": [{name, value,
    raw, type, min, max, owner_settable, settable, last_set (the block its owner last set it, or
    null), storage, note}] (float values shown, U64F64 bits in raw)."""
    n = parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return subnets.subnet_info(view, n)


def taonet_hyperparameters(chain: Chain, netuid: Any) -> dict:
    """{"netuid", "owner_coldkey", "hyperparameters": [as in taonet_subnetInfo]}."""
    n = parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return subnets.hyperparameters(view, n)


def taonet_stake_quote(chain: Chain, netuid: Any, side: Any, amount: Any, limit_price: Any = None) -> dict:
    """Simulate staking (side "stake": `amount` rao of TAO) or unstaking ("unstake": `amount` alpha
    rao), optionally with a limit price (u64 price·1e9). Result: {ok, netuid, side, amount,
    started (staking is open), amount_used, received, fee, fee_unit ("tao"|"alpha"), price_before, price_after, price_impact,
    partial, min_stake, fee_rate}; or {ok: false, error, message} when the chain would refuse it."""
    if side not in ("stake", "unstake"):
        raise InvalidParams("side must be 'stake' or 'unstake'")
    amount = parse.number(amount, "amount", hp.U64_MAX)
    limit = None if limit_price is None else parse.number(limit_price, "limit_price", hp.U64_MAX)
    n = parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return economy.stake_quote(view, n, side, amount, limit)


def taonet_swap_quote(chain: Chain, origin_netuid: Any, destination_netuid: Any, alpha_amount: Any) -> dict:
    """Simulate moving `alpha_amount` alpha rao from one subnet to another (sell, then buy).
    Result: {ok, origin_netuid, destination_netuid, alpha_amount, tao, received, fee_alpha, fee_tao,
    price_ratio_before, price_ratio_after, price_impact}; the ratio is price(origin)/price(destination),
    the unit of the `_limit` calls' limit_price (·1e9)."""
    alpha = parse.number(alpha_amount, "alpha_amount", hp.U64_MAX)
    origin = parse.netuid(origin_netuid)
    with chain.reader.snapshot() as view:
        try:
            destination = parse.netuid(destination_netuid)
        except InvalidParams:
            subnets.require_subnet(view, origin)  # a missing origin is named first, then a bad destination
            raise
        return economy.swap_quote(view, origin, destination, alpha)


def taonet_lock_cost(chain: Chain) -> dict:
    """The TAO locked by a subnet created in the next block: {head, lock_cost, min_lock_cost,
    last_lock, last_lock_block, reduction_interval, rate_limit, subnet_limit, subnets}."""
    with chain.reader.snapshot() as view:
        return economy.lock_cost(view)


def taonet_burn_cost(chain: Chain, netuid: Any = None) -> dict:
    """Neuron registration burn of one subnet or all (one call): {head, lock_cost, "subnets":
    [{netuid, burn, next_block_burn (after one more decay), min_burn, max_burn, registration_allowed,
    neurons, max_allowed_uids}]}. A registration in the next block pays next_block_burn."""
    n = None if netuid is None else parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return economy.burn_cost(view, n)


def taonet_pending_emission(chain: Chain, netuid: Any = None) -> dict:
    """Emission accumulated until each subnet's epoch: {head, "subnets": [{netuid, server,
    validator, root, owner, total, last_epoch_block, blocks_until_next_epoch, epoch_count}]}."""
    n = None if netuid is None else parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return economy.pending_emission(view, n)


def taonet_economics(chain: Chain) -> dict:
    """Chain-wide settings and the issuance identity: {head, settings: {…}, total_issuance,
    free_total, reserved_total, pools_total, block_emission, limit_price_scale}; total_issuance = free_total +
    reserved_total + pools_total."""
    with chain.reader.snapshot() as view:
        return economy.economics(view)


TABLE = {
    "taonet_subnets": taonet_subnets, "taonet_subnetInfo": taonet_subnet_info,
    "taonet_hyperparameters": taonet_hyperparameters, "taonet_stakeQuote": taonet_stake_quote,
    "taonet_swapQuote": taonet_swap_quote, "taonet_lockCost": taonet_lock_cost, "taonet_burnCost": taonet_burn_cost,
    "taonet_pendingEmission": taonet_pending_emission, "taonet_economics": taonet_economics,
}

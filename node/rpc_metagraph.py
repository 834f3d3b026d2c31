"""JSON-RPC methods of neurons, weights and the metagraph (one call returns a subnet's whole
metagraph), and `taonet_history`, the chart samples node.history records (never part of the state).

Thin adapters over node.read_model.metagraph: the metagraph is returned as columns (one list per
field, index = uid), which encodes fast at 4096 uids; proportions are the stored u16 values
(divide by 65535). Each reads one snapshot.
"""
from __future__ import annotations

from typing import Any

from node import history
from node import rpc_params as parse
from node.chain import Chain
from node.read_model import metagraph as read
from node.rpc_params import InvalidParams

MAX_HISTORY = 10_000


def taonet_neurons(chain: Chain, netuid: Any) -> dict:
    """Neurons of a subnet in uid order: {"head", "netuid", "neurons": [{uid, hotkey, coldkey,
    registered_at, last_update, emission, axon: {ip, port, ip_type, protocol, block} | null,
    stake (alpha of the hotkey's pool), immune (bool)}]}."""
    n = parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return read.neurons(view, n)


def taonet_metagraph(chain: Chain, netuid: Any, with_weights: Any = False, with_bonds: Any = False) -> dict:
    """A subnet's full metagraph in one call, as columns indexed by uid: {head, netuid, n,
    uids, hotkeys, coldkeys, stake (α + τ_w·root, alpha rao), alpha_stake, root_stake,
    stake_weight, consensus, incentive, dividends, validator_trust (u16 proportions of 65535),
    active, validator_permit (bools), emission (alpha rao per epoch), daily_emission,
    incentive_alpha, dividends_alpha (alpha rao paid at the last epoch), registered_at, last_update,
    blocks_since_update, immune, recycled (bools; recycled: the hotkey belongs to the subnet owner's
    coldkey, so its incentive is recycled, never paid, as node.runtime.epoch does), axons ([{ip,
    port, ip_type, protocol, block} | null]),
    pool: (the taonet_subnets summary), hyperparameters: {name: value}, tao_weight, block_emission,
    weights / bonds (only when asked: {uid: [[uid, u16], …]} per non-empty row)}."""
    with_weights, with_bonds = parse.flag(with_weights, "with_weights", False), parse.flag(with_bonds, "with_bonds", False)
    n = parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return read.metagraph(view, n, with_weights, with_bonds)


def taonet_weight_commits(chain: Chain, netuid: Any, hotkey: Any) -> dict:
    """A hotkey's unrevealed weight commits on a subnet and when each can be revealed: {head,
    netuid, hotkey, epoch (the subnet's epoch index now), tempo, commit_reveal_enabled,
    reveal_period, commits: [{hash, commit_block, commit_epoch, reveal_epoch, status
    ("waiting" | "revealable" | "expired"), reveal_from_block, reveal_until_block (projected)}]}."""
    hk = parse.address(hotkey)
    n = parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return read.weight_commits(view, n, hk)


def taonet_history(chain: Chain, netuid: Any, uid: Any = None, since: Any = 0, limit: Any = 2000,
                   until: Any = None) -> dict:
    """Samples of one subnet, oldest first: {netuid, uid, subnet: {number, price, tao_in, alpha_in,
    emission_share, tao_emission} (one per block), neuron: {number, hotkey, stake, incentive,
    dividends (u16 proportions), emission} (one per epoch; only when `uid` is given)}. Empty
    before the node recorded anything (history starts when the node starts serving). The newest
    `limit` samples from block `since` on, up to block `until` when given (page back with it)."""
    n = parse.netuid(netuid)
    u = None if uid is None else parse.number(uid, "uid", 65535)
    count = parse.number(limit, "limit")
    if not 0 < count <= MAX_HISTORY:
        raise InvalidParams(f"limit must be in 1..{MAX_HISTORY}")
    last = None if until is None else parse.number(until, "until")
    return history.read(chain.reader.conn(), n, u, parse.number(since or 0, "since"), count, last)


TABLE = {"taonet_neurons": taonet_neurons, "taonet_metagraph": taonet_metagraph,
         "taonet_weightCommits": taonet_weight_commits, "taonet_history": taonet_history}

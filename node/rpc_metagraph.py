"""JSON-RPC methods of weights and the metagraph: one call returns a subnet's whole metagraph.

The metagraph is returned as columns (one list per field, index = uid), which encodes fast at
4096 uids; proportions are the stored u16 values (divide by 65535). Reads one snapshot.
"""
from __future__ import annotations

import json
from typing import Any

from consensus import emission as em
from consensus import params as hp
from node.chain import Chain
from node.rpc_economy import _shares, _subnet, snapshot, subnet_summary
from node.rpc_methods import InvalidParams, _address, method
from node.runtime import balances
from node.runtime import economy as eco
from node.runtime import weights as wt

EPOCH_SQL = ("SELECT key, stake_weight, active, consensus, incentive, dividends, validator_trust, validator_permit, "
             "incentive_alpha, dividends_alpha FROM neuron_epoch")


def _range(conn: Any, sql: str, prefix: str) -> list[tuple]:
    return conn.execute(sql + " WHERE key >= ? AND key < ? ORDER BY key", (prefix, prefix + ";")).fetchall()


def _sparse(conn: Any, table: str, netuid: int) -> dict[str, list]:
    rows = _range(conn, f"SELECT key, row FROM {table}", f"{netuid}:")
    return {str(int(k.split(":")[1])): json.loads(r) for k, r in rows}


def _flag(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raise InvalidParams("with_weights and with_bonds must be true or false")


@method("taonet_metagraph")
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
    with_weights, with_bonds = _flag(with_weights), _flag(with_bonds)
    with snapshot(chain) as view:
        s = _subnet(view, netuid)
        n = s.netuid
        head = view.head
        conn = view.conn
        values = {**eco.default_params(), **eco.params(view, n)}
        tempo = int(values.get("tempo", 360))
        immunity = int(values.get("immunity_period", 0))
        tao_weight = eco.setting(view, "tao_weight")
        neurons = _range(conn, "SELECT key, hotkey, coldkey, registered_at, last_update, emission, axon_ip, axon_port, "
                               "axon_ip_type, axon_protocol, axon_block FROM neurons", f"{n}:")
        epoch = {k: r for k, *r in _range(conn, EPOCH_SQL, f"{n}:")}
        pools = {k.split(":", 1)[1]: a for k, a in _range(conn, "SELECT key, alpha FROM hotkey_alpha", f"{n}:")}
        roots = {k.split(":", 1)[1]: a for k, a in _range(conn, "SELECT key, alpha FROM hotkey_alpha", "0:")} if n else {}
        rows = [eco.subnet(view, x) for x in eco.netuids(view)]
        pool = subnet_summary(view, s, head, _shares(view, rows))
        block_emission = em.block_emission(balances.total_issuance(view))
        weights = _sparse(conn, "weights", n) if with_weights else None
        bonds = _sparse(conn, "bonds", n) if with_bonds else None
    out: dict[str, Any] = {"head": head, "netuid": n, "n": len(neurons), "tao_weight": tao_weight / eco.U64_MAX,
                           "block_emission": block_emission}
    cols: dict[str, list] = {name: [] for name in (
        "uids", "hotkeys", "coldkeys", "stake", "alpha_stake", "root_stake", "stake_weight", "consensus", "incentive",
        "dividends", "validator_trust", "active", "validator_permit", "emission", "daily_emission", "incentive_alpha",
        "dividends_alpha", "registered_at", "last_update", "blocks_since_update", "immune", "recycled", "axons")}
    per_day = hp.BLOCKS_PER_DAY
    zero = (0,) * 9
    for key, hotkey, coldkey, reg_at, last_update, emission, ip, port, ip_type, protocol, axon_block in neurons:
        e = epoch.get(key, zero)
        alpha, root = pools.get(hotkey, 0), roots.get(hotkey, 0)
        cols["uids"].append(int(key[key.index(":") + 1:]))
        cols["hotkeys"].append(hotkey)
        cols["coldkeys"].append(coldkey)
        cols["stake"].append(alpha + root * tao_weight // eco.U64_MAX)
        cols["alpha_stake"].append(alpha)
        cols["root_stake"].append(root)
        cols["stake_weight"].append(e[0])
        cols["active"].append(bool(e[1]))
        cols["consensus"].append(e[2])
        cols["incentive"].append(e[3])
        cols["dividends"].append(e[4])
        cols["validator_trust"].append(e[5])
        cols["validator_permit"].append(bool(e[6]))
        cols["incentive_alpha"].append(e[7])
        cols["dividends_alpha"].append(e[8])
        cols["emission"].append(emission)
        cols["daily_emission"].append(emission * per_day // tempo if tempo else 0)
        cols["registered_at"].append(reg_at)
        cols["last_update"].append(last_update)
        cols["blocks_since_update"].append(head - last_update)
        cols["immune"].append(head - reg_at < immunity)
        cols["recycled"].append(coldkey == s.owner_coldkey)  # its incentive is recycled, not paid (spec §2.6)
        cols["axons"].append({"ip": ip, "port": port, "ip_type": ip_type, "protocol": protocol, "block": axon_block}
                             if axon_block else None)
    out.update(cols)
    out["pool"] = pool
    out["hyperparameters"] = {k: (v / 2**64 if hp.HYPERPARAMS.get(k) and hp.HYPERPARAMS[k].type == "float" else v)
                              for k, v in sorted(values.items())}
    out["hyperparameters"]["burn"] = s.burn
    if weights is not None:
        out["weights"] = weights
    if bonds is not None:
        out["bonds"] = bonds
    return out


@method("taonet_weightCommits")
def taonet_weight_commits(chain: Chain, netuid: Any, hotkey: Any) -> dict:
    """A hotkey's unrevealed weight commits on a subnet and when each can be revealed: {head,
    netuid, hotkey, epoch (the subnet's epoch index now), tempo, commit_reveal_enabled,
    reveal_period, commits: [{hash, commit_block, commit_epoch, reveal_epoch, status
    ("waiting" | "revealable" | "expired"), reveal_from_block, reveal_until_block (projected)}]}."""
    hk = _address(hotkey)
    with snapshot(chain) as view:
        s = _subnet(view, netuid)
        tempo = eco.param(view, s.netuid, "tempo")
        items = wt.commits(view, s.netuid, hk)
        return {"head": view.head, "netuid": s.netuid, "hotkey": hk, "epoch": s.epoch_count, "tempo": tempo,
                "last_epoch_block": s.last_epoch_block,
                "commit_reveal_enabled": wt.cr_enabled(view, s.netuid),
                "reveal_period": eco.param(view, s.netuid, "commit_reveal_period"),
                "commits": [_commit(s, tempo, c) for c in items]}


def _commit(s: eco.Subnet, tempo: int, c: list) -> dict[str, Any]:
    first, last = wt.reveal_window(s, tempo, c[3])
    return {"hash": c[0], "commit_block": c[1], "commit_epoch": c[2], "reveal_epoch": c[3],
            "status": wt.commit_status(s, c[3]), "reveal_from_block": first, "reveal_until_block": last}


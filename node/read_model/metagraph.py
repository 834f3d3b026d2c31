"""Neurons in the read model: a subnet's neurons, its whole metagraph, a hotkey's weight commits.

The metagraph comes as columns (one list per field, index = uid), which encodes fast at 4096 uids;
proportions are the stored u16 values (divide by 65535).
"""
from __future__ import annotations

import json
from typing import Any

from consensus import emission as em
from consensus import params as hp
from node.read_model.subnets import require_subnet, subnet_with_share
from node.reader import View
from node.runtime import balances
from node.runtime import economy as eco
from node.runtime import weights as wt

EPOCH_SQL = ("SELECT key, stake_weight, active, consensus, incentive, dividends, validator_trust, validator_permit, "
             "incentive_alpha, dividends_alpha FROM neuron_epoch")
COLUMNS = ("uids", "hotkeys", "coldkeys", "stake", "alpha_stake", "root_stake", "stake_weight", "consensus", "incentive",
           "dividends", "validator_trust", "active", "validator_permit", "emission", "daily_emission", "incentive_alpha",
           "dividends_alpha", "registered_at", "last_update", "blocks_since_update", "immune", "recycled", "axons")


def _range(conn: Any, sql: str, prefix: str) -> list[tuple]:
    return conn.execute(sql + " WHERE key >= ? AND key < ? ORDER BY key", (prefix, prefix + ";")).fetchall()


def _sparse(conn: Any, table: str, netuid: int) -> dict[str, list]:
    rows = _range(conn, f"SELECT key, row FROM {table}", f"{netuid}:")
    return {str(int(k.split(":")[1])): json.loads(r) for k, r in rows}


def neurons(view: View, netuid: int) -> dict[str, Any]:
    """A subnet's neurons in uid order: {"head", "netuid", "neurons": [{uid, hotkey, coldkey,
    registered_at, last_update, emission, axon: {ip, port, ip_type, protocol, block} | None,
    stake (alpha of the hotkey's pool), immune}]}."""
    s = require_subnet(view, netuid)
    immunity = eco.param(view, s.netuid, "immunity_period")
    head = view.head
    pools = {k.split(":", 1)[1]: a for k, a, _ in view.prefix("hotkey_alpha", f"{s.netuid}:")}
    out = []
    for key, hotkey, coldkey, reg_at, last_update, emission, ip, port, ip_type, protocol, axon_block in \
            view.prefix("neurons", f"{s.netuid}:"):
        out.append({"uid": int(key.split(":")[1]), "hotkey": hotkey, "coldkey": coldkey, "registered_at": reg_at,
                    "last_update": last_update, "emission": emission,
                    "axon": {"ip": ip, "port": port, "ip_type": ip_type, "protocol": protocol, "block": axon_block}
                    if axon_block else None,
                    "stake": pools.get(hotkey, 0), "immune": head - reg_at < immunity})
    return {"head": head, "netuid": s.netuid, "neurons": out}


def metagraph(view: View, netuid: int, with_weights: bool = False, with_bonds: bool = False) -> dict[str, Any]:
    """A subnet's full metagraph as columns indexed by uid (the shape is taonet_metagraph's, in
    node/rpc_metagraph.py), with weights / bonds ({uid: [[uid, u16], …]}) only when asked."""
    s = require_subnet(view, netuid)
    n = s.netuid
    head = view.head
    conn = view.conn
    values = {**eco.default_params(), **eco.params(view, n)}
    tempo = int(values.get("tempo", 360))
    immunity = int(values.get("immunity_period", 0))
    tao_weight = eco.setting(view, "tao_weight")
    rows = _range(conn, "SELECT key, hotkey, coldkey, registered_at, last_update, emission, axon_ip, axon_port, "
                        "axon_ip_type, axon_protocol, axon_block FROM neurons", f"{n}:")
    epoch = {k: r for k, *r in _range(conn, EPOCH_SQL, f"{n}:")}
    pools = {k.split(":", 1)[1]: a for k, a in _range(conn, "SELECT key, alpha FROM hotkey_alpha", f"{n}:")}
    roots = {k.split(":", 1)[1]: a for k, a in _range(conn, "SELECT key, alpha FROM hotkey_alpha", "0:")} if n else {}
    pool = subnet_with_share(view, s)
    block_emission = em.block_emission(balances.total_issuance(view))
    weights = _sparse(conn, "weights", n) if with_weights else None
    bonds = _sparse(conn, "bonds", n) if with_bonds else None
    out: dict[str, Any] = {"head": head, "netuid": n, "n": len(rows), "tao_weight": tao_weight / eco.U64_MAX,
                           "block_emission": block_emission}
    cols: dict[str, list] = {name: [] for name in COLUMNS}
    per_day = hp.BLOCKS_PER_DAY
    zero = (0,) * 9
    for key, hotkey, coldkey, reg_at, last_update, emission, ip, port, ip_type, protocol, axon_block in rows:
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


def _commit(s: eco.Subnet, tempo: int, c: list) -> dict[str, Any]:
    first, last = wt.reveal_window(s, tempo, c[3])
    return {"hash": c[0], "commit_block": c[1], "commit_epoch": c[2], "reveal_epoch": c[3],
            "status": wt.commit_status(s, c[3]), "reveal_from_block": first, "reveal_until_block": last}


def weight_commits(view: View, netuid: int, hotkey: str) -> dict[str, Any]:
    """A hotkey's unrevealed weight commits on a subnet and when each can be revealed: {head,
    netuid, hotkey, epoch, tempo, last_epoch_block, commit_reveal_enabled, reveal_period, commits:
    [{hash, commit_block, commit_epoch, reveal_epoch, status ("waiting" | "revealable" |
    "expired"), reveal_from_block, reveal_until_block (projected)}]}."""
    s = require_subnet(view, netuid)
    tempo = eco.param(view, s.netuid, "tempo")
    items = wt.commits(view, s.netuid, hotkey)
    return {"head": view.head, "netuid": s.netuid, "hotkey": hotkey, "epoch": s.epoch_count, "tempo": tempo,
            "last_epoch_block": s.last_epoch_block,
            "commit_reveal_enabled": wt.cr_enabled(view, s.netuid),
            "reveal_period": eco.param(view, s.netuid, "commit_reveal_period"),
            "commits": [_commit(s, tempo, c) for c in items]}

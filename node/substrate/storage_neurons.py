"""Per-neuron and per-account storage items (`SubtensorModule`) from taonet's `neurons`, `uids`,
`neuron_epoch`, `weights`, `bonds`, `weight_commits`, `hotkey_owner`, `hotkey_alpha`, `stake` and
`delegates` rows (node/schema.py).

Shares: taonet keeps a staker's shares of a hotkey pool as an integer (node.runtime.staking); the
runtime's `Alpha` and `TotalHotkeyShares` are U64F64, so their bits are shares << 64 (the value a
staker's alpha is computed from, shares · TotalHotkeyAlpha / TotalHotkeyShares, is the same).
Vectors per subnet (`LastUpdate`, `Active`, `Incentive`, ...) have one entry per uid, zero where the
last epoch wrote nothing. Weight commits are taonet's hash commit-reveal (v2): `WeightCommits`;
it has no timelocked (v3) commits, so `CRV3WeightCommits` is not served (empty).
`Weights`, `Bonds`, `WeightCommits`, `LastUpdate` and `Incentive` are keyed by the storage index
mecid·4096 + netuid, as the chain's (node.runtime.mechanisms): a sub-mechanism's rows under its index.
"""
from __future__ import annotations

import ipaddress
import json
from typing import Any

from node.runtime import economy as eco
from node.runtime import mechanisms
from node.runtime import weights as wt
from node.substrate.storage_items import Ctx, Item, Params, fixed, table

EPOCH_COLUMNS = ("stake_weight", "active", "consensus", "incentive", "dividends", "validator_trust",
                 "validator_permit", "emission", "incentive_alpha", "dividends_alpha", "epoch_block")


def _neurons(ctx: Ctx, netuid: Any) -> list[tuple]:
    if not isinstance(netuid, int) or ctx.subnet(netuid) is None:
        return []
    return ctx.rows("neurons", f"{netuid}:")


def _uid(ctx: Ctx, netuid: Any, hotkey: Any) -> int | None:
    if not isinstance(netuid, int) or not isinstance(hotkey, str):
        return None
    row = ctx.view.get("uids", f"{netuid}:{hotkey}")
    return None if row is None else row[0]


def _neuron(ctx: Ctx, netuid: Any, uid: Any) -> tuple | None:
    if not isinstance(netuid, int) or not isinstance(uid, int) or not 0 <= uid < 1 << 16:
        return None
    return ctx.view.get("neurons", f"{netuid}:{uid:05d}")


def _netuid_keys(ctx: Ctx) -> list[Params]:
    return [(n,) for n in ctx.netuids()]


def _neuron_keys(ctx: Ctx) -> list[tuple[int, int, tuple]]:
    """(netuid, uid, row) of every neuron."""
    out = []
    for key, *row in ctx.rows("neurons"):
        netuid, uid = key.split(":")
        out.append((int(netuid), int(uid), tuple(row)))
    return out


def _epoch_vector(column: str, as_bool: bool = False) -> Any:
    index = EPOCH_COLUMNS.index(column)

    def value(ctx: Ctx, params: Params) -> Any:
        neurons = _neurons(ctx, params[0])
        if not neurons and ctx.subnet(params[0]) is None:
            return None
        epoch = {k: r for k, *r in ctx.rows("neuron_epoch", f"{params[0]}:")}
        out = [epoch[n[0]][index] if n[0] in epoch else 0 for n in neurons]
        return [bool(v) for v in out] if as_bool else out

    return value


def _split_index(index: Any) -> tuple[int, int] | None:
    """(netuid, mecid) of a storage index whose subnet runs that mechanism, else None."""
    if not isinstance(index, int):
        return None
    return mechanisms.cm.netuid_and_mecid(index)


def _mechanism_vector(kind: str) -> Any:
    """LastUpdate / Incentive of a storage index: the mechanism's per-uid values."""
    def value(ctx: Ctx, params: Params) -> Any:
        where = _split_index(params[0])
        if where is None or ctx.subnet(where[0]) is None or where[1] >= mechanisms.count(ctx.view, where[0]):
            return None
        netuid, mecid = where
        rows = _neurons(ctx, netuid)
        if kind == "last_update":
            return [mechanisms.last_update(ctx.view, netuid, mecid, u, tuple(r[1:])) for u, r in enumerate(rows)]
        return [mechanisms.incentive(ctx.view, netuid, mecid, u) for u in range(len(rows))]

    return value


def _mechanism_keys(ctx: Ctx) -> list[Params]:
    return [(mechanisms.cm.storage_index(n, m),) for n in ctx.netuids() for m in range(mechanisms.count(ctx.view, n))]


def _vector(fn: Any) -> Any:
    def value(ctx: Ctx, params: Params) -> Any:
        if ctx.subnet(params[0]) is None:
            return None
        return [fn(row) for row in _neurons(ctx, params[0])]

    return value


def _axon(ctx: Ctx, params: Params) -> Any:
    uid = _uid(ctx, *params)
    row = _neuron(ctx, params[0], uid) if uid is not None else None
    if row is None or not row[9]:
        return None
    _, _, _, _, _, ip, port, ip_type, protocol, block = row
    return {"block": block, "version": 0, "ip": int(ipaddress.ip_address(ip)), "port": port, "ip_type": ip_type,
            "protocol": protocol, "placeholder1": 0, "placeholder2": 0}


def _row_map(table_name: str) -> Item:
    """Weights / Bonds: (netuid, uid) -> [(uid, u16), …] from taonet's sparse rows."""
    def value(ctx: Ctx, params: Params) -> Any:
        index, uid = params
        where = _split_index(index)
        if where is None or _neuron(ctx, where[0], uid) is None:
            return None
        row = ctx.view.get(table_name, f"{index}:{uid:05d}")
        return None if row is None else [tuple(pair) for pair in json.loads(row[0])]

    def keys(ctx: Ctx) -> list[Params]:
        return [(int(k.split(":")[0]), int(k.split(":")[1])) for k, _ in ctx.rows(table_name)]

    return Item("SubtensorModule", table_name.capitalize(), value, keys)


def _weight_commits(ctx: Ctx, params: Params) -> Any:
    """(hash, commit_block, first_reveal_block, last_reveal_block) per unrevealed commit."""
    index, hotkey = params
    where = _split_index(index)
    s = ctx.subnet(where[0]) if where else None
    if s is None or not isinstance(hotkey, str):
        return None
    netuid = s.netuid
    items = wt.commits(ctx.view, index, hotkey)
    if not items:
        return None
    tempo = eco.param(ctx.view, netuid, "tempo")
    return [(c[0], c[1], *wt.reveal_window(s, tempo, c[3])) for c in items]


def _split2(key: str) -> tuple[int, str]:
    netuid, hotkey = key.split(":", 1)
    return int(netuid), hotkey


def _owned_hotkeys(ctx: Ctx) -> dict[str, list[str]]:
    def compute() -> dict[str, list[str]]:
        owned: dict[str, list[str]] = {}
        for hotkey, coldkey, since in sorted(ctx.rows("hotkey_owner"), key=lambda r: (r[2], r[0])):
            owned.setdefault(coldkey, []).append(hotkey)
        return owned

    return ctx.memo("owned", compute)


def _stake_rows(ctx: Ctx) -> list[tuple[str, str, int, int]]:
    """(coldkey, hotkey, netuid, shares) of every stake."""
    return ctx.memo("stakes", lambda: [(*k.split(":")[:2], int(k.split(":")[2]), s) for k, s in ctx.rows("stake")])


def _staking_hotkeys(ctx: Ctx, params: Params) -> Any:
    hotkeys = sorted({r[1] for r in _stake_rows(ctx) if r[0] == params[0]})
    return hotkeys or None


def _alpha(ctx: Ctx, params: Params) -> Any:
    hotkey, coldkey, netuid = params
    row = ctx.view.get("stake", f"{coldkey}:{hotkey}:{netuid}")
    return None if row is None or not row[0] else fixed(row[0] << 64)


def _pool(index: int, wrap: Any) -> Any:
    def value(ctx: Ctx, params: Params) -> Any:
        hotkey, netuid = params
        row = ctx.view.get("hotkey_alpha", f"{netuid}:{hotkey}")
        return None if row is None else wrap(row[index])

    return value


def _pool_keys(ctx: Ctx) -> list[Params]:
    return [(h, n) for n, h in (_split2(k) for k, _, _ in ctx.rows("hotkey_alpha"))]


ITEMS = table(
    Item("SubtensorModule", "Keys", lambda ctx, p: (_neuron(ctx, *p) or (None,))[0],
         lambda ctx: [(n, u) for n, u, _ in _neuron_keys(ctx)]),
    Item("SubtensorModule", "Uids", lambda ctx, p: _uid(ctx, *p),
         lambda ctx: [_split2(k) for k, _ in ctx.rows("uids")]),
    Item("SubtensorModule", "IsNetworkMember", lambda ctx, p: True if _uid(ctx, p[1], p[0]) is not None else None,
         lambda ctx: [(h, n) for n, h in (_split2(k) for k, _ in ctx.rows("uids"))]),
    Item("SubtensorModule", "Axons", _axon,
         lambda ctx: [(n, row[0]) for n, _, row in _neuron_keys(ctx) if row[9]]),
    _row_map("weights"),
    _row_map("bonds"),
    Item("SubtensorModule", "WeightCommits", _weight_commits,
         lambda ctx: [_split2(k) for k, _ in ctx.rows("weight_commits")]),
    Item("SubtensorModule", "LastUpdate", _mechanism_vector("last_update"), _mechanism_keys),
    Item("SubtensorModule", "Emission", _vector(lambda row: row[5]), _netuid_keys),
    Item("SubtensorModule", "Active", _epoch_vector("active", True), _netuid_keys),
    Item("SubtensorModule", "ValidatorPermit", _epoch_vector("validator_permit", True), _netuid_keys),
    Item("SubtensorModule", "StakeWeight", _epoch_vector("stake_weight"), _netuid_keys),
    Item("SubtensorModule", "Consensus", _epoch_vector("consensus"), _netuid_keys),
    Item("SubtensorModule", "Incentive", _mechanism_vector("incentive"), _mechanism_keys),
    Item("SubtensorModule", "Dividends", _epoch_vector("dividends"), _netuid_keys),
    Item("SubtensorModule", "ValidatorTrust", _epoch_vector("validator_trust"), _netuid_keys),
    Item("SubtensorModule", "Owner", lambda ctx, p: (ctx.view.get("hotkey_owner", p[0]) or (None,))[0],
         lambda ctx: [(r[0],) for r in ctx.rows("hotkey_owner")]),
    Item("SubtensorModule", "OwnedHotkeys", lambda ctx, p: _owned_hotkeys(ctx).get(p[0]),
         lambda ctx: [(c,) for c in _owned_hotkeys(ctx)]),
    Item("SubtensorModule", "StakingHotkeys", _staking_hotkeys,
         lambda ctx: [(c,) for c in sorted({r[0] for r in _stake_rows(ctx)})]),
    Item("SubtensorModule", "Delegates", lambda ctx, p: (ctx.view.get("delegates", p[0]) or (None,))[0],
         lambda ctx: [(r[0],) for r in ctx.rows("delegates")]),
    Item("SubtensorModule", "LastTxBlockDelegateTake", lambda ctx, p: (ctx.view.get("delegates", p[0]) or (0, 0))[1] or None,
         lambda ctx: [(r[0],) for r in ctx.rows("delegates") if r[2]]),
    Item("SubtensorModule", "TotalHotkeyAlpha", _pool(0, int), _pool_keys),
    Item("SubtensorModule", "TotalHotkeyShares", _pool(1, lambda shares: fixed(shares << 64)), _pool_keys),
    Item("SubtensorModule", "Alpha", _alpha,
         lambda ctx: [(h, c, n) for c, h, n, s in _stake_rows(ctx) if s]),
)

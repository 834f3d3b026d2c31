"""Weights: set_weights with the chain's checks, and hash commit-reveal (v2).  # spec §4

Storage. `weights` and `bonds` hold one sparse row per validator, key f"{netuid}:{uid:05d}", as
compact JSON [[uid, u16], …] in uid order. `weight_commits` holds a hotkey's unrevealed commits on
a subnet, key f"{netuid}:{hotkey}", as JSON [[hash hex, commit_block, commit_epoch, reveal_epoch]]
oldest first. The last epoch's permits are read from `neuron_epoch` (node.runtime.epoch).

Epoch index. A subnet's epoch index is `epoch_count` (epochs run so far). A commit made while the
index is k gets commit_epoch = k and may be revealed only while the index is exactly
k + commit_reveal_period (the reveal epoch); once the index is past it the commit has expired.
The epoch with index k+1 runs at about last_epoch_block + tempo (the scheduler of §2.5), so the
reveal window in blocks is [start of epoch k+p, start of epoch k+p+1).

Commit hash (taonet's canonical encoding; the real chain hashes the SCALE encoding instead):
    BLAKE2b-256( canonical JSON {"hotkey": ss58, "netuid": int, "salt": [u16…],
                 "uids": [u16…], "values": [u16…], "version_key": int} )
canonical JSON = keys sorted, separators (",", ":"), ASCII; `values` are the u16 values exactly
as later passed to reveal_weights (before the chain's max-upscale). See `commit_hash`; a commit
from the real SDK (SCALE, through node.substrate) carries the real chain's hash, which a reveal opens
too (node.weights_commit.revealed_hash).

Fees and admission. The three calls are free (Pays::No, as on the chain); node.runtime.fee knows
them. Because a free call that fails would cost its sender nothing, the pool refuses one that
would fail its cheap checks, as the chain's CheckWeights / CheckRateLimits guards do at
validation: `admission_check` (run by node.chain.Chain.submit against the last committed block)
requires a subnet other than root, a hotkey registered on it, the stake threshold (the owner is
exempt), the weights rate limit for set and commit, and for a reveal a matching commit in its
reveal epoch. What it lets through is checked again, fully, when the block applies it.
"""
from __future__ import annotations

import json
from typing import Any

from node.runtime import amounts, childkeys, mechanisms, staking
from node.runtime import economy as eco
from node.runtime.dispatch import Context, DispatchError, register
from node.runtime.types import ArgumentError, Field, hash32, u64
from node.weights_commit import commit_hash, revealed_hash  # noqa: F401  (the encodings: that module's docstring)

U16_MAX = 65535
MAX_UNREVEALED_COMMITS = 10
FEELESS_CALLS = frozenset({"subtensor.set_weights", "subtensor.commit_weights", "subtensor.reveal_weights",
                           "subtensor.set_mechanism_weights", "subtensor.commit_mechanism_weights",
                           "subtensor.reveal_mechanism_weights"})


def u16_list(value: Any, name: str) -> list[int]:
    if not isinstance(value, list) or len(value) > 65536 or \
            any(type(v) is not int or not 0 <= v <= U16_MAX for v in value):
        raise ArgumentError(f"{name} must be a list of integers in 0..65535")
    return value




# -- rows ---------------------------------------------------------------------------------------
def row_key(netuid: int, uid: int) -> str:
    return f"{netuid}:{uid:05d}"


def encode_row(row: list[tuple[int, int]] | list[list[int]]) -> str:
    return json.dumps([[int(u), int(v)] for u, v in row], separators=(",", ":"))


def read_row(state: Any, table: str, netuid: int, uid: int) -> list[list[int]]:
    row = state.get(table, row_key(netuid, uid))
    return [] if row is None else json.loads(row[0])


def write_row(state: Any, table: str, netuid: int, uid: int, row: list) -> None:
    key = row_key(netuid, uid)
    new = (encode_row(row),) if row else None
    if state.get(table, key) != new:
        state.put(table, key, new)


def max_upscale(values: list[int]) -> list[int]:
    """v ← round(v·65535 / max v), half away from zero (values ≥ 0); all zeros stay zeros.  # spec §4"""
    top = max(values, default=0)
    if top == 0:
        return list(values)
    return [(2 * v * U16_MAX + top) // (2 * top) for v in values]


def permit_of(state: Any, netuid: int, uid: int) -> bool:
    row = state.get("neuron_epoch", row_key(netuid, uid))
    return bool(row and row[6])


def stake_weight(state: Any, netuid: int, hotkey: str) -> int:
    """s = α + τ_w·t (alpha on the subnet plus TaoWeight × root stake, both inherited through
    childkeys), floored.  # spec §1.1"""
    alpha = staking.hotkey_pool(state, netuid, hotkey)[0]
    root = staking.hotkey_pool(state, eco.ROOT_NETUID, hotkey)[0]
    (alpha,), (root,) = childkeys.inherited_stakes(state, netuid, [hotkey], [alpha], [root])
    return alpha + root * eco.setting(state, "tao_weight") // eco.U64_MAX


# -- the checks, in the chain's order -------------------------------------------------------------
def _neuron(ctx: Context, netuid: int, mecid: int = 0) -> tuple[eco.Subnet, int, str, tuple]:
    """The subnet, the signer's uid and hotkey, and its neurons row with the mechanism's
    last_update in place of the subnet's (column 3)."""
    hotkey = ctx.signer()
    if netuid == eco.ROOT_NETUID:
        raise DispatchError("subtensor.CanNotSetRootNetworkWeights",
                            "root (netuid 0) takes no weights: set weights on a subnet (netuid ≥ 1)")
    s = eco.require_subnet(ctx.state, netuid)
    mechanisms.ensure_exists(ctx.state, netuid, mecid)
    uid = eco.uid_of(ctx.state, netuid, hotkey)
    if uid is None:
        raise DispatchError("subtensor.HotKeyNotRegisteredInSubNet",
                            f"hotkey {hotkey} is not registered on subnet {netuid}: register it first "
                            f"(`btcli subnets register --netuid {netuid}`); weights are signed by the hotkey")
    neuron = ctx.state.get("neurons", eco.neuron_key(netuid, uid))
    if mecid:
        neuron = (*neuron[:3], mechanisms.last_update(ctx.state, netuid, mecid, uid, neuron), *neuron[4:])
    return s, uid, hotkey, neuron


def _rate_limit(ctx: Context, netuid: int, uid: int, last_update: int) -> None:
    limit = eco.param(ctx.state, netuid, "weights_rate_limit")
    if last_update and ctx.block_number - last_update < limit:
        raise DispatchError("subtensor.SettingWeightsTooFast",
                            f"uid {uid} last set or committed weights at block {last_update}; the rate limit is {limit} "
                            f"blocks, so the next is allowed from block {last_update + limit}")


def check_weights(ctx: Context, s: eco.Subnet, uid: int, hotkey: str, last_update: int, uids: list[int],
                  values: list[int], version_key: int, rate_limited: bool) -> None:
    """set_weights' checks after the hotkey is known registered (spec §4 order)."""
    state, netuid = ctx.state, s.netuid
    if len(uids) != len(values):
        raise DispatchError("subtensor.WeightVecNotEqualSize",
                            f"{len(uids)} uids but {len(values)} weights: pass one weight per uid")
    if len(uids) > s.neurons:
        raise DispatchError("subtensor.UidsLengthExceedUidsInSubNet",
                            f"{len(uids)} weights for a subnet of {s.neurons} uids")
    is_owner = hotkey == s.owner_hotkey
    threshold = eco.setting(state, "stake_threshold")
    stake = stake_weight(state, netuid, hotkey)
    if not is_owner and stake < threshold:
        raise DispatchError("subtensor.NotEnoughStakeToSetWeights",
                            f"hotkey {hotkey} has a stake weight of {amounts.tao(stake)} on subnet {netuid}; setting weights "
                            f"needs {amounts.tao(threshold)}: stake more to it (`btcli stake add`)")
    network_key = eco.param(state, netuid, "weights_version")
    if network_key and version_key < network_key:
        raise DispatchError("subtensor.IncorrectWeightVersionKey",
                            f"version key {version_key} is below the subnet's weights_version {network_key}: "
                            f"upgrade your validator or pass --version-key {network_key}")
    if rate_limited:
        _rate_limit(ctx, netuid, uid, last_update)
    self_only = len(uids) == 1 and uids[0] == uid
    if not (is_owner or self_only or permit_of(state, netuid, uid)):
        raise DispatchError("subtensor.NeuronNoValidatorPermit",
                            f"uid {uid} holds no validator permit on subnet {netuid} (permits go to the top "
                            f"{eco.param(state, netuid, 'max_allowed_validators')} stakes at each epoch): stake more, "
                            "wait for the next epoch, or set a weight on your own uid only")
    if len(set(uids)) != len(uids):
        raise DispatchError("subtensor.DuplicateUids", "a uid appears twice in the weights: pass each uid once")
    bad = [u for u in uids if u >= s.neurons]
    if bad:
        raise DispatchError("subtensor.UidVecContainInvalidOne",
                            f"uid {bad[0]} does not exist on subnet {netuid} (uids 0..{s.neurons - 1})")
    minimum = min(eco.param(state, netuid, "min_allowed_weights"), s.neurons)
    if not self_only and len(uids) < minimum:
        raise DispatchError("subtensor.WeightVecLengthIsLow",
                            f"{len(uids)} weights, but subnet {netuid} needs at least {minimum} (min_allowed_weights)")


def _touch(ctx: Context, netuid: int, mecid: int, uid: int) -> None:
    """The uid's last_update on the mechanism is now (LastUpdate[netuid_index])."""
    if mecid:
        mechanisms.set_last_update(ctx.state, netuid, mecid, uid, ctx.block_number)
        return
    key = eco.neuron_key(netuid, uid)
    row = list(ctx.state.get("neurons", key))
    row[3] = ctx.block_number
    ctx.state.put("neurons", key, tuple(row))


def _store(ctx: Context, s: eco.Subnet, uid: int, hotkey: str, uids: list[int], values: list[int],
           mecid: int = 0) -> None:
    stored = sorted(zip(uids, max_upscale(values)))
    write_row(ctx.state, "weights", index(s.netuid, mecid), uid, stored)
    _touch(ctx, s.netuid, mecid, uid)
    ctx.emit("subtensor.WeightsSet", netuid=s.netuid, uid=uid, hotkey=hotkey, count=len(stored),
             **({"mecid": mecid} if mecid else {}))


def index(netuid: int, mecid: int) -> int:
    """Where a mechanism's rows live: mecid·4096 + netuid (the netuid itself for mechanism 0)."""
    return mechanisms.cm.storage_index(netuid, mecid)


@register("subtensor.set_weights", netuid=Field(u64), dests=Field(u16_list), weights=Field(u16_list),
          version_key=Field(u64, 0))
def set_weights(ctx: Context, netuid: int, dests: list[int], weights: list[int], version_key: int,
                mecid: int = 0) -> None:
    """Signed by the hotkey: store its weights on `netuid` (max-upscaled u16) and its last_update."""
    if netuid != eco.ROOT_NETUID and eco.subnet(ctx.state, netuid) is not None and cr_enabled(ctx.state, netuid):
        raise DispatchError("subtensor.CommitRevealEnabled",
                            f"subnet {netuid} uses commit-reveal: commit a hash now and reveal in the reveal epoch "
                            f"(`btcli weights commit --netuid {netuid}`, then `btcli weights reveal --netuid {netuid}`)")
    s, uid, hotkey, neuron = _neuron(ctx, netuid, mecid)
    check_weights(ctx, s, uid, hotkey, neuron[3], dests, weights, version_key, rate_limited=True)
    _store(ctx, s, uid, hotkey, dests, weights, mecid)


@register("subtensor.set_mechanism_weights", netuid=Field(u64), mecid=Field(mechanisms.mechanism_id),
          dests=Field(u16_list), weights=Field(u16_list), version_key=Field(u64, 0))
def set_mechanism_weights(ctx: Context, netuid: int, mecid: int, dests: list[int], weights: list[int],
                          version_key: int) -> None:
    """set_weights on one mechanism of the subnet (its own weights row and last_update)."""
    set_weights(ctx, netuid, dests, weights, version_key, mecid)


# -- commit-reveal --------------------------------------------------------------------------------
def cr_enabled(state: Any, netuid: int) -> bool:
    return bool(eco.param(state, netuid, "commit_reveal_weights_enabled"))


def commits(state: Any, netuid: int, hotkey: str) -> list[list]:
    row = state.get("weight_commits", f"{netuid}:{hotkey}")
    return [] if row is None else json.loads(row[0])


def _save_commits(state: Any, netuid: int, hotkey: str, items: list[list]) -> None:
    state.put("weight_commits", f"{netuid}:{hotkey}", (json.dumps(items, separators=(",", ":")),) if items else None)


def epoch_start_block(s: eco.Subnet, tempo: int, epoch_index: int) -> int:
    """About when the epoch with this index starts (runs): past ones are not recorded, so this
    is the scheduler's projection from the last epoch (§2.5; a deferral can add a block)."""
    return s.last_epoch_block + (epoch_index - s.epoch_count) * tempo


def reveal_window(s: eco.Subnet, tempo: int, reveal_epoch: int) -> tuple[int, int]:
    """(first, last) block of the reveal epoch, projected."""
    start = epoch_start_block(s, tempo, reveal_epoch)
    return start, start + tempo - 1


def commit_status(s: eco.Subnet, reveal_epoch: int) -> str:
    if s.epoch_count < reveal_epoch:
        return "waiting"
    return "revealable" if s.epoch_count == reveal_epoch else "expired"


def unexpired(s: eco.Subnet, items: list[list]) -> list[list]:
    return [c for c in items if c[3] >= s.epoch_count]


@register("subtensor.commit_weights", netuid=Field(u64), commit_hash=Field(hash32))
def commit_weights(ctx: Context, netuid: int, commit_hash: str, mecid: int = 0) -> None:  # noqa: F811
    """Signed by the hotkey: store the hash of weights to reveal in the reveal epoch (§4 v2)."""
    s, uid, hotkey, neuron = _neuron(ctx, netuid, mecid)
    state, at = ctx.state, index(netuid, mecid)
    if not cr_enabled(state, netuid):
        raise DispatchError("subtensor.CommitRevealDisabled",
                            f"commit-reveal is off on subnet {netuid}: set weights directly (`btcli weights set`)")
    _rate_limit(ctx, netuid, uid, neuron[3])
    items = unexpired(s, commits(state, at, hotkey))
    if len(items) >= MAX_UNREVEALED_COMMITS:
        raise DispatchError("subtensor.TooManyUnrevealedCommits",
                            f"hotkey {hotkey} already has {len(items)} unrevealed commits on subnet {netuid} (the most "
                            "allowed): reveal them or let them expire first")
    period = eco.param(state, netuid, "commit_reveal_period")
    reveal_epoch = s.epoch_count + period
    items.append([commit_hash, ctx.block_number, s.epoch_count, reveal_epoch])
    _save_commits(state, at, hotkey, items)
    _touch(ctx, netuid, mecid, uid)
    first, last = reveal_window(s, eco.param(state, netuid, "tempo"), reveal_epoch)
    ctx.emit("subtensor.WeightsCommitted", netuid=netuid, uid=uid, hotkey=hotkey, commit_hash=commit_hash,
             commit_epoch=s.epoch_count, reveal_epoch=reveal_epoch, reveal_from_block=first, reveal_until_block=last,
             **({"mecid": mecid} if mecid else {}))


@register("subtensor.commit_mechanism_weights", netuid=Field(u64), mecid=Field(mechanisms.mechanism_id),
          commit_hash=Field(hash32))
def commit_mechanism_weights(ctx: Context, netuid: int, mecid: int, commit_hash: str) -> None:  # noqa: F811
    """commit_weights on one mechanism (its commits are keyed by mecid·4096 + netuid, and the hash
    binds that index in place of the netuid)."""
    commit_weights(ctx, netuid, commit_hash, mecid)


def matching_commit(s: eco.Subnet, tempo: int, hotkey: str, items: list[list], wanted: str, block: int) -> list:
    """The commit a reveal of hash `wanted` opens, if it may be revealed now; else DispatchError.
    Reads only (the pool's admission check runs it on a read-only view)."""
    netuid = s.netuid
    if not items:
        raise DispatchError("subtensor.NoWeightsCommitFound",
                            f"hotkey {hotkey} has no weight commit on subnet {netuid}: commit first "
                            f"(`btcli weights commit --netuid {netuid}`)")
    match = next((c for c in items if c[0] == wanted), None)
    now = f"now block {block}, epoch {s.epoch_count}"
    if match is None:
        if not unexpired(s, items):
            raise DispatchError("subtensor.ExpiredWeightCommit",
                                f"every commit of hotkey {hotkey} on subnet {netuid} has expired (the last was for "
                                f"epoch {items[-1][3]}; {now}): commit again")
        raise DispatchError("subtensor.InvalidRevealCommitHashNotMatch",
                            f"these uids, weights, salt and version key do not match any of the "
                            f"{len(unexpired(s, items))} commit(s) of hotkey {hotkey} on subnet {netuid}: reveal exactly "
                            "what was committed")
    first, last = reveal_window(s, tempo, match[3])
    if s.epoch_count < match[3]:
        raise DispatchError("subtensor.RevealTooEarly",
                            f"the commit of block {match[1]} reveals in epoch {match[3]}, about blocks {first}–{last} "
                            f"({now}, {max(first - block, 0)} blocks to wait)")
    if s.epoch_count > match[3]:
        raise DispatchError("subtensor.ExpiredWeightCommit",
                            f"the commit of block {match[1]} had to be revealed in epoch {match[3]} ({now}): it expired; "
                            "commit again")
    return match


@register("subtensor.reveal_weights", netuid=Field(u64), uids=Field(u16_list), values=Field(u16_list),
          salt=Field(u16_list), version_key=Field(u64, 0))
def reveal_weights(ctx: Context, netuid: int, uids: list[int], values: list[int], salt: list[int],
                   version_key: int, mecid: int = 0) -> None:
    """Signed by the hotkey: reveal committed weights in exactly the reveal epoch; they are then
    checked and stored as set_weights does (without its rate limit)."""
    s, uid, hotkey, neuron = _neuron(ctx, netuid, mecid)
    state, at = ctx.state, index(netuid, mecid)
    if not cr_enabled(state, netuid):
        raise DispatchError("subtensor.CommitRevealDisabled",
                            f"commit-reveal is off on subnet {netuid}: set weights directly (`btcli weights set`)")
    items = commits(state, at, hotkey)
    wanted = revealed_hash([c[0] for c in items], hotkey, at, uids, values, salt, version_key)
    match = matching_commit(s, eco.param(state, netuid, "tempo"), hotkey, items, wanted, ctx.block_number)
    check_weights(ctx, s, uid, hotkey, neuron[3], uids, values, version_key, rate_limited=False)
    items.remove(match)
    _save_commits(state, at, hotkey, unexpired(s, items))
    _store(ctx, s, uid, hotkey, uids, values, mecid)
    ctx.emit("subtensor.WeightsRevealed", netuid=netuid, uid=uid, hotkey=hotkey, commit_hash=wanted,
             **({"mecid": mecid} if mecid else {}))


@register("subtensor.reveal_mechanism_weights", netuid=Field(u64), mecid=Field(mechanisms.mechanism_id),
          uids=Field(u16_list), values=Field(u16_list), salt=Field(u16_list), version_key=Field(u64, 0))
def reveal_mechanism_weights(ctx: Context, netuid: int, mecid: int, uids: list[int], values: list[int],
                             salt: list[int], version_key: int) -> None:
    """reveal_weights on one mechanism."""
    reveal_weights(ctx, netuid, uids, values, salt, version_key, mecid)


def admission_check(state: Any, signer: str, call: str, args: dict[str, Any], block_number: int) -> None:
    """Raise DispatchError when a free weights call would fail its cheap checks (see the module
    docstring); `state` is a read-only view of the last committed block, `block_number` the next."""
    if call not in FEELESS_CALLS:
        return
    ctx = Context(state, block_number, signer, None, [])
    netuid, mecid = args["netuid"], args.get("mecid", 0)
    s, uid, hotkey, neuron = _neuron(ctx, netuid, mecid)
    threshold = eco.setting(state, "stake_threshold")
    stake = stake_weight(state, netuid, hotkey)
    if hotkey != s.owner_hotkey and stake < threshold:
        raise DispatchError("subtensor.NotEnoughStakeToSetWeights",
                            f"hotkey {hotkey} has a stake weight of {amounts.tao(stake)} on subnet {netuid}; weights need "
                            f"{amounts.tao(threshold)}: stake more to it (`btcli stake add`)")
    if cr_enabled(state, netuid) != (call not in ("subtensor.set_weights", "subtensor.set_mechanism_weights")):
        on = cr_enabled(state, netuid)
        raise DispatchError("subtensor.CommitRevealEnabled" if on else "subtensor.CommitRevealDisabled",
                            f"commit-reveal is {'on' if on else 'off'} on subnet {netuid}: " +
                            (f"commit a hash and reveal it (`btcli weights commit --netuid {netuid}`)" if on else
                             f"set weights directly (`btcli weights set --netuid {netuid}`)"))
    if call in ("subtensor.reveal_weights", "subtensor.reveal_mechanism_weights"):
        at = index(netuid, mecid)
        items = commits(state, at, hotkey)
        wanted = revealed_hash([c[0] for c in items], hotkey, at, args["uids"], args["values"], args["salt"],
                               args["version_key"])
        matching_commit(s, eco.param(state, netuid, "tempo"), hotkey, items, wanted, block_number)
        return
    _rate_limit(ctx, netuid, uid, neuron[3])


def earliest_commit_blocks(state: Any, s: eco.Subnet, hotkeys: list[str], mecid: int = 0) -> list[int | None]:
    """Per uid the earliest block of its unexpired commits on the mechanism (the §1.2 commit-reveal mask input)."""
    out: list[int | None] = []
    for hotkey in hotkeys:
        live = unexpired(s, commits(state, index(s.netuid, mecid), hotkey))
        out.append(min(c[1] for c in live) if live else None)
    return out


def clear_uid(state: Any, netuid: int, uid: int, old_hotkey: str | None) -> None:
    """A uid was replaced (pruning): drop its weights, bonds, epoch row and the old hotkey's commits."""
    for table in ("weights", "bonds", "neuron_epoch"):
        if state.get(table, row_key(netuid, uid)) is not None:
            state.put(table, row_key(netuid, uid), None)
    if old_hotkey and state.get("weight_commits", f"{netuid}:{old_hotkey}") is not None:
        state.put("weight_commits", f"{netuid}:{old_hotkey}", None)
    mechanisms.clear_uid(state, netuid, uid, old_hotkey)

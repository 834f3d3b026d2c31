"""The subnet epoch on chain: read state, run Yuma Consensus, pay the pending emission.  # spec §1, §2.6

`run_subnet_epoch(ctx, netuid, subnet)` is registered in coinbase.EPOCH_RUNNERS and runs where the
scheduler fires the epoch. Steps:

1. Inputs (spec §1.1): stake s_i = α_i + ⌊τ_w·t_i⌋ (hotkey pool alpha on the subnet plus TaoWeight ×
   root stake, both as inherited through childkeys: own − lent to children + parents' shares,
   node.runtime.childkeys.inherited_stakes), weight and bond rows, last_update, registration blocks, the permits
   stored by the previous epoch, the owner's uid, and the commit-reveal mask when it is on.
2. `consensus.epoch.run_epoch` (bit-exact I32F32) on E = pending server + validator + root.
3. Distribution (spec §2.6), all in integer alpha rao, floors everywhere:
   * incentive_i = the epoch's server amount; if Σ incentive exceeds pending_server (fixed-point
     excess) every amount is scaled by pending_server/Σ (floor). Incentive of hotkeys whose
     coldkey is the subnet owner's is burned (removed from alpha_out), and the withheld fraction
     is stored as MinerBurned (storage `miner_burned:{netuid}` = [burned, Σ incentive]) for §2.2
     shares; other incentive is staked to (miner hotkey, its coldkey), or to (the coldkey's
     auto-stake destination on the subnet, its coldkey) when it set one (node.runtime.auto_stake).
   * dividends: the validator budget is pending_validator, or pending_validator + pending_server
     when Σ incentive = 0. Each uid's dividend is first shared with its hotkey's parents by their
     contributions, the childkey take kept by the child (node.runtime.childkeys.dividend_shares),
     so a parent without a uid on the subnet earns too. Each hotkey's dividend d_h then splits into a root part
     r_h = ⌊d_h·τ_w·t_h/(α_h + τ_w·t_h)⌋ and an alpha part a_h = d_h − r_h; alpha dividend =
     ⌊budget·a_h/Σa⌋, root dividend = ⌊pending_root·r_h/Σr⌋ (pending_root is non-zero only while
     the root sell flag is on). The hotkey's take (node.runtime.take: Delegates, default 11 796)
     ⌊dividend·take/65535⌋ of each is staked to (hotkey, its owner coldkey) on this subnet. The
     rest of the alpha dividend is added to the hotkey's pool with `add_to_hotkey_pool`, so every
     nominator gains pro rata; the rest of the root dividend goes to the subnet's root escrow as
     RootClaimable per root share of the hotkey (node.runtime.root_claim), claimed later by its
     root stakers.
   * owner cut: staked to (owner hotkey, owner coldkey).
   * everything pending that was not staked or escrowed (burned incentive, rounding dust, root
     dividends nobody earned, an unpayable budget) is removed from SubnetAlphaOut, so the alpha
     books stay exact: alpha_out = Σ hotkey pools + pending + protocol alpha + root escrow
     (pending is zero afterwards).
4. Outputs per uid in `neuron_epoch` (u16 proportions, active, new permit, stored Emission, alpha
   paid), Emission also in `neurons.emission` (pruning), bond rows in `bonds`.

Sub-mechanisms (node.runtime.mechanisms, consensus.mechanisms): with a mechanism count above 1,
E is split across the mechanisms, step 2 runs once per mechanism on its own weights, bonds,
last updates and commits (stake and permits shared), and the outputs are aggregated: the summed
server and validator amounts are what step 3 distributes; `neuron_epoch` holds the aggregated
terms (incentive: mechanism 0's), each mechanism its bonds and incentive.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from consensus import mechanisms as cm
from consensus import params as hp
from consensus.epoch import run_epoch
from consensus.epoch_types import EpochInputs, EpochParams
from consensus.masks import activity_cutoff_blocks
from node.runtime import (
    auto_stake,
    childkeys,
    coinbase,
    mechanisms,
    root_claim,
    staking,
)
from node.runtime import economy as eco
from node.runtime import weights as wt
from node.runtime.dispatch import Context
from node.runtime.take import take_of


def epoch_params(state: Any, netuid: int) -> EpochParams:
    """The epoch's hyperparameters from the subnet's stored values (spec §5)."""
    p = {**eco.default_params(), **eco.params(state, netuid)}
    tempo = int(p["tempo"])
    return EpochParams(
        kappa=int(p["kappa"]), bonds_penalty=int(p["bonds_penalty"]), bonds_moving_average=int(p["bonds_moving_avg"]),
        yuma3=bool(p["yuma3_enabled"]), liquid_alpha=bool(p["liquid_alpha_enabled"]), alpha_low=int(p["alpha_low"]),
        alpha_high=int(p["alpha_high"]), alpha_sigmoid_steepness=int(p["alpha_sigmoid_steepness"]),
        max_allowed_validators=int(p["max_allowed_validators"]), stake_threshold=eco.setting(state, "stake_threshold"),
        tempo=tempo, activity_cutoff=activity_cutoff_blocks(int(p["activity_cutoff_factor"]), tempo))


def run_subnet_epoch(ctx: Context, netuid: int, s: eco.Subnet) -> None:
    state, block = ctx.state, ctx.block_number
    n = s.neurons
    tao_weight = eco.setting(state, "tao_weight")
    rows = [state.get("neurons", wt.row_key(netuid, u)) for u in range(n)]
    hotkeys = [r[0] for r in rows]
    alpha = [staking.hotkey_pool(state, netuid, h)[0] for h in hotkeys]
    root = [staking.hotkey_pool(state, eco.ROOT_NETUID, h)[0] for h in hotkeys]
    previous = [state.get("neuron_epoch", wt.row_key(netuid, u)) for u in range(n)]
    owner_uid = next((u for u, h in enumerate(hotkeys) if h == s.owner_hotkey), None)
    inherited_alpha, inherited_root = childkeys.inherited_stakes(state, netuid, hotkeys, alpha, root)
    stake = [a + t * tao_weight // eco.U64_MAX for a, t in zip(inherited_alpha, inherited_root)]

    def inputs(mecid: int) -> EpochInputs:
        at = wt.index(netuid, mecid)
        return EpochInputs(
            stake=stake, weights=[wt.read_row(state, "weights", at, u) for u in range(n)],
            bonds=[wt.read_row(state, "bonds", at, u) for u in range(n)],
            last_update=[mechanisms.last_update(state, netuid, mecid, u, r) for u, r in enumerate(rows)],
            block_at_registration=[r[2] for r in rows],
            validator_permit=[bool(p and p[6]) for p in previous], current_block=block, owner_uid=owner_uid,
            last_mechanism_step_block=s.last_epoch_block if s.epoch_count else 0,
            commit_block=wt.earliest_commit_blocks(state, s, hotkeys, mecid) if wt.cr_enabled(state, netuid) else None,
            n=n)

    emission = s.pending_server + s.pending_validator + s.pending_root
    count = mechanisms.count(state, netuid)
    parts = cm.split_emission(emission, count, mechanisms.split(state, netuid))
    params = epoch_params(state, netuid)
    outs = [run_epoch(inputs(m), params, part) for m, part in enumerate(parts)] if n else []
    out = (outs[0] if count == 1 else _aggregated(outs, parts, emission)) if outs else None
    incentive = [int(x) for x in out.server_emission] if out is not None else []
    dividends = [int(x) for x in out.validator_emission] if out is not None else []
    paid = _distribute(ctx, s, rows, tao_weight, incentive, dividends)
    if out is not None:
        _write_outputs(state, s, rows, out, paid, block)
    for mecid, mech_out in enumerate(outs[1:], start=1):
        for uid, (value, bond_row) in enumerate(zip(mech_out.incentive.tolist(), mech_out.bonds.to_rows())):
            mechanisms.set_incentive(state, netuid, mecid, uid, value, rows[uid])
            wt.write_row(state, "bonds", wt.index(netuid, mecid), uid, bond_row)
    pending, pending_root = s.pending_total, s.pending_root
    staked = paid["staked"]
    kept = paid["burned"] if eco.param(state, netuid, "recycle_or_burn") == "Burn" else 0
    if kept:  # burned (recycle_or_burn = Burn): gone from every stake, still counted in alpha_out
        add_burned_alpha(state, netuid, kept)
    s.alpha_out -= pending - staked - kept  # recycled incentive and dust leave the outstanding alpha
    s.pending_server = s.pending_validator = s.pending_root = s.pending_owner = 0
    ctx.emit("subtensor.EmissionDistributed", netuid=netuid, incentive=paid["incentive"], dividends=paid["dividends"],
             validator_take=paid["take"], owner_cut=paid["owner"], miner_burned=paid["burned"],
             root_dividends=paid["root"], root_recycled=pending_root - paid["root"], recycled=pending - staked)


def add_burned_alpha(state: Any, netuid: int, alpha: int) -> None:
    """Alpha burned on `netuid` (the owner hotkeys' incentive under recycle_or_burn = Burn, stake-burn):
    it stays in alpha_out, as the chain's burn_subnet_alpha leaves SubnetAlphaOut, and is tallied in
    storage `alpha_burned:{netuid}` so that the alpha books (node.economics_check) still balance."""
    key = f"alpha_burned:{netuid}"
    state.put_value(key, state.get_value(key, 0) + alpha)


def _aggregated(outs: list, parts: list[int], emission: int) -> SimpleNamespace:
    """The subnet-level outputs of several mechanisms' epochs (consensus.mechanisms.aggregate),
    shaped as one epoch's: incentive and bonds are mechanism 0's."""
    agg = cm.aggregate(outs, parts, emission)
    return SimpleNamespace(**{f: getattr(agg, f) for f in agg.__dataclass_fields__},
                           incentive=outs[0].incentive, bonds=outs[0].bonds)


def _hotkey_dividends(state: Any, netuid: int, rows: list, dividends: list[int], tao_weight: int) -> dict[str, int]:
    """Each uid's dividend shared with its hotkey's parents: hotkey -> alpha, in uid order."""
    by_hotkey: dict[str, int] = {}
    for uid, d in enumerate(dividends):
        if d > 0:
            for hotkey, amount in childkeys.dividend_shares(state, netuid, rows[uid][0], d, tao_weight):
                by_hotkey[hotkey] = by_hotkey.get(hotkey, 0) + amount
    return by_hotkey


def _distribute(ctx: Context, s: eco.Subnet, rows: list, tao_weight: int,
                incentive: list[int], dividends: list[int]) -> dict[str, Any]:
    state, netuid = ctx.state, s.netuid
    total_incentive = sum(incentive)
    server_budget = s.pending_server if total_incentive else 0
    validator_budget = s.pending_validator + (0 if total_incentive else s.pending_server)
    if total_incentive > server_budget:
        incentive = [i * server_budget // total_incentive for i in incentive]
    # §2.6 root / alpha parts of each hotkey's dividend, by its own alpha and root stake
    by_hotkey = _hotkey_dividends(state, netuid, rows, dividends, tao_weight)
    hotkeys = list(by_hotkey)
    alpha = [staking.hotkey_pool(state, netuid, h)[0] for h in hotkeys]
    root = [staking.hotkey_pool(state, eco.ROOT_NETUID, h)[0] for h in hotkeys]
    alpha_parts, root_parts = [], []
    for d, a, t in zip(by_hotkey.values(), alpha, root):
        weighted_root = t * tao_weight  # τ_w·t scaled by U64_MAX
        denominator = a * eco.U64_MAX + weighted_root
        root_parts.append(d * weighted_root // denominator if denominator else 0)
        alpha_parts.append(d - root_parts[-1])
    total_alpha_part, total_root_part = sum(alpha_parts), sum(root_parts)
    alpha_dividends = [validator_budget * a // total_alpha_part if total_alpha_part else 0 for a in alpha_parts]
    root_dividends = [s.pending_root * r // total_root_part if total_root_part else 0 for r in root_parts]
    coldkey_of = {row[0]: row[1] for row in rows}
    staked = burned = take_total = paid_incentive = 0
    burned_by_uid = [0] * len(rows)
    for uid, amount in enumerate(incentive):
        if amount <= 0:
            continue
        hotkey, coldkey = rows[uid][0], rows[uid][1]
        if coldkey == s.owner_coldkey:
            burned += amount
            burned_by_uid[uid] = amount
        else:  # to the coldkey's auto-stake destination on this subnet, if it chose one
            dest = auto_stake.destination(state, coldkey, netuid)
            staking.credit_stake(state, coldkey, dest or hotkey, netuid, amount)
            if dest is not None:
                ctx.emit("subtensor.AutoStakeAdded", netuid=netuid, destination=dest, hotkey=hotkey, owner=coldkey,
                         incentive=amount)
            staked += amount
            paid_incentive += amount
    # the hotkey owner's take of each dividend is staked to it; the rest raises every nominator's
    # stake (alpha part) or waits in the root escrow for the root stakers (root part)
    for dividends_of, pay_rest in (
            (alpha_dividends, lambda hotkey, owner, rest: staking.add_to_hotkey_pool(state, netuid, hotkey, rest, owner)),
            (root_dividends, lambda hotkey, owner, rest: root_claim.credit_root_dividend(state, hotkey, owner, netuid, rest))):
        for hotkey, amount in zip(hotkeys, dividends_of):
            if amount <= 0:
                continue
            owner = staking.hotkey_owner(state, hotkey) or coldkey_of[hotkey]
            take = amount * take_of(state, hotkey) // hp.U16_MAX
            staking.credit_stake(state, owner, hotkey, netuid, take)
            pay_rest(hotkey, owner, amount - take)
            staked += amount
            take_total += take
    if s.pending_owner:
        staking.credit_stake(state, s.owner_coldkey, s.owner_hotkey, netuid, s.pending_owner)
        staked += s.pending_owner
    total_paid = sum(incentive)
    alpha_by_hotkey = dict(zip(hotkeys, alpha_dividends))
    key = f"miner_burned:{netuid}"
    new = [burned, total_paid]
    if state.get_value(key, [0, 0]) != new:
        state.put_value(key, new)
    return {"staked": staked, "incentive": paid_incentive, "dividends": sum(alpha_dividends), "take": take_total,
            "owner": s.pending_owner, "burned": burned, "root": sum(root_dividends), "incentive_by_uid": incentive,
            "dividends_by_uid": [alpha_by_hotkey.get(row[0], 0) for row in rows]}


def _write_outputs(state: Any, s: eco.Subnet, rows: list, out: Any, paid: dict[str, Any], block: int) -> None:
    netuid = s.netuid
    columns = zip(out.stake_weight.tolist(), out.active.tolist(), out.consensus.tolist(), out.incentive.tolist(),
                  out.dividends.tolist(), out.validator_trust.tolist(), out.new_validator_permit.tolist(),
                  out.emission.tolist(), paid["incentive_by_uid"], paid["dividends_by_uid"])
    for uid, (sw, active, cons, inc, div, vt, permit, emission, inc_alpha, div_alpha) in enumerate(columns):
        key = wt.row_key(netuid, uid)
        state.put("neuron_epoch", key, (sw, int(active), cons, inc, div, vt, int(permit), emission, inc_alpha,
                                        div_alpha, block))
        if rows[uid][4] != emission:
            row = list(rows[uid])
            row[4] = emission
            state.put("neurons", key, tuple(row))
    for uid, bond_row in enumerate(out.bonds.to_rows()):
        wt.write_row(state, "bonds", netuid, uid, bond_row)


coinbase.EPOCH_RUNNERS.append(run_subnet_epoch)

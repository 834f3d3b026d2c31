"""Per-subnet storage items (`SubtensorModule` maps keyed by netuid, and `Swap.FeeRate`) from
taonet's `subnets` and `hyperparams` rows (node.runtime.economy).

A subnet that does not exist has no key (its maps read as their defaults, as on a subtensor
node); every existing subnet, root included, has every item. Hyperparameters come from
consensus.params.HYPERPARAMS (each names its storage item), as the subnet stores them.
"""
from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from consensus import params as hp
from node import identity_rules
from node.runtime import economy as eco
from node.runtime import mechanisms
from node.substrate.storage_items import Ctx, Item, Params, fixed, plain, table

SPECIAL = {"Burn", "FirstEmissionBlockNumber", "AlphaValues"}  # not a plain stored hyperparameter
# hyperparameters with no per-subnet item in the runtime: OwnerHyperparamRateLimit is one chain-wide
# value there (taonet keeps it per subnet); EnabledUserLiquidity is not a storage item of spec 461
NOT_PER_SUBNET = {"OwnerHyperparamRateLimit", "EnabledUserLiquidity"}


def _netuid_keys(ctx: Ctx) -> list[Params]:
    return [(n,) for n in ctx.netuids()]


def subnet_map(name: str, fn: Callable[[Ctx, eco.Subnet], Any], pallet: str = "SubtensorModule") -> Item:
    """A map netuid -> fn(ctx, subnet), with a key for every existing subnet."""
    def value(ctx: Ctx, params: Params) -> Any:
        s = ctx.subnet(params[0])
        return None if s is None else fn(ctx, s)

    return Item(pallet, name, value, _netuid_keys)


def _started(s: eco.Subnet) -> bool:
    return bool(s.first_emission_block) or s.netuid == eco.ROOT_NETUID


def _identity(ctx: Ctx, s: eco.Subnet) -> Any:
    """SubnetIdentityV3: the identity its owner set (node.runtime.identity); else, for a subnet
    created with a name, that name and the other fields empty."""
    row = ctx.view.get("subnet_identities", str(s.netuid))
    if row is None:
        if not s.name:
            return None
        row = (s.name,) + ("",) * (len(identity_rules.SUBNET_IDENTITY) - 1)
    return {name: "0x" + value.encode().hex() for name, value in zip(identity_rules.SUBNET_IDENTITY, row)}


def _stored(value: Any, spec: hp.HyperParam) -> Any:
    if spec.type == "float":  # U64F64: stored as its bits; a default not yet written is the float
        bits = value if isinstance(value, int) else int(Fraction(str(value)) * 2**64)
        return fixed(bits)
    if spec.type == "bool":
        return bool(value)
    if spec.type == "enum":  # a unit variant of the runtime's enum, by name (RecycleOrBurnEnum)
        return str(value)
    return int(value)


def _hyperparam(spec: hp.HyperParam) -> Item:
    return subnet_map(spec.storage, lambda ctx, s: _stored(ctx.params(s.netuid).get(spec.name, spec.default), spec))


def _alpha_values(ctx: Ctx, s: eco.Subnet) -> tuple[int, int]:
    p = ctx.params(s.netuid)
    return (int(p.get("alpha_low", hp.HYPERPARAMS["alpha_low"].default)),
            int(p.get("alpha_high", hp.HYPERPARAMS["alpha_high"].default)))


ITEMS = table(
    subnet_map("NetworksAdded", lambda ctx, s: True),
    subnet_map("SubnetOwner", lambda ctx, s: s.owner_coldkey or None),  # root has no owner: absent
    subnet_map("SubnetOwnerHotkey", lambda ctx, s: s.owner_hotkey or None),
    subnet_map("Burn", lambda ctx, s: s.burn),
    subnet_map("SubnetworkN", lambda ctx, s: s.neurons),
    subnet_map("SubnetTAO", lambda ctx, s: s.tao_in),
    subnet_map("SubnetAlphaIn", lambda ctx, s: s.alpha_in),
    subnet_map("SubnetAlphaOut", lambda ctx, s: s.alpha_out),
    subnet_map("SubnetMechanism", lambda ctx, s: 0 if s.netuid == eco.ROOT_NETUID else 1),  # root stable, others dynamic
    subnet_map("MechanismCountCurrent", lambda ctx, s: mechanisms.count(ctx.view, s.netuid)),
    subnet_map("MechanismEmissionSplit", lambda ctx, s: mechanisms.split(ctx.view, s.netuid)),  # absent: even
    plain("SubtensorModule", "MaxMechanismCount", lambda ctx: eco.setting(ctx.view, mechanisms.MAX_COUNT_SETTING)),
    subnet_map("NetworkRegisteredAt", lambda ctx, s: s.registered_at),
    subnet_map("TokenSymbol", lambda ctx, s: "0x" + s.symbol.encode().hex()),
    subnet_map("SubnetIdentitiesV3", _identity),
    subnet_map("SubnetTaoInEmission", lambda ctx, s: s.tao_emission),
    subnet_map("SubnetMovingPrice", lambda ctx, s: fixed(s.ema_price_q32)),  # I96F32 bits
    subnet_map("SubnetVolume", lambda ctx, s: s.volume),
    subnet_map("BlocksSinceLastStep", lambda ctx, s: s.blocks_since_last_step),
    subnet_map("LastMechansimStepBlock", lambda ctx, s: s.last_epoch_block),  # the runtime's spelling
    subnet_map("LastEpochBlock", lambda ctx, s: s.last_epoch_block),
    subnet_map("PendingEpochAt", lambda ctx, s: s.pending_epoch_at),
    subnet_map("SubnetEpochIndex", lambda ctx, s: s.epoch_count),
    subnet_map("SubtokenEnabled", lambda ctx, s: _started(s)),
    subnet_map("FirstEmissionBlockNumber", lambda ctx, s: s.first_emission_block or None),
    subnet_map("SubnetLocked", lambda ctx, s: s.lock_paid),
    subnet_map("AlphaValues", _alpha_values),
    subnet_map("FeeRate", lambda ctx, s: eco.setting(ctx.view, "fee_rate"), pallet="Swap"),
    *(_hyperparam(spec) for spec in hp.HYPERPARAMS.values() if spec.storage not in SPECIAL | NOT_PER_SUBNET),
)

"""SubnetInfoRuntimeApi, part 1: dynamic info, subnet info (v1, v2) and hyperparameters (v1, v2, v3),
from taonet's state through node/read_model/ and node.runtime.economy's subnet rows.

Fields in the chain's layouts: amounts integer rao (alpha rao for alpha); `moving_price` is the
subnet's EMA price as the I96F32 bits the chain keeps (`SubnetMovingPrice`, taonet's
`ema_price_q32`); `alpha_sigmoid_steepness` as I32F32 bits; names and symbols as bytes.

Fields taonet has no concept of, answered empty/zero/None (never invented):
- `subnet_identity` / `identity`: the owner's SubnetIdentityV3 (node.runtime.identity), None when unset;
- DynamicInfo `emission`, SubnetInfo `emission_value(s)`: 0 (the runtime's deprecated
  `EmissionValues`; the per-block emission is `tao_in_emission`);
- `alpha_in_emission`: 0 (taonet does not keep the alpha injected into the pool per block apart);
- `pending_alpha_emission` is taonet's pending server + validator alpha; `pending_root_emission`
  its pending root share;
- SubnetInfo `scaling_law_power`, `network_modality`: 0, `network_connect`: [] (gone from the chain);
- hyperparameters `pow_registration_allowed`: false (taonet registers by burn only).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from node.runtime import economy as eco

API = "SubnetInfoRuntimeApi"


ZERO_ACCOUNT = "5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM"
"""The all-zero AccountId32: what the chain's storage default gives for an account nobody set (root's owner hotkey)."""


def account(address: str | None) -> str:
    return address or ZERO_ACCOUNT


def name_bytes(text: str | None) -> list[int]:
    return list((text or "").encode())


def subnet_identity(ctx: Any, s: eco.Subnet) -> dict[str, list[int]] | None:
    """The subnet's SubnetIdentityV3 (fields as bytes), or None when its owner set none."""
    from node.runtime import identity

    found = identity.subnet_identity(ctx.view, s.netuid)
    return None if found is None else {k: name_bytes(v) for k, v in found.items()}


def chain_identity(ctx: Any, coldkey: str) -> dict[str, list[int]] | None:
    """A coldkey's ChainIdentityV2 (fields as bytes), or None."""
    from node.runtime import identity

    found = identity.identity(ctx.view, coldkey)
    return None if found is None else {k: name_bytes(v) for k, v in found.items()}


def subnet(ctx: Any, netuid: int) -> eco.Subnet | None:
    return eco.subnet(ctx.view, netuid)


def hyperparams(ctx: Any, s: eco.Subnet) -> dict[str, Any]:
    """taonet's hyperparameter values of `s` (defaults filled in; burn and subnet_is_active live)."""
    values = {**eco.default_params(), **eco.params(ctx.view, s.netuid)}
    values["burn"] = s.burn
    values["subnet_is_active"] = bool(s.first_emission_block)
    return values


def runtime_hyperparams(ctx: Any, s: eco.Subnet) -> dict[str, Any]:
    """The values under the runtime's field names (SubnetHyperparamsV2 and the Metagraph's)."""
    v = hyperparams(ctx, s)
    out = {name: v[name] for name in (
        "rho", "kappa", "immunity_period", "min_allowed_weights", "max_weights_limit", "tempo", "min_difficulty",
        "max_difficulty", "weights_version", "weights_rate_limit", "adjustment_interval", "activity_cutoff",
        "target_regs_per_interval", "min_burn", "max_burn", "bonds_moving_avg", "max_regs_per_block",
        "serving_rate_limit", "adjustment_alpha", "difficulty", "commit_reveal_period", "alpha_high", "alpha_low",
        "burn", "subnet_is_active", "transfers_enabled", "bonds_reset_enabled", "user_liquidity_enabled")}
    out.update({
        "registration_allowed": bool(v["registration_allowed"]),
        "commit_reveal_weights_enabled": bool(v["commit_reveal_weights_enabled"]),
        "liquid_alpha_enabled": bool(v["liquid_alpha_enabled"]),
        "max_validators": v["max_allowed_validators"], "max_uids": v["max_allowed_uids"],
        "alpha_sigmoid_steepness": {"bits": int(v["alpha_sigmoid_steepness"]) << 32},
        "yuma_version": 3 if v["yuma3_enabled"] else 2, "pow_registration_allowed": False,
    })
    for flag in ("subnet_is_active", "transfers_enabled", "bonds_reset_enabled", "user_liquidity_enabled"):
        out[flag] = bool(out[flag])
    return out


def dynamic_values(ctx: Any, s: eco.Subnet) -> dict[str, Any]:
    """The pool and schedule fields DynamicInfo and the Metagraph share."""
    return {
        "netuid": s.netuid, "owner_hotkey": account(s.owner_hotkey), "owner_coldkey": account(s.owner_coldkey),
        "tempo": eco.param(ctx.view, s.netuid, "tempo"), "last_step": s.last_epoch_block,
        "blocks_since_last_step": s.blocks_since_last_step, "alpha_in": s.alpha_in, "alpha_out": s.alpha_out,
        "tao_in": s.tao_in, "alpha_out_emission": s.alpha_emission, "alpha_in_emission": 0,
        "tao_in_emission": s.tao_emission, "pending_alpha_emission": s.pending_server + s.pending_validator,
        "pending_root_emission": s.pending_root, "subnet_volume": s.volume,
        "network_registered_at": s.registered_at, "moving_price": {"bits": s.ema_price_q32},
    }


def dynamic_info(ctx: Any, s: eco.Subnet) -> dict[str, Any]:
    return {**dynamic_values(ctx, s), "subnet_name": name_bytes(s.name), "token_symbol": name_bytes(s.symbol),
            "emission": 0, "subnet_identity": subnet_identity(ctx, s)}


def all_subnets(ctx: Any) -> list[eco.Subnet]:
    """Every subnet, root first."""
    return [s for s in (subnet(ctx, n) for n in eco.netuids(ctx.view)) if s is not None]


def get_all_dynamic_info(ctx: Any) -> list:
    return [dynamic_info(ctx, s) for s in all_subnets(ctx)]


def get_dynamic_info(ctx: Any, netuid: int) -> dict | None:
    s = subnet(ctx, netuid)
    return dynamic_info(ctx, s) if s else None


def _subnet_info(ctx: Any, s: eco.Subnet, v2: bool) -> dict[str, Any]:
    v = hyperparams(ctx, s)
    out = {"netuid": s.netuid, "rho": v["rho"], "kappa": v["kappa"], "difficulty": v["difficulty"],
           "immunity_period": v["immunity_period"], "max_allowed_validators": v["max_allowed_validators"],
           "min_allowed_weights": v["min_allowed_weights"], "max_weights_limit": v["max_weights_limit"],
           "scaling_law_power": 0, "subnetwork_n": s.neurons, "max_allowed_uids": v["max_allowed_uids"],
           "blocks_since_last_step": s.blocks_since_last_step, "tempo": v["tempo"], "network_modality": 0,
           "network_connect": [], "burn": s.burn, "owner": account(s.owner_coldkey)}
    if v2:
        out.update({"emission_value": 0, "identity": subnet_identity(ctx, s)})
    else:
        out["emission_values"] = 0
    return out


def get_subnet_info(ctx: Any, netuid: int) -> dict | None:
    s = subnet(ctx, netuid)
    return _subnet_info(ctx, s, False) if s else None


def get_subnet_info_v2(ctx: Any, netuid: int) -> dict | None:
    s = subnet(ctx, netuid)
    return _subnet_info(ctx, s, True) if s else None


def get_subnets_info(ctx: Any) -> list:
    return [_subnet_info(ctx, s, False) for s in all_subnets(ctx)]


def get_subnets_info_v2(ctx: Any) -> list:
    return [_subnet_info(ctx, s, True) for s in all_subnets(ctx)]


def _struct_fields(ctx: Any, method: str) -> list[tuple[str, int]]:
    tid = ctx.output_struct(API, method)
    return [(f["name"], f["type"]) for f in ctx.codec.types[tid]["def"]["composite"]["fields"]]


def _hyperparams_struct(ctx: Any, method: str, netuid: int) -> dict | None:
    s = subnet(ctx, netuid)
    if s is None:
        return None
    values = runtime_hyperparams(ctx, s)
    return {name: values[name] for name, _ in _struct_fields(ctx, method)}


def get_subnet_hyperparams(ctx: Any, netuid: int) -> dict | None:
    return _hyperparams_struct(ctx, "get_subnet_hyperparams", netuid)


def get_subnet_hyperparams_v2(ctx: Any, netuid: int) -> dict | None:
    return _hyperparams_struct(ctx, "get_subnet_hyperparams_v2", netuid)


_V3_KIND = {"Compact<u16>": "U16", "Compact<u64>": "U64", "bool": "Bool", "Compact<TaoBalance>": "TaoBalance"}


def get_subnet_hyperparams_v3(ctx: Any, netuid: int) -> list | None:
    """[{name (bytes), value: {Kind: value}}] for every SubnetHyperparamsV2 field, the variant by the
    field's type (Compact<u16> -> U16, Compact<u64> -> U64, bool, TaoBalance, I32F32 bits)."""
    s = subnet(ctx, netuid)
    if s is None:
        return None
    values = runtime_hyperparams(ctx, s)
    tid = ctx.output_struct(API, "get_subnet_hyperparams_v2")
    out = []
    for field in ctx.codec.types[tid]["def"]["composite"]["fields"]:
        name = field["name"]
        kind = _V3_KIND.get(field["typeName"]) or ("I32F32" if field["typeName"] == "I32F32" else None)
        if kind is None:
            kind = "U64" if isinstance(values[name], int) and not isinstance(values[name], bool) else "Bool"
        out.append({"name": "0x" + name.encode().hex(), "value": {kind: values[name]}})
    param = lambda name: eco.param(ctx.view, s.netuid, name)  # noqa: E731
    for name, kind, value in (("owner_cut_enabled", "Bool", bool(param("owner_cut_enabled"))),  # the runtime's v3
                              ("owner_cut_auto_lock_enabled", "Bool", False),                  # rows beyond v2
                              ("min_childkey_take", "U16", int(param("min_childkey_take")))):
        out.append({"name": "0x" + name.encode().hex(), "value": {kind: value}})
    return out


def get_next_epoch_start_block(ctx: Any, netuid: int) -> int | None:
    """The block of the subnet's next epoch, as taonet schedules it (node.runtime's tempo counter)."""
    from consensus import emission as em

    s = subnet(ctx, netuid)
    if s is None or not s.netuid:
        return None
    tempo = eco.param(ctx.view, s.netuid, "tempo")
    left = em.blocks_until_next_epoch(ctx.head, tempo, s.last_epoch_block)
    return None if left is None else ctx.head + left


def get_network_registration_cost(ctx: Any) -> int:
    """The lock a subnet registered in the next block pays (taonet_lockCost's lock_cost)."""
    from node.read_model import economy

    return economy.lock(ctx.view)["lock_cost"]


HANDLERS: dict[str, Callable[..., Any]] = {f"{API}_{fn.__name__}": fn for fn in (
    get_all_dynamic_info, get_dynamic_info, get_subnet_info, get_subnet_info_v2, get_subnets_info,
    get_subnets_info_v2, get_subnet_hyperparams, get_subnet_hyperparams_v2, get_subnet_hyperparams_v3,
    get_next_epoch_start_block)}
HANDLERS["SubnetRegistrationRuntimeApi_get_network_registration_cost"] = get_network_registration_cost

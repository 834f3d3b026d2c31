"""The real runtime's calls as taonet's neutral calls: the inverse of client/subtensor/calls.py.

`to_neutral(pallet, function, args, signer)` takes a call as `codec().decode_call` reads it (pallet
and function names of the spec-461 metadata, arguments by the metadata's names, scalecodec values:
ss58 text for accounts, ints, 0x-hex hashes, `{"bits": n}` for fixed-point numbers) and answers
`(name, args)`, the neutral call taonet's runtime dispatches (node.runtime.dispatch.CALLS). A call
taonet does not implement raises `Unsupported("Pallet.call is not supported by taonet…")`, which
ingestion answers at submission: nothing is dropped silently.

Mapped:
- Balances.transfer_keep_alive / transfer_allow_death / transfer_all, force_set_balance (root);
- SubtensorModule: add_stake(_limit), remove_stake(_limit), move_stake, transfer_stake,
  swap_stake(_limit), start_call, set_weights, commit_weights, reveal_weights, increase_take,
  decrease_take, claim_root, set_childkey_take, try_associate_hotkey, set_coldkey_auto_stake_hotkey,
  unstake_all, unstake_all_alpha (same names and arguments), set_children; set_mechanism_weights /
  commit_mechanism_weights / reveal_mechanism_weights (mechanism 0 as set_weights / commit_weights /
  reveal_weights, others under their own names, node.runtime.weights); burned_register;
  register_limit (burned_register with max_burn = limit_price); register_network;
  register_network_with_identity (Some(identity) -> subtensor.register_network_with_identity with every
  field of the SubnetIdentityOfV3 as text, node.runtime.identity; None -> register_network); serve_axon (the
  u128 ip as text, the hotkey is the signer as on the real chain; `version` and the placeholders
  are not kept by taonet);
- SubtensorModule key swaps: swap_hotkey (swap_hotkey_v2 without keep_stake), announce_coldkey_swap,
  swap_coldkey_announced, clear_coldkey_swap_announcement, dispute_coldkey_swap, reset_coldkey_swap and
  swap_coldkey (root) (same names and arguments);
- AdminUtils.sudo_set_* (and SubtensorModule setters) of the hyperparameters taonet has
  (consensus.params: its `call` names) -> admin_utils.set_hyperparameter, signed by a subnet owner
  or inside Sudo.sudo; the chain settings below -> admin_utils.set_chain_setting;
  AdminUtils.sudo_set_mechanism_count / sudo_set_mechanism_emission_split ->
  admin_utils.set_mechanism_count / set_mechanism_emission_split (node.runtime.mechanisms);
- Sudo.sudo(call) and Sudo.set_key;
- Utility.batch / batch_all / force_batch -> utility.* (node.runtime.utility), each call mapped.
- Proxy.add_proxy / remove_proxy / remove_proxies / create_pure / kill_pure, and Proxy.proxy with its
  inner call mapped (node.runtime.proxy); the announcement calls are refused (see `_proxy`).
Anything else is refused by name (a batch holding one such call too); the timelocked weights commits
(commit_timelocked_(mechanism_)weights, commit_crv3_mechanism_weights: drand, which taonet has not)
also say how to set weights instead.
"""
from __future__ import annotations

import ipaddress
from fractions import Fraction
from functools import lru_cache
from typing import Any

# taonet's chain settings and the real runtime's root setters (client/subtensor/calls.CHAIN_SETTINGS,
# which node/ may not import: the layering is btcli -> client -> node)
CHAIN_SETTINGS: dict[tuple[str, str], str] = {
    ("AdminUtils", "sudo_set_network_min_lock_cost"): "network_min_lock_cost",
    ("AdminUtils", "sudo_set_tx_rate_limit"): "tx_rate_limit",
    ("AdminUtils", "sudo_set_coldkey_swap_announcement_delay"): "coldkey_swap_announcement_delay",
    ("AdminUtils", "sudo_set_coldkey_swap_reannouncement_delay"): "coldkey_swap_reannouncement_delay",
    ("AdminUtils", "sudo_set_lock_reduction_interval"): "network_lock_reduction_interval",
    ("AdminUtils", "sudo_set_network_rate_limit"): "network_rate_limit",
    ("AdminUtils", "sudo_set_subnet_limit"): "subnet_limit",
    ("AdminUtils", "sudo_set_max_epochs_per_block"): "max_epochs_per_block",
    ("AdminUtils", "sudo_set_stake_threshold"): "stake_threshold",
    ("AdminUtils", "sudo_set_tx_delegate_take_rate_limit"): "delegate_take_rate_limit",
    ("AdminUtils", "sudo_set_subnet_moving_alpha"): "subnet_moving_alpha",
    ("AdminUtils", "sudo_set_start_call_delay"): "start_call_delay",
    ("AdminUtils", "sudo_set_max_mechanism_count"): "max_mechanism_count",
}
# identity and symbol calls: the same names, each Vec<u8> field as text (node.runtime.identity)
SUBNET_IDENTITY = ("subnet_name", "github_repo", "subnet_contact", "subnet_url", "discord", "description", "logo_url",
                   "additional")  # SubnetIdentityV3's fields
TEXT_CALLS = {"set_identity": ("name", "url", "github_repo", "image", "discord", "description", "additional"),
              "set_subnet_identity": SUBNET_IDENTITY,
              "update_symbol": ("symbol",)}
SAME_NAME = ("add_stake", "add_stake_limit", "remove_stake", "remove_stake_limit", "move_stake", "transfer_stake",
             "swap_stake", "swap_stake_limit", "start_call", "set_weights", "commit_weights", "reveal_weights",
             "increase_take", "decrease_take", "claim_root", "burned_register",
             "set_childkey_take", "try_associate_hotkey", "set_coldkey_auto_stake_hotkey",
             "unstake_all", "unstake_all_alpha")
OWNER_CALLS = ("trigger_epoch", "add_stake_burn")  # a subnet owner's calls (node.runtime.tempo_control, stake_burn)
# key swaps (node.runtime.swap_hotkey / swap_coldkey): the same names and arguments; swap_hotkey_v2 without
# keep_stake is swap_hotkey (keep_stake=true is refused: taonet always moves the stake)
KEY_SWAP_CALLS = ("swap_hotkey", "announce_coldkey_swap", "swap_coldkey_announced", "clear_coldkey_swap_announcement",
                  "dispute_coldkey_swap", "reset_coldkey_swap", "swap_coldkey")
BALANCES = ("transfer_keep_alive", "transfer_allow_death", "transfer_all")
BATCHES = ("batch", "batch_all", "force_batch")
PROXY_SAME = ("add_proxy", "remove_proxy", "remove_proxies", "create_pure", "kill_pure")
# timelocked (drand) weights commits: what the SDK's set_weights sends on a commit-reveal subnet
TIMELOCKED = ("commit_timelocked_weights", "commit_timelocked_mechanism_weights", "commit_crv3_mechanism_weights")
MECHANISM = {"set_mechanism_weights": "set_weights", "commit_mechanism_weights": "commit_weights",
             "reveal_mechanism_weights": "reveal_weights"}
FIXED_DIGITS = 20  # decimals of a U64F64 value as text: 10^-20 < half of 2^-64, so it round-trips
MAX_DEPTH = 4  # Sudo.sudo nesting taonet follows (sudo inside sudo is refused anyway)


class Unsupported(ValueError):
    """A real call taonet does not implement (or an argument it cannot take); the message names it."""


def unsupported(pallet: str, function: str, why: str = "") -> Unsupported:
    return Unsupported(f"{pallet}.{function} is not supported by taonet" + (f": {why}" if why else ""))


def to_neutral(pallet: str, function: str, args: dict[str, Any], signer: str, root: bool = False,
               depth: int = 0) -> tuple[str, dict[str, Any]]:
    """The neutral call of the real call `pallet.function(args)` signed by `signer` (ss58); `root`
    inside Sudo.sudo. Raise Unsupported naming the call when taonet has none."""
    if depth > MAX_DEPTH:
        raise unsupported(pallet, function, "nested too deep")
    if pallet == "Balances":
        if function in BALANCES:
            out = dict(args)
            out["dest"] = account(args.get("dest"), pallet, function)
            return f"balances.{function}", out
        if function == "force_set_balance":
            return "balances.force_set_balance", {"who": account(args.get("who"), pallet, function),
                                                  "new_free": args.get("new_free")}
    if pallet == "SubtensorModule":
        if function == "swap_hotkey_v2":
            if args.get("keep_stake"):
                raise unsupported(pallet, function, "keep_stake=true is not modelled: use keep_stake=false or swap_hotkey")
            return "subtensor.swap_hotkey", {k: v for k, v in args.items() if k != "keep_stake"}
        if function in SAME_NAME + OWNER_CALLS + KEY_SWAP_CALLS:
            out = dict(args)
            if function == "claim_root":
                out["subnets"] = list(args.get("subnets") or [])
            return f"subtensor.{function}", out
        if function in MECHANISM:
            if args.get("mecid") != 0:
                return f"subtensor.{function}", dict(args)
            return f"subtensor.{MECHANISM[function]}", {k: v for k, v in args.items() if k != "mecid"}
        if function in TIMELOCKED:
            raise unsupported(pallet, function, timelocked_why(args.get("netuid")))
        if function == "set_children":  # Vec<(u64, AccountId)> decodes as tuples: JSON pairs
            return "subtensor.set_children", {"hotkey": args.get("hotkey"), "netuid": args.get("netuid"),
                                              "children": [list(c) if isinstance(c, (list, tuple)) else c
                                                           for c in args.get("children") or []]}
        if function == "register_limit":
            return "subtensor.burned_register", {"netuid": args.get("netuid"), "hotkey": args.get("hotkey"),
                                                 "max_burn": args.get("limit_price")}
        if function == "register_network":
            return "subtensor.register_network", {"hotkey": args.get("hotkey")}
        if function == "register_network_with_identity":
            identity = args.get("identity")
            if not isinstance(identity, dict):  # None: no identity
                return "subtensor.register_network", {"hotkey": args.get("hotkey")}
            return "subtensor.register_network_with_identity", {
                "hotkey": args.get("hotkey"), **{name: _text(identity.get(name, "")) for name in SUBNET_IDENTITY}}
        if function == "serve_axon":
            return "subtensor.serve_axon", _axon(args, signer)
        if function in TEXT_CALLS:
            out = {name: _text(args.get(name, "")) for name in TEXT_CALLS[function]}
            if "netuid" in args:
                out["netuid"] = args["netuid"]
            return f"subtensor.{function}", out
    if pallet == "Sudo":
        if function == "sudo":
            inner = args.get("call")
            if not isinstance(inner, dict) or "call_module" not in inner:
                raise unsupported(pallet, function, "its call did not decode")
            name, inner_args = to_neutral(inner["call_module"], inner["call_function"], inner["call_args"], signer,
                                          root=True, depth=depth + 1)
            return "sudo.sudo", {"call": {"call": name, "args": inner_args}}
        if function == "set_key":
            return "sudo.set_key", {"new": account(args.get("new"), pallet, function)}
    if pallet == "Proxy":
        return _proxy(function, args, signer, root, depth)
    if pallet == "Utility" and function in BATCHES:
        inner = args.get("calls")
        if not isinstance(inner, list) or not all(isinstance(c, dict) and "call_module" in c for c in inner):
            raise unsupported(pallet, function, "its calls did not decode")
        mapped = [to_neutral(c["call_module"], c["call_function"], c["call_args"], signer, root, depth + 1) for c in inner]
        return f"utility.{function}", {"calls": [{"call": name, "args": call_args} for name, call_args in mapped]}
    if pallet == "AdminUtils" and function in ("sudo_set_mechanism_count", "sudo_set_mechanism_emission_split"):
        return f"admin_utils.{function.removeprefix('sudo_')}", dict(args)
    if pallet == "AdminUtils" and function == "sudo_trim_to_max_allowed_uids":
        return "admin_utils.trim_to_max_allowed_uids", {"netuid": args.get("netuid"), "max_n": args.get("max_n")}
    if pallet == "AdminUtils" and function == "sudo_set_alpha_values":
        return "admin_utils.set_alpha_values", {k: args.get(k) for k in ("netuid", "alpha_low", "alpha_high")}
    if pallet == "AdminUtils" and function == "sudo_set_sn_owner_hotkey":
        return "admin_utils.set_sn_owner_hotkey", {"netuid": args.get("netuid"), "hotkey": args.get("hotkey")}
    setting = CHAIN_SETTINGS.get((pallet, function))
    if setting is not None:
        return "admin_utils.set_chain_setting", {"setting": setting, "value": _value_arg(args)}
    hyperparameter = setters().get((pallet, function))
    if hyperparameter is not None:
        return "admin_utils.set_hyperparameter", {"netuid": args.get("netuid"), "parameter": hyperparameter,
                                                  "value": _hyper_value(hyperparameter, _value_arg(args))}
    raise unsupported(pallet, function)


def _proxy(function: str, args: dict[str, Any], signer: str, root: bool, depth: int) -> tuple[str, dict[str, Any]]:
    """Proxy.* as taonet's proxy.* (node.runtime.proxy); Proxy.proxy's inner call is mapped as
    signed by its real account. The announcement calls are refused: the chain hashes the SCALE
    call, taonet the neutral call, so an announcement made through the façade could never match."""
    if function in PROXY_SAME:
        out = {k: account(v, "Proxy", function) if k in ("delegate", "spawner", "real") else v for k, v in args.items()}
        return f"proxy.{function}", out
    if function == "proxy":
        inner = args.get("call")
        if not isinstance(inner, dict) or "call_module" not in inner:
            raise unsupported("Proxy", function, "its call did not decode")
        real = account(args.get("real"), "Proxy", function)
        name, inner_args = to_neutral(inner["call_module"], inner["call_function"], inner["call_args"], real,
                                      root, depth + 1)
        return "proxy.proxy", {"real": real, "force_proxy_type": args.get("force_proxy_type"),
                               "call": {"call": name, "args": inner_args}}
    if function in ("announce", "remove_announcement", "reject_announcement", "proxy_announced"):
        raise unsupported("Proxy", function, "taonet hashes an announced call as its neutral call, not its SCALE "
                          "bytes; announce and execute with taonet's btcli (--announce-only, btcli proxy execute)")
    raise unsupported("Proxy", function)


def timelocked_why(netuid: Any) -> str:
    """Why a timelocked weights commit is refused, and the two ways to weights that work on taonet."""
    n = netuid if isinstance(netuid, int) else "N"
    return (f"a timelocked (drand) weights commit cannot be revealed on taonet, which has no drand beacon; the "
            f"SDK's set_weights sends one when subnet {n} has commit-reveal on. Turn commit-reveal off "
            f"(`btcli sudo set --netuid {n} --param commit_reveal_weights_enabled --value false`) and set weights "
            f"directly, or commit and reveal a hash (the SDK's commit_weights and reveal_weights, "
            f"`btcli weights commit` / `reveal`)")


def account(value: Any, pallet: str, function: str) -> Any:
    """A MultiAddress (scalecodec reads `Id` as the ss58 text, or {"Id": ss58}) as ss58 text."""
    if isinstance(value, dict):
        if set(value) == {"Id"}:
            return value["Id"]
        raise unsupported(pallet, function, f"only MultiAddress::Id accounts are supported, got {next(iter(value), '?')}")
    return value


def _axon(args: dict[str, Any], signer: str) -> dict[str, Any]:
    ip_type, ip = args.get("ip_type"), args.get("ip")
    try:
        address = ipaddress.IPv4Address(ip) if ip_type == 4 else ipaddress.IPv6Address(ip)
    except (ipaddress.AddressValueError, TypeError, ValueError):
        raise unsupported("SubtensorModule", "serve_axon", f"ip {ip!r} is not an IPv{ip_type} address") from None
    return {"netuid": args.get("netuid"), "hotkey": signer, "ip": str(address), "port": args.get("port"),
            "ip_type": ip_type, "protocol": args.get("protocol")}


def _text(value: Any) -> str:
    """A Vec<u8> as scalecodec reads it (text when UTF-8, else 0x-hex) as text."""
    if isinstance(value, str) and value.startswith("0x"):
        try:
            return bytes.fromhex(value[2:]).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return value
    return value if isinstance(value, str) else ""


def _value_arg(args: dict[str, Any]) -> Any:
    """The one value of a setter (its argument that is not `netuid`)."""
    rest = [v for k, v in args.items() if k != "netuid"]
    if len(rest) != 1:
        raise Unsupported(f"a setter with {len(rest)} values is not supported by taonet")
    return rest[0]


def _hyper_value(name: str, value: Any) -> Any:
    """A setter's value as taonet's set_hyperparameter takes it: fixed-point bits of a decimal
    hyperparameter as decimal text (exactly the same bits after taonet parses it), others as is."""
    from consensus import params as hp

    if isinstance(value, dict) and set(value) == {"bits"}:
        bits = int(value["bits"])
        if hp.get(name).type != "float":
            return bits
        whole, frac = divmod(Fraction(bits, 1 << 64), 1)
        return f"{int(whole)}.{round(frac * 10 ** FIXED_DIGITS):0{FIXED_DIGITS}d}".rstrip("0").rstrip(".")
    return value


@lru_cache(maxsize=1)
def setters() -> dict[tuple[str, str], str]:
    """(pallet, function) of every real setter of a taonet hyperparameter -> its taonet name (the
    root `sudo_` variant and the owner variant where the runtime has both)."""
    from consensus import params as hp
    from node.substrate.codec import codec

    runtime = codec()
    out: dict[tuple[str, str], str] = {}
    for spec in hp.HYPERPARAMS.values():
        if not spec.call or spec.name in ("alpha_low", "alpha_high"):  # set together: not one taonet value
            continue
        functions = {spec.call, spec.call if spec.call.startswith("sudo_") else "sudo_" + spec.call}
        for pallet in ("AdminUtils", "SubtensorModule", "Swap"):
            for function in functions:
                if _has_call(runtime, pallet, function):
                    out[(pallet, function)] = spec.name
    return out


def _has_call(runtime: Any, pallet: str, function: str) -> bool:
    calls = runtime.pallets.get(pallet, {}).get("calls")
    if not calls:
        return False
    variants = runtime.types[calls["ty"]]["def"]["variant"]["variants"]
    return any(v["name"] == function for v in variants)

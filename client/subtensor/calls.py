"""Taonet's neutral calls ("subtensor.add_stake_limit", args in rao) as the real runtime's calls.

`to_pallet_call(runtime, name, args)` maps one neutral call to a `PalletCall` (pallet, function,
params) the runtime's metadata has; `compose(runtime, call)` encodes it with scalecodec from that
metadata (no hand-written SCALE) and `call_bytes(runtime, name, args)` does both. A neutral call
with no real counterpart, or one this runtime lacks, raises ClientError in one line.
`runtime` is async-substrate-interface's `Runtime` (`load_runtime` builds one from metadata bytes).
Heavy imports (scalecodec, async_substrate_interface) happen inside the functions.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from client.errors import ClientError

# neutral arguments the taonet runtime defaults (node/runtime/*.py) when they are left out
DEFAULTS: dict[str, Any] = {"allow_partial": False, "version_key": 0, "keep_alive": False}

# admin_utils.set_chain_setting -> the real runtime's root call (its value argument from the metadata)
CHAIN_SETTINGS: dict[str, tuple[str, str]] = {
    "network_min_lock_cost": ("AdminUtils", "sudo_set_network_min_lock_cost"),
    "tx_rate_limit": ("AdminUtils", "sudo_set_tx_rate_limit"),
    "coldkey_swap_announcement_delay": ("AdminUtils", "sudo_set_coldkey_swap_announcement_delay"),
    "coldkey_swap_reannouncement_delay": ("AdminUtils", "sudo_set_coldkey_swap_reannouncement_delay"),
    "network_lock_reduction_interval": ("AdminUtils", "sudo_set_lock_reduction_interval"),
    "network_rate_limit": ("AdminUtils", "sudo_set_network_rate_limit"),
    "subnet_limit": ("AdminUtils", "sudo_set_subnet_limit"),
    "max_epochs_per_block": ("AdminUtils", "sudo_set_max_epochs_per_block"),
    "stake_threshold": ("AdminUtils", "sudo_set_stake_threshold"),
    "delegate_take_rate_limit": ("AdminUtils", "sudo_set_tx_delegate_take_rate_limit"),
    "subnet_moving_alpha": ("AdminUtils", "sudo_set_subnet_moving_alpha"),
    "start_call_delay": ("AdminUtils", "sudo_set_start_call_delay"),
    "max_mechanism_count": ("AdminUtils", "sudo_set_max_mechanism_count"),
}
# neutral calls that are the SubtensorModule call of the same name and argument names
SAME_NAME = ("add_stake", "add_stake_limit", "remove_stake", "remove_stake_limit", "move_stake",
             "move_stake_limit", "transfer_stake", "swap_stake", "swap_stake_limit", "start_call",
             "set_weights", "commit_weights", "reveal_weights", "increase_take", "decrease_take",
             "claim_root", "set_root_claim_type", "try_associate_hotkey", "set_children", "set_childkey_take",
             "set_coldkey_auto_stake_hotkey", "unstake_all", "unstake_all_alpha")
OWNER_CALLS = ("trigger_epoch", "add_stake_burn")  # btcli sudo's owner calls: the same names and arguments too
# key swaps (node.runtime.swap_hotkey / swap_coldkey): the same names and arguments too
KEY_SWAP_CALLS = ("swap_hotkey", "announce_coldkey_swap", "swap_coldkey_announced", "clear_coldkey_swap_announcement",
                  "dispute_coldkey_swap", "reset_coldkey_swap", "swap_coldkey")
BALANCES = ("transfer_keep_alive", "transfer_allow_death", "transfer_all", "force_set_balance")
# sub-mechanisms (node.runtime.mechanisms): weights calls of the same names; the owner's count and
# split calls are AdminUtils.sudo_set_mechanism_count / sudo_set_mechanism_emission_split
MECHANISM_CALLS = ("set_mechanism_weights", "commit_mechanism_weights", "reveal_mechanism_weights")
MECHANISM_ADMIN = ("set_mechanism_count", "set_mechanism_emission_split")


@dataclass(frozen=True)
class PalletCall:
    """One call of the real runtime: `params` by the metadata's argument names (a nested call,
    as for Sudo.sudo, is itself a PalletCall)."""

    pallet: str
    function: str
    params: dict[str, Any]

    def value(self) -> dict[str, Any]:
        """The call as scalecodec's `Call` type encodes it."""
        params = {k: v.value() if isinstance(v, PalletCall) else
                  [c.value() for c in v] if isinstance(v, list) and v and isinstance(v[0], PalletCall) else v
                  for k, v in self.params.items()}
        return {"call_module": self.pallet, "call_function": self.function, "call_args": params}


def load_runtime(metadata: bytes, spec_version: int, transaction_version: int, ss58_format: int = 42) -> Any:
    """An async-substrate-interface `Runtime` from metadata bytes: a `MetadataVersioned` (V14/V15,
    starting b"meta") or the `Option<OpaqueMetadata>` that `Metadata_metadata_at_version` answers."""
    from async_substrate_interface.types import Runtime, _decode_option_opaque_metadata

    raw = metadata if metadata[:4] == b"meta" else _decode_option_opaque_metadata(metadata)
    if not raw:
        raise ClientError("the node sent no runtime metadata")
    return Runtime.deserialize({"chain": "Bittensor", "type_registry": {}, "metadata_value": raw,
                                "metadata_v15": None, "ss58_format": ss58_format,
                                "runtime_info": {"specVersion": spec_version,
                                                 "transactionVersion": transaction_version}})


def _index(runtime: Any) -> dict[str, Any]:
    """pallet -> function -> [(arg name, type id)], and the type registry (cached on the runtime)."""
    cached = getattr(runtime, "_taonet_call_index", None)
    if cached is None:
        calls: dict[str, dict[str, list[tuple[str, int]]]] = {}
        for pallet in runtime.metadata.pallets:
            calls[pallet.name] = {c.name: [(a.name, int(str(a.type).split("::")[-1])) for a in c.args]
                                  for c in (pallet.calls or [])}
        types = {t["id"]: t["type"] for t in runtime.metadata.portable_registry.value["types"]}
        cached = {"calls": calls, "types": types}
        runtime._taonet_call_index = cached
    return cached


def spec_version(runtime: Any) -> str:
    return f"spec {runtime.runtime_version}" if runtime.runtime_version is not None else "this runtime"


def call_args(runtime: Any, pallet: str, function: str) -> list[tuple[str, int]] | None:
    """The call's (argument name, type id) in order, or None when the runtime has no such call."""
    return _index(runtime)["calls"].get(pallet, {}).get(function)


def _require(runtime: Any, name: str, pallet: str, function: str) -> list[tuple[str, int]]:
    args = call_args(runtime, pallet, function)
    if args is None:
        raise ClientError(f"{name}: the subtensor runtime ({spec_version(runtime)}) has no {pallet}.{function} call")
    return args


def _same_args(runtime: Any, name: str, pallet: str, function: str, args: dict[str, Any]) -> PalletCall:
    params = {}
    for arg, _ in _require(runtime, name, pallet, function):
        if arg in args:
            params[arg] = args[arg]
        elif arg in DEFAULTS:
            params[arg] = DEFAULTS[arg]
        else:
            raise ClientError(f"{name}: missing argument {arg!r} (the real {pallet}.{function} needs it)")
    return PalletCall(pallet, function, params)


def to_pallet_call(runtime: Any, name: str, args: dict[str, Any], root: bool = False) -> PalletCall:
    """The real runtime's call for neutral call `name` with `args` (taonet's names and units);
    `root` picks the root variant where owner and root calls differ (inside sudo.sudo)."""
    module, _, function = name.partition(".")
    if module == "balances" and function in BALANCES:
        return _same_args(runtime, name, "Balances", function, args)
    if module == "subtensor" and function in SAME_NAME + OWNER_CALLS + KEY_SWAP_CALLS:
        call = _same_args(runtime, name, "SubtensorModule", function, args)
        if function == "claim_root":
            call.params["subnets"] = sorted(set(call.params["subnets"]))
        return call
    if module == "subtensor" and function in MECHANISM_CALLS:
        return _same_args(runtime, name, "SubtensorModule", function, args)
    if module == "admin_utils" and function in MECHANISM_ADMIN:
        return _same_args(runtime, name, "AdminUtils", "sudo_" + function, args)
    handler = _SPECIAL.get(name)
    if handler is None:
        raise ClientError(f"{name} has no counterpart on a subtensor chain (taonet-only call)")
    return handler(runtime, name, args, root)


def _transfer_stake_limit(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    if args.get("origin_netuid") == args.get("destination_netuid"):
        # no swap happens within one subnet, so there is no price for a limit to protect
        return _same_args(runtime, name, "SubtensorModule", "transfer_stake", args)
    raise ClientError("transfer_stake_limit: the real chain has no price-limited stake transfer between subnets; "
                      "transfer within the subnet, then swap with a limit (swap_stake_limit)")


def _burned_register(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    max_burn = int(args.get("max_burn") or 0)
    if max_burn > 0:
        if call_args(runtime, "SubtensorModule", "register_limit") is None:
            raise ClientError(f"register: this subtensor runtime ({spec_version(runtime)}) has no price-limited "
                              "registration (register_limit); register without a burn limit to accept the "
                              "current burn")
        return _same_args(runtime, name, "SubtensorModule", "register_limit", {**args, "limit_price": max_burn})
    return _same_args(runtime, name, "SubtensorModule", "burned_register", args)


def _register_network(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    if args.get("symbol"):
        raise ClientError("subnet create --symbol: a subtensor chain assigns the symbol at creation (its owner "
                          "changes it later with update_symbol); create the subnet without --symbol")
    subnet_name = args.get("subnet_name") or ""
    if not subnet_name:
        return _same_args(runtime, name, "SubtensorModule", "register_network", args)
    return _register_network_with_identity(runtime, name, {**args, "subnet_name": subnet_name}, root)


SUBNET_IDENTITY = ("subnet_name", "github_repo", "subnet_contact", "subnet_url", "discord", "description", "logo_url",
                   "additional")  # SubnetIdentityOfV3's fields


def _register_network_with_identity(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    """register_network_with_identity(hotkey, Some(SubnetIdentityOfV3)): each field as its UTF-8 bytes."""
    if args.get("symbol"):
        raise ClientError("subnet create --symbol: a subtensor chain assigns the symbol at creation (its owner "
                          "changes it later with update_symbol); create the subnet without --symbol")
    identity = {field: str(args.get(field) or "").encode() for field in SUBNET_IDENTITY}
    return _same_args(runtime, name, "SubtensorModule", "register_network_with_identity",
                      {"hotkey": args.get("hotkey"), "identity": identity})


def _texts(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    """Identity and symbol calls: the same names, each text field as its UTF-8 bytes (Vec<u8>; a
    str would be read as hex when it starts with 0x)."""
    encoded = {k: v.encode() if isinstance(v, str) else v for k, v in args.items()}
    return _same_args(runtime, name, "SubtensorModule", name.partition(".")[2], encoded)


def _serve_axon(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    try:
        address = ipaddress.ip_address(str(args.get("ip", "")))
    except ValueError:
        raise ClientError(f"serve axon: {args.get('ip')!r} is not an IPv4 or IPv6 address") from None
    ip_type = int(args.get("ip_type") or address.version)
    if ip_type != address.version:
        raise ClientError(f"serve axon: {address} is an IPv{address.version} address, not ip_type {ip_type}")
    fields = {"netuid": args.get("netuid"), "version": int(args.get("version", 0)), "ip": int(address),
              "port": args.get("port"), "ip_type": ip_type, "protocol": int(args.get("protocol", 4)),
              "placeholder1": 0, "placeholder2": 0}
    return _same_args(runtime, name, "SubtensorModule", "serve_axon", fields)


def _hyperparameter(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    from consensus import params as hp

    try:
        spec = hp.get(str(args.get("parameter")))
    except ValueError as exc:
        raise ClientError(str(exc)) from None
    if not spec.call:
        raise ClientError(f"{spec.name} is not settable ({spec.note})")
    if spec.name in ("alpha_low", "alpha_high"):
        raise ClientError("alpha_low and alpha_high are set together on a subtensor chain (sudo_set_alpha_values); "
                          "taonet cannot set one of them there yet")
    candidates = [spec.call] if spec.call.startswith("sudo_") else (["sudo_" + spec.call, spec.call] if root
                                                                   else [spec.call, "sudo_" + spec.call])
    for function in candidates:
        for pallet in ("AdminUtils", "SubtensorModule", "Swap"):
            arg_types = call_args(runtime, pallet, function)
            if arg_types is not None:
                return _with_value(runtime, f"{spec.name}", pallet, function, arg_types, args.get("netuid"),
                                   args.get("value"), spec.type)
    raise ClientError(f"{spec.name}: the subtensor runtime ({spec_version(runtime)}) has no {spec.call} call to set it")


def _chain_setting(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    setting = str(args.get("setting"))
    target = CHAIN_SETTINGS.get(setting)
    if target is None:
        raise ClientError(f"chain setting {setting!r} has no setter taonet knows on a subtensor chain; "
                          f"known there: {', '.join(sorted(CHAIN_SETTINGS))}")
    arg_types = _require(runtime, name, *target)
    return _with_value(runtime, setting, target[0], target[1], arg_types, None, args.get("value"), "u64")


def _with_value(runtime: Any, label: str, pallet: str, function: str, arg_types: list[tuple[str, int]],
                netuid: Any, value: Any, kind: str) -> PalletCall:
    """A setter call: `netuid` for its netuid argument, `value` (as chain units) for the other one."""
    params: dict[str, Any] = {}
    rest = [(arg, type_id) for arg, type_id in arg_types if arg != "netuid"]
    if len(rest) != 1:
        raise ClientError(f"{label}: {pallet}.{function} takes {len(rest)} values; taonet sets one")
    if len(rest) != len(arg_types):
        params["netuid"] = netuid
    arg, type_id = rest[0]
    params[arg] = _chain_value(runtime, label, type_id, value, kind)
    return PalletCall(pallet, function, params)


def _chain_value(runtime: Any, label: str, type_id: int, value: Any, kind: str) -> Any:
    """`value` (int, bool or decimal text) as the argument type `type_id` stores it: fixed-point
    types take their bits (value·2^frac_bits), bools true/false."""
    types = _index(runtime)["types"]
    definition = types[type_id]
    variants = definition["def"].get("variant", {}).get("variants")
    if kind == "enum" and variants:  # a unit variant by name (RecycleOrBurnEnum: Burn, Recycle)
        found = [v["name"] for v in variants if v["name"].lower() == str(value).strip().lower()]
        if not found:
            raise ClientError(f"{label} takes one of {', '.join(v['name'] for v in variants)}, got {value!r}")
        return found[0]
    if definition["def"].get("primitive") == "bool":
        from consensus.params import parse_bool

        flag = parse_bool(value)
        if flag is None:
            raise ClientError(f"{label} is true or false, got {value!r}")
        return flag
    number = _number(label, value)
    path = definition.get("path", [])
    if path and path[0] == "substrate_fixed":
        if kind == "float":  # a decimal hyperparameter such as burn_increase_mult "1.26"
            return {"bits": round(number * (1 << _frac_bits(types, definition["params"][0]["type"])))}
        if number.denominator != 1:
            raise ClientError(f"{label} is given as the chain's fixed-point bits (a whole number), got {value!r}")
        return {"bits": int(number)}  # taonet keeps such settings as the chain's bits already
    if number.denominator != 1:
        raise ClientError(f"{label} is a whole number, got {value!r}")
    return int(number)


def _number(label: str, value: Any) -> Fraction:
    from consensus import params as hp

    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(value)
    try:
        return hp.parse_number(str(value))
    except ValueError as exc:
        raise ClientError(f"{label}: {exc}") from None


def _frac_bits(types: dict[int, Any], type_id: int) -> int:
    """The number a substrate_typenum UInt<…, B1/B0> type stands for (FixedU128<U64>: 64)."""
    definition = types[type_id]
    path = definition.get("path", [])
    if path[-1:] == ["UTerm"]:
        return 0
    if path[-1:] in (["B0"], ["B1"]):
        return int(path[-1] == "B1")
    fields = {f["name"]: f["type"] for f in definition["def"]["composite"]["fields"]}
    return 2 * _frac_bits(types, fields["msb"]) + _frac_bits(types, fields["lsb"])


def _sudo(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    inner = args.get("call")
    if not isinstance(inner, dict) or not isinstance(inner.get("call"), str) or not isinstance(inner.get("args"), dict):
        raise ClientError('sudo.sudo: call must be {"call": name, "args": {...}}')
    if inner["call"] == "sudo.sudo":
        raise ClientError("sudo.sudo cannot wrap another sudo.sudo")
    wrapped = to_pallet_call(runtime, inner["call"], inner["args"], root=True)
    _require(runtime, name, "Sudo", "sudo")
    return PalletCall("Sudo", "sudo", {"call": wrapped})


def _batch(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    """utility.batch / batch_all / force_batch: the real Utility pallet's call of the same name over
    the inner calls, each mapped as on its own."""
    inner = args.get("calls")
    if not isinstance(inner, list) or not all(isinstance(c, dict) and isinstance(c.get("call"), str)
                                              and isinstance(c.get("args"), dict) for c in inner):
        raise ClientError(f'{name}: calls must be a list of {{"call": name, "args": {{...}}}}')
    function = name.partition(".")[2]
    _require(runtime, name, "Utility", function)
    return PalletCall("Utility", function, {"calls": [to_pallet_call(runtime, c["call"], c["args"], root)
                                                      for c in inner]})


def _set_key(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    return _same_args(runtime, name, "Sudo", "set_key", args)


def _proxy(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    """proxy.*: the real Proxy pallet's call of the same name; proxy.proxy and proxy_announced wrap
    their inner call, mapped as on its own."""
    function = name.partition(".")[2]
    if function not in ("proxy", "proxy_announced"):
        return _same_args(runtime, name, "Proxy", function, args)
    inner = args.get("call")
    if not isinstance(inner, dict) or not isinstance(inner.get("call"), str) or not isinstance(inner.get("args"), dict):
        raise ClientError(f'{name}: call must be {{"call": name, "args": {{...}}}}')
    _require(runtime, name, "Proxy", function)
    params = {k: v for k, v in args.items() if k != "call"}
    params.setdefault("force_proxy_type", None)
    params["call"] = to_pallet_call(runtime, inner["call"], inner["args"], root)
    return PalletCall("Proxy", function, params)


def _trim(runtime: Any, name: str, args: dict[str, Any], root: bool) -> PalletCall:
    return _same_args(runtime, name, "AdminUtils", "sudo_trim_to_max_allowed_uids", args)


def _admin(function: str) -> Any:
    """A neutral admin_utils call that is AdminUtils.`function` with the same argument names."""
    return lambda runtime, name, args, root: _same_args(runtime, name, "AdminUtils", function, args)


_SPECIAL = {
    "subtensor.transfer_stake_limit": _transfer_stake_limit,
    "subtensor.burned_register": _burned_register,
    "subtensor.register_network": _register_network,
    "subtensor.register_network_with_identity": _register_network_with_identity,
    "subtensor.serve_axon": _serve_axon,
    "admin_utils.set_hyperparameter": _hyperparameter,
    "admin_utils.set_chain_setting": _chain_setting,
    "sudo.sudo": _sudo,
    "admin_utils.trim_to_max_allowed_uids": _trim,
    "admin_utils.set_alpha_values": _admin("sudo_set_alpha_values"),
    "admin_utils.set_sn_owner_hotkey": _admin("sudo_set_sn_owner_hotkey"),
    "utility.batch": _batch, "utility.batch_all": _batch, "utility.force_batch": _batch,
    "sudo.set_key": _set_key,
    **{f"proxy.{f}": _proxy for f in ("proxy", "add_proxy", "remove_proxy", "remove_proxies", "create_pure", "kill_pure",
                                      "announce", "remove_announcement", "reject_announcement", "proxy_announced")},
    "subtensor.set_identity": _texts, "subtensor.set_subnet_identity": _texts, "subtensor.update_symbol": _texts,
}


def compose(runtime: Any, call: PalletCall) -> Any:
    """The scalecodec `Call` object of `call`, encoded from the runtime's metadata (its `.data` is
    the SCALE bytes). A value the type cannot hold raises ClientError."""
    obj = runtime.runtime_config.create_scale_object("Call", metadata=runtime.metadata)
    try:
        obj.encode(call.value())
    except ClientError:
        raise
    except Exception as exc:  # noqa: BLE001 - scalecodec raises ValueError, TypeError, OverflowError, its own kinds
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ClientError(f"{call.pallet}.{call.function}: an argument does not fit the chain's type ({detail})") from None
    return obj


def compose_call(runtime: Any, name: str, args: dict[str, Any]) -> Any:
    """The scalecodec `Call` of neutral call `name`."""
    return compose(runtime, to_pallet_call(runtime, name, args))


def call_bytes(runtime: Any, name: str, args: dict[str, Any]) -> bytes:
    """The SCALE bytes of neutral call `name` (pallet index, call index, arguments)."""
    return bytes(compose_call(runtime, name, args).data.data)


def runtime_of(conn: Any) -> Any:
    """The runtime at the head of `conn` (client.subtensor.connection.Substrate), within its deadline."""
    with conn.bounded("reading the runtime"):
        return conn.substrate.init_runtime()


def commit_hash(conn: Any, hotkey: str, netuid: int, uids: list[int], values: list[int], salt: list[int],
                version_key: int) -> str:
    """`weights_commit_hash` with the runtime of connection `conn`."""
    return weights_commit_hash(runtime_of(conn), hotkey, netuid, uids, values, salt, version_key)


def weights_commit_hash(runtime: Any, hotkey: str, netuid: int, uids: list[int], values: list[int],
                        salt: list[int], version_key: int) -> str:
    """The hash subtensor checks a weights reveal against: blake2-256 of the SCALE encoding of
    (hotkey AccountId, netuid u16, uids Vec<u16>, values Vec<u16>, salt Vec<u16>, version_key u64)."""
    from hashlib import blake2b

    from wallet import ss58

    config = runtime.runtime_config
    parts = [ss58.decode(hotkey, None)]
    for type_string, value in (("u16", netuid), ("Vec<u16>", uids), ("Vec<u16>", values), ("Vec<u16>", salt),
                               ("u64", version_key)):
        parts.append(bytes(config.create_scale_object(type_string).encode(value).data))
    return "0x" + blake2b(b"".join(parts), digest_size=32).hexdigest()

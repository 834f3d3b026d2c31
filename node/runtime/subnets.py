"""Subnets: creation with the lock cost, start_call, burned neuron registration with pruning,
axons and hyperparameters.  # spec §3.4–§3.6, §5

Neurons live in `neurons` keyed f"{netuid}:{uid:05d}"; `uids` maps (netuid, hotkey) to its uid;
`hotkey_owner` binds a hotkey to the coldkey that first registered it (others cannot use it).
Hyperparameters are set by `admin_utils.set_hyperparameter(netuid, name, value)`: the subnet owner
for owner-settable ones, within the table's bounds and at most once per
`owner_hparam_rate_limit` tempos per parameter; root (through `sudo.sudo`) for all, within the
bounds too except `tempo` (any value ≥ 1). Chain-wide settings (lock cost, rate limits …) are
root-only through `admin_utils.set_chain_setting(name, value)`.
"""
from __future__ import annotations

import ipaddress
from fractions import Fraction
from statistics import median_low
from typing import Any

from consensus import emission, params as hp, registration as reg
from node.runtime import amounts
from node.runtime import balances
from node.runtime import economy as eco
from node.runtime import mechanisms, staking, weights
from node.runtime.dispatch import ROOT, Context, DispatchError, register
from node.runtime.economy import neuron_key, uid_of
from node.runtime.types import ArgumentError, Field, address, u64


def text(max_len: int):
    def check(value: Any, name: str) -> str:
        if not isinstance(value, str) or len(value) > max_len:
            raise ArgumentError(f"{name} must be text of at most {max_len} characters, got {value!r}")
        return value
    return check


def u16(value: Any, name: str) -> int:
    value = u64(value, name)
    if value > 65535:
        raise ArgumentError(f"{name} must be in 0..65535, got {value}")
    return value


def scalar(value: Any, name: str) -> Any:
    if isinstance(value, bool) or (isinstance(value, int) and 0 <= value < 2**64) or \
            (isinstance(value, str) and 0 < len(value) <= 64):
        return value
    raise ArgumentError(f"{name} must be an integer, true/false or a short text such as \"1.26\", got {value!r}")


def _bind_hotkey(ctx: Context, coldkey: str, hotkey: str) -> None:
    owner = staking.hotkey_owner(ctx.state, hotkey)
    if owner is None:
        ctx.state.put("hotkey_owner", hotkey, (coldkey, ctx.block_number))
    elif owner != coldkey:
        raise DispatchError("subtensor.NonAssociatedColdKey",
                            f"hotkey {hotkey} belongs to coldkey {owner}; only that coldkey can register or use it")


def _place_neuron(ctx: Context, s: eco.Subnet, hotkey: str, coldkey: str) -> int:
    """Give `hotkey` a uid: the next free one, else the pruned one (spec §3.6)."""
    state, block = ctx.state, ctx.block_number
    max_uids = eco.param(state, s.netuid, "max_allowed_uids")
    if s.neurons < max_uids:
        uid = s.neurons
        s.neurons += 1
    else:
        rows = [state.get("neurons", neuron_key(s.netuid, u)) for u in range(s.neurons)]
        immortal = _owner_immortal(state, s, rows)
        uid = reg.neuron_to_prune([r[4] for r in rows], [r[2] for r in rows], block,
                                  eco.param(state, s.netuid, "immunity_period"), immortal)
        if uid is None:
            raise DispatchError("subtensor.NoNeuronToPrune",
                                f"subnet {s.netuid} is full ({max_uids} uids) and every neuron is immune or owner-owned")
        old = rows[uid][0]
        state.put("uids", f"{s.netuid}:{old}", None)
        weights.clear_uid(state, s.netuid, uid, old)
        ctx.emit("subtensor.NeuronDeregistered", netuid=s.netuid, uid=uid, hotkey=old)
    state.put("neurons", neuron_key(s.netuid, uid), (hotkey, coldkey, block, block, 0, "", 0, 0, 0, 0))
    state.put("uids", f"{s.netuid}:{hotkey}", (uid,))
    return uid


def _owner_immortal(state: Any, s: eco.Subnet, rows: list) -> list[int]:
    """The owner hotkey's uid plus up to ImmuneOwnerUidsLimit other uids of the owner's coldkey."""
    limit = eco.param(state, s.netuid, "immune_owner_uids_limit")
    out = [u for u, r in enumerate(rows) if r[0] == s.owner_hotkey]
    others = sorted((r[2], u) for u, r in enumerate(rows) if r[1] == s.owner_coldkey and r[0] != s.owner_hotkey)
    return out + [u for _, u in others[:limit]]


# -- lock cost and subnet creation ------------------------------------------------------------
def lock_cost(state: Any, block: int) -> int:
    """The TAO a new subnet locks now.  # spec §3.4"""
    cfg = eco.settings(state)
    return reg.subnet_lock_cost(state.get_value("network_last_lock", 0), state.get_value("network_last_lock_block", 0),
                                block, emission.block_emission(balances.total_issuance(state)),
                                cfg["network_min_lock_cost"], cfg["network_lock_reduction_interval"])


def _median_price(state: Any) -> Fraction:
    prices = [s.price for n in eco.netuids(state) if n != eco.ROOT_NETUID and (s := eco.subnet(state, n)) and s.alpha_in]
    return median_low(prices) if prices else Fraction(1)


@register("subtensor.register_network", hotkey=Field(address), subnet_name=Field(text(64), ""),
          symbol=Field(text(8), ""))
def register_network(ctx: Context, hotkey: str, subnet_name: str, symbol: str) -> int:
    """Create the next subnet owned by the signer (coldkey) and `hotkey`; the lock cost goes into
    its pool; the owner hotkey becomes uid 0. Emission starts after `subtensor.start_call`.
    Answers the new netuid (node.runtime.identity.register_network_with_identity)."""
    coldkey = ctx.signer()
    state, block = ctx.state, ctx.block_number
    cfg = eco.settings(state)
    last_block = state.get_value("network_last_lock_block", 0)
    if last_block and block - last_block < cfg["network_rate_limit"]:
        raise DispatchError("subtensor.NetworkTxRateLimitExceeded",
                            f"a subnet was created at block {last_block}; the next may be created from block "
                            f"{last_block + cfg['network_rate_limit']}")
    existing = eco.netuids(state)
    if len(existing) - 1 >= cfg["subnet_limit"]:
        raise DispatchError("subtensor.SubnetLimitReached", f"the chain already has {cfg['subnet_limit']} subnets")
    _bind_hotkey(ctx, coldkey, hotkey)
    cost = lock_cost(state, block)
    eco.withdraw_free(ctx, coldkey, cost, "subtensor.NotEnoughBalanceToLock", f"lock {amounts.tao(cost)} for a new subnet")
    netuid = next(n for n in range(1, len(existing) + 1) if n not in existing)
    s = eco.new_subnet(netuid, coldkey, hotkey, block)
    s.name, s.symbol = subnet_name, symbol
    pool_tao = max(cost, cfg["network_min_lock_cost"])
    s.lock_paid = s.tao_in = pool_tao
    eco.add_issuance(state, pool_tao - cost)  # zero unless the floor tops it up
    s.alpha_in = min(int(Fraction(pool_tao) / _median_price(state)), eco.INT_CEILING // 4) or pool_tao
    s.burn = reg.INITIAL_NEURON_BURN
    tempo = cfg["default_tempo"]
    values = eco.default_params()
    values["tempo"] = tempo
    s.last_epoch_block = emission.initial_last_epoch_block(netuid, tempo, block)
    state.put_value("network_last_lock", cost)
    state.put_value("network_last_lock_block", block)
    state.put_value("netuids", sorted(existing + [netuid]))
    eco.save_params(state, netuid, values, {})
    _place_neuron(ctx, s, hotkey, coldkey)
    eco.save_subnet(state, s)
    ctx.emit("subtensor.NetworkAdded", netuid=netuid, owner=coldkey, hotkey=hotkey, lock=cost)
    return netuid


@register("subtensor.start_call", netuid=Field(u64))
def start_call(ctx: Context, netuid: int) -> None:
    """The owner starts the subnet's emission (and staking on it)."""
    s = eco.require_subnet(ctx.state, netuid)
    _ensure_owner(ctx, s)
    if s.first_emission_block:
        raise DispatchError("subtensor.FirstEmissionBlockNumberAlreadySet",
                            f"subnet {netuid} started at block {s.first_emission_block}")
    earliest = s.registered_at + eco.setting(ctx.state, "start_call_delay")
    if ctx.block_number < earliest:
        raise DispatchError("subtensor.NeedWaitingMoreBlocksToStarCall",  # sic: the chain's name
                            f"subnet {netuid} was registered at block {s.registered_at}; it can be started from block "
                            f"{earliest} ({earliest - ctx.block_number} blocks from now; `btcli subnets check-start`)")
    s.first_emission_block = ctx.block_number
    eco.save_subnet(ctx.state, s)
    ctx.emit("subtensor.FirstEmissionBlockNumberSet", netuid=netuid, block=ctx.block_number)


def _ensure_owner(ctx: Context, s: eco.Subnet) -> None:
    if ctx.origin != ROOT and ctx.signer() != s.owner_coldkey:
        raise DispatchError("subtensor.NotSubnetOwner", f"only subnet {s.netuid}'s owner ({s.owner_coldkey}) may do this")


# -- neuron registration ----------------------------------------------------------------------
@register("subtensor.burned_register", netuid=Field(u64), hotkey=Field(address), max_burn=Field(u64, 0))
def burned_register(ctx: Context, netuid: int, hotkey: str, max_burn: int) -> None:
    """Register `hotkey` on `netuid` for the current burn (paid by the signer's coldkey, swapped
    into the pool, the alpha recycled); `max_burn` > 0 refuses a higher price."""
    coldkey = ctx.signer()
    state = ctx.state
    if netuid == eco.ROOT_NETUID:
        raise DispatchError("subtensor.RegistrationNotPermittedOnRootSubnet", "neurons cannot register on root (netuid 0)")
    s = eco.require_subnet(state, netuid)
    if not eco.param(state, netuid, "registration_allowed"):
        raise DispatchError("subtensor.SubNetRegistrationDisabled", f"registration is disabled on subnet {netuid}")
    if uid_of(state, netuid, hotkey) is not None:
        raise DispatchError("subtensor.HotKeyAlreadyRegisteredInSubNet",
                            f"hotkey {hotkey} is already uid {uid_of(state, netuid, hotkey)} on subnet {netuid}")
    _bind_hotkey(ctx, coldkey, hotkey)
    burn = s.burn
    if max_burn and burn > max_burn:
        raise DispatchError("subtensor.RegistrationPriceLimitExceeded",
                            f"the burn is {amounts.tao(burn)}, above your limit of {amounts.tao(max_burn)}")
    eco.withdraw_free(ctx, coldkey, burn, "subtensor.NotEnoughBalanceToRegister", "pay the registration burn")
    try:
        bought = staking.simulate_buy(s, burn, 0, drop_fees=True)
        s.set_pool(bought.pool)  # the alpha bought is recycled: it never reaches alpha_out
        s.volume += burn
    except DispatchError:
        eco.add_issuance(state, -burn)  # the pool cannot take it: the burn is burned
    uid = _place_neuron(ctx, s, hotkey, coldkey)
    p = eco.params(state, netuid)
    s.burn = reg.bump_burn(burn, p["burn_increase_mult"], p["min_burn"], p["max_burn"])
    s.registrations += 1
    eco.save_subnet(state, s)
    ctx.emit("subtensor.NeuronRegistered", netuid=netuid, uid=uid, hotkey=hotkey, coldkey=coldkey, burn=burn)


# -- axons --------------------------------------------------------------------------------------
# Free calls (Pays::No on the chain: a miner's hotkey needs no TAO to publish its axon). Being free,
# one that would fail is refused before the pool (`serving_admission_check`, as the chain's
# CheckServingEndpoints extension validates serve_axon), and the serving rate limit bounds how
# often an axon may change.
SERVING_CALLS = frozenset({"subtensor.serve_axon"})


def _checked_axon(state: Any, signer: str, block_number: int, netuid: int, hotkey: str, ip: str, port: int,
                  ip_type: int) -> tuple[int, list, str]:
    """serve_axon's checks (registration, signer, address, port, rate limit) for `block_number`:
    (the hotkey's uid, its neuron row, the normalised ip), or DispatchError."""
    uid = uid_of(state, netuid, hotkey)
    if uid is None:
        raise DispatchError("subtensor.HotKeyNotRegisteredInSubNet", f"hotkey {hotkey} is not registered on subnet {netuid}")
    if signer not in (hotkey, staking.hotkey_owner(state, hotkey)):
        raise DispatchError("subtensor.NonAssociatedColdKey", f"only hotkey {hotkey} or its coldkey may serve its axon")
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        raise DispatchError("subtensor.InvalidIpAddress", f"{ip!r} is not an IPv4 or IPv6 address") from None
    if ip_type not in (4, 6) or parsed.version != ip_type:
        raise DispatchError("subtensor.InvalidIpType", f"{ip} is IPv{parsed.version}, but ip_type is {ip_type}")
    if port == 0 and not parsed.is_unspecified:
        raise DispatchError("subtensor.InvalidPort", "the port must be in 1..65535 (port 0 only with 0.0.0.0, a reset)")
    row = list(state.get("neurons", neuron_key(netuid, uid)))
    limit = eco.param(state, netuid, "serving_rate_limit")
    if row[9] and block_number - row[9] < limit:
        raise DispatchError("subtensor.ServingRateLimitExceeded",
                            f"the axon was set at block {row[9]}; it can change again from block {row[9] + limit} "
                            f"(serving_rate_limit {limit})")
    return uid, row, str(parsed)


@register("subtensor.serve_axon", netuid=Field(u64), hotkey=Field(address), ip=Field(text(45)), port=Field(u16),
          ip_type=Field(u16, 4), protocol=Field(u16, 4))
def serve_axon(ctx: Context, netuid: int, hotkey: str, ip: str, port: int, ip_type: int, protocol: int) -> None:
    """Store the axon (ip, port) of a registered hotkey; signed by its coldkey or the hotkey itself."""
    uid, row, parsed = _checked_axon(ctx.state, ctx.signer(), ctx.block_number, netuid, hotkey, ip, port, ip_type)
    row[5:10] = [parsed, port, ip_type, protocol, ctx.block_number]
    ctx.state.put("neurons", neuron_key(netuid, uid), tuple(row))
    ctx.emit("subtensor.AxonServed", netuid=netuid, uid=uid, hotkey=hotkey, ip=parsed, port=port)


def serving_admission_check(state: Any, signer: str, call: str, args: dict[str, Any], block_number: int) -> None:
    """Raise DispatchError when a free serving call would fail (`state`: the last committed block,
    `block_number`: the next)."""
    if call in SERVING_CALLS:
        _checked_axon(state, signer, block_number, args["netuid"], args["hotkey"], args["ip"], args["port"],
                      args["ip_type"])


# -- hyperparameters ----------------------------------------------------------------------------
SUDO_TEMPO_MAX = 65535  # root may set any u16 tempo; the owner stays in the table's range


def hyperparameter_value(parameter: str, value: Any, is_root: bool = True) -> Any:
    """`value` as stored for `parameter`, parsed with bounds (consensus.params.parse_number);
    ValueError names the range. Admission uses the widest range (root's)."""
    spec = hp.get(parameter)
    if is_root and spec.name == "tempo":
        number = value if type(value) is int else hp.parse_number(value) if isinstance(value, str) else None
        if number is None or number != int(number) or not 1 <= number <= SUDO_TEMPO_MAX:
            raise ValueError(f"tempo must be a whole number in [1, {SUDO_TEMPO_MAX}] for sudo, got {value!r}")
        return int(number)
    return hp.validate(spec.name, value)


def _admit_hyperparameter(args: dict[str, Any]) -> None:
    try:
        hp.get(args["parameter"])
    except ValueError:
        return  # dispatch names the unknown hyperparameter (admin_utils.UnknownHyperparameter)
    try:
        hyperparameter_value(args["parameter"], args["value"])
    except ValueError as exc:
        raise ArgumentError(str(exc)) from None


@register("admin_utils.set_hyperparameter", admit=_admit_hyperparameter, netuid=Field(u64), parameter=Field(text(64)),
          value=Field(scalar))
def set_hyperparameter(ctx: Context, netuid: int, parameter: str, value: Any) -> None:
    """Set one hyperparameter (spec §5 names, btcli aliases accepted)."""
    state = ctx.state
    s = eco.require_subnet(state, netuid)
    try:
        spec = hp.get(parameter)
    except ValueError as exc:
        raise DispatchError("admin_utils.UnknownHyperparameter", str(exc)) from None
    is_root = ctx.origin == ROOT
    _ensure_owner(ctx, s)
    if spec.name == "subnet_is_active" or not spec.call:
        raise DispatchError("admin_utils.NotSettable", f"{spec.name} is not settable ({spec.note})")
    if not is_root and not spec.owner_settable:
        raise DispatchError("admin_utils.NotOwnerSettable", f"{spec.name} can only be set by sudo (root)")
    try:
        stored = hyperparameter_value(spec.name, value, is_root)
    except ValueError as exc:
        raise DispatchError("admin_utils.ValueOutOfRange", str(exc)) from None
    values, changed = eco.params(state, netuid), eco.last_set(state, netuid)
    if not is_root and spec.name not in hp.NO_OWNER_RATE_LIMIT:
        wait = values.get("owner_hparam_rate_limit", 2) * values.get("tempo", 360)
        last = changed.get(spec.name)
        if last is not None and ctx.block_number - last < wait:
            raise DispatchError("admin_utils.RateLimitExceeded",
                                f"{spec.name} was set at block {last}; the owner may set it again from block {last + wait}")
        changed[spec.name] = ctx.block_number
    if spec.name in ("alpha_low", "alpha_high"):
        low = stored if spec.name == "alpha_low" else values["alpha_low"]
        high = stored if spec.name == "alpha_high" else values["alpha_high"]
        if low >= high:
            raise DispatchError("admin_utils.ValueOutOfRange", f"alpha_low ({low}) must stay below alpha_high ({high})")
    if spec.name == "burn":
        s.burn = stored
    else:
        values[spec.name] = stored
    if spec.name in ("min_burn", "max_burn"):
        s.burn = reg.clamp_burn(s.burn, values["min_burn"], values["max_burn"])
    if spec.name == "max_allowed_uids" and stored < s.neurons:
        raise DispatchError("admin_utils.ValueOutOfRange",
                            f"subnet {netuid} has {s.neurons} neurons; max_allowed_uids cannot go below that")
    if spec.name == "max_allowed_uids":  # ensure_max_uids_over_all_mechanisms
        count = mechanisms.count(state, netuid)
        if stored * count > mechanisms.cm.DEFAULT_MAX_ALLOWED_UIDS:
            raise DispatchError("subtensor.TooManyUIDsPerMechanism",
                                f"subnet {netuid} runs {count} mechanisms: max_allowed_uids × {count} may not exceed "
                                f"{mechanisms.cm.DEFAULT_MAX_ALLOWED_UIDS}")
    eco.save_params(state, netuid, values, changed)
    eco.save_subnet(state, s)
    ctx.emit("admin_utils.HyperparameterSet", netuid=netuid, parameter=spec.name, value=stored)


@register("admin_utils.set_chain_setting", setting=Field(text(64)), value=Field(u64))
def set_chain_setting(ctx: Context, setting: str, value: int) -> None:
    """Root only: a chain-wide economic setting (network_min_lock_cost, network_rate_limit, …)."""
    ctx.ensure_root()
    if setting not in eco.DEFAULT_SETTINGS:
        raise DispatchError("admin_utils.UnknownSetting",
                            f"unknown chain setting {setting!r}; known: {', '.join(sorted(eco.DEFAULT_SETTINGS))}")
    most, error = eco.SETTING_MAX.get(setting, (eco.U64_MAX, "admin_utils.ValueOutOfRange"))
    if value > most:
        raise DispatchError(error, f"{setting} must be in 0..{most}, got {value}")
    if setting == mechanisms.MAX_COUNT_SETTING and value == 0:  # do_set_max_mechanism_count: not zero
        raise DispatchError(error, f"{setting} must be in 1..{most}, got 0")
    current = ctx.state.get_value("economics", {})
    ctx.state.put_value("economics", {**current, setting: value})
    ctx.emit("admin_utils.ChainSettingSet", setting=setting, value=value)

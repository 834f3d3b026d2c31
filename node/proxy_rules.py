"""Proxy types and what each lets a delegate do, as the real runtime's `ProxyType` and its
`InstanceFilter` (opentensor/subtensor runtime/src/lib.rs, common/src/lib.rs; spec 461's
metadata: 19 variants, BasketTrading last), the proxy pallet's constants and its pure-account
derivation (pallets/proxy `pure_account`).

Pure (no I/O), shared by the runtime (node.runtime.proxy) and the client's preflight, so a command
refuses before signing exactly what the chain would refuse. Calls are taonet's neutral names.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

PROXY_TYPES = ("Any", "Owner", "NonCritical", "NonTransfer", "Senate", "NonFungible", "Triumvirate", "Governance",
               "Staking", "Registration", "Transfer", "SmallTransfer", "RootWeights", "ChildKeys",
               "SudoUncheckedSetCode", "SwapHotkey", "SubnetLeaseBeneficiary", "RootClaim", "BasketTrading")
"""The variants in their SCALE index order (spec 461)."""
DEPRECATED = frozenset({"Senate", "Triumvirate", "Governance", "RootWeights"})

# the runtime's constants (spec 461 metadata, rao)
PROXY_DEPOSIT_BASE = 60_000_000        # deposit(1, 40): 0.06 TAO
PROXY_DEPOSIT_FACTOR = 33_000_000      # deposit(0, 33) per proxy: 0.033 TAO
MAX_PROXIES = 20
MAX_PENDING = 75                       # announcements per delegate
ANNOUNCEMENT_DEPOSIT_BASE = 36_000_000  # deposit(1, 16)
ANNOUNCEMENT_DEPOSIT_FACTOR = 68_000_000  # deposit(0, 68) per announcement
SMALL_TRANSFER_LIMIT = 500_000_000     # SmallTransfer: below 0.5 TAO (or 0.5 alpha for transfer_stake)

_BALANCES = frozenset({"balances.transfer_keep_alive", "balances.transfer_allow_death", "balances.transfer_all",
                       "balances.force_set_balance"})
_TRANSFER_STAKE = frozenset({"subtensor.transfer_stake", "subtensor.transfer_stake_limit"})
_STAKING = frozenset({"subtensor.add_stake", "subtensor.add_stake_limit", "subtensor.remove_stake",
                      "subtensor.remove_stake_limit", "subtensor.move_stake", "subtensor.move_stake_limit",
                      "subtensor.swap_stake", "subtensor.swap_stake_limit", "subtensor.unstake_all",
                      "subtensor.unstake_all_alpha", "subtensor.set_root_claim_type"})
_REGISTRATION = frozenset({"subtensor.burned_register"})
_CHILDKEYS = frozenset({"subtensor.set_children", "subtensor.set_childkey_take"})
_COLDKEY_SWAPS = frozenset({"subtensor.swap_coldkey", "subtensor.announce_coldkey_swap",
                            "subtensor.swap_coldkey_announced", "subtensor.clear_coldkey_swap_announcement",
                            "subtensor.dispute_coldkey_swap", "subtensor.reset_coldkey_swap"})
_HOTKEY_SWAPS = frozenset({"subtensor.swap_hotkey"})
_OWNER_IDENTITY = frozenset({"subtensor.set_subnet_identity", "subtensor.update_symbol"})
_OWNER_KEY = frozenset({"admin_utils.set_sn_owner_hotkey"})  # owner-key rotation: no restricted type grants it
_SUDO = frozenset({"sudo.sudo", "sudo.set_key"})
# the admin setters a SubnetLeaseBeneficiary may call (the runtime's list, by setter name)
_LEASE_SETTERS = frozenset({
    "sudo_set_serving_rate_limit", "sudo_set_min_difficulty", "sudo_set_max_difficulty",
    "sudo_set_weights_version_key", "sudo_set_adjustment_alpha", "sudo_set_immunity_period",
    "sudo_set_min_allowed_weights", "sudo_set_kappa", "sudo_set_rho", "sudo_set_activity_cutoff",
    "sudo_set_network_registration_allowed", "sudo_set_network_pow_registration_allowed", "sudo_set_max_burn",
    "sudo_set_bonds_moving_average", "sudo_set_bonds_penalty", "sudo_set_commit_reveal_weights_enabled",
    "sudo_set_liquid_alpha_enabled", "sudo_set_alpha_values", "sudo_set_commit_reveal_weights_interval",
    "sudo_set_toggle_transfer", "sudo_set_subnet_emission_enabled", "sudo_set_min_childkey_take_per_subnet"})
_BATCHES = frozenset({"utility.batch", "utility.batch_all", "utility.force_batch"})

# what the deny-list types refuse (everything else is allowed)
_NON_TRANSFER_DENY = _BALANCES | _TRANSFER_STAKE | _COLDKEY_SWAPS | _SUDO | _OWNER_KEY
# NonCritical: not dissolve_network (taonet has none), root or burned registration, sudo, coldkey swaps
_NON_CRITICAL_DENY = frozenset({"subtensor.burned_register", "balances.force_set_balance"}) | _COLDKEY_SWAPS | _SUDO \
    | _OWNER_KEY
_NON_FUNGIBLE_DENY = _BALANCES | _TRANSFER_STAKE | (_STAKING - {"subtensor.set_root_claim_type"}) | _REGISTRATION \
    | _COLDKEY_SWAPS | _HOTKEY_SWAPS | _SUDO | _OWNER_KEY \
    | frozenset({"subtensor.register_network", "subtensor.register_network_with_identity", "subtensor.add_stake_burn"})


def proxy_type(value: Any) -> str:
    """A proxy type's name (case as the chain spells it); ValueError naming the choices."""
    if isinstance(value, str):
        for name in PROXY_TYPES:
            if name.lower() == value.lower():
                return name
    raise ValueError(f"{value!r} is not a proxy type: one of {', '.join(PROXY_TYPES)}")


def _setter(args: dict[str, Any]) -> str:
    from consensus import params as hp

    try:
        call = hp.get(str(args.get("parameter"))).call
    except (KeyError, ValueError):
        return ""
    return call if call.startswith("sudo_") else "sudo_" + call


def _small(call: str, args: dict[str, Any]) -> bool:
    if call in ("balances.transfer_keep_alive", "balances.transfer_allow_death"):
        return int(args.get("value", SMALL_TRANSFER_LIMIT)) < SMALL_TRANSFER_LIMIT
    if call in _TRANSFER_STAKE:
        return int(args.get("alpha_amount", SMALL_TRANSFER_LIMIT)) < SMALL_TRANSFER_LIMIT
    return False


def type_allows(kind: str, call: str, args: dict[str, Any]) -> bool:
    """Whether a proxy of type `kind` may dispatch `call(args)` for its real account (the
    runtime's InstanceFilter::filter on one call)."""
    if kind == "Any":
        return True
    if kind == "NonTransfer":
        return call not in _NON_TRANSFER_DENY
    if kind == "NonCritical":
        return call not in _NON_CRITICAL_DENY
    if kind == "NonFungible":
        return call not in _NON_FUNGIBLE_DENY
    if kind == "Staking":
        return call in _STAKING
    if kind == "Registration":
        return call in _REGISTRATION
    if kind == "Transfer":
        return call in (_BALANCES - {"balances.force_set_balance"}) | _TRANSFER_STAKE
    if kind == "SmallTransfer":
        return _small(call, args)
    if kind == "Owner":  # AdminUtils::* but the owner-key rotation, and the subnet's identity and symbol
        return call in _OWNER_IDENTITY or (call.startswith("admin_utils.") and call not in _OWNER_KEY)
    if kind == "ChildKeys":
        return call in _CHILDKEYS
    if kind == "SwapHotkey":
        return call in _HOTKEY_SWAPS
    if kind == "RootClaim":
        return call == "subtensor.claim_root"
    if kind == "SubnetLeaseBeneficiary":
        return call == "subtensor.start_call" or call == "admin_utils.set_alpha_values" or (
            call == "admin_utils.set_hyperparameter" and _setter(args) in _LEASE_SETTERS)
    return False  # the deprecated types, SudoUncheckedSetCode, BasketTrading: nothing taonet has


def is_superset(kind: str, other: str) -> bool:
    """The runtime's `is_superset`: may a `kind` proxy add or remove an `other` proxy."""
    if kind == other or kind == "Any":
        return True
    if other == "Any":
        return False
    if kind == "NonTransfer":
        return other not in ("Transfer", "SmallTransfer")
    return kind == "Transfer" and other == "SmallTransfer"


def allows(kind: str, call: str, args: dict[str, Any]) -> bool:
    """The pallet's filter on a proxied call: a proxy may add or remove only proxies its own type
    covers, remove all proxies or kill a pure proxy only as Any, and otherwise what its type allows;
    a utility batch passes only if its type allows batches and every call in it."""
    if call in ("proxy.add_proxy", "proxy.remove_proxy") and not is_superset(kind, str(args.get("proxy_type"))):
        return False
    if call in ("proxy.remove_proxies", "proxy.kill_pure") and kind != "Any":
        return False
    if not type_allows(kind, call, args):
        return False
    if call in _BATCHES:
        return all(allows(kind, c["call"], c["args"]) for c in args.get("calls", []))
    return True


def deposit(count: int, base: int = PROXY_DEPOSIT_BASE, factor: int = PROXY_DEPOSIT_FACTOR) -> int:
    """What `count` proxies (or announcements, with their base and factor) hold in reserve."""
    return 0 if count == 0 else base + factor * count


def pure_account(spawner: str, kind: str, index: int, height: int, ext_index: int) -> str:
    """The pure proxy's address: blake2-256 of ("modlpy/proxy____", spawner, height u32,
    extrinsic index u32, proxy type u8, index u16) SCALE-encoded, as the pallet derives it."""
    from wallet import ss58

    data = (b"modlpy/proxy____" + ss58.decode(spawner) + height.to_bytes(4, "little") + ext_index.to_bytes(4, "little")
            + PROXY_TYPES.index(kind).to_bytes(1, "little") + index.to_bytes(2, "little"))
    return ss58.encode(hashlib.blake2b(data, digest_size=32).digest())


def call_hash(call: str, args: dict[str, Any]) -> str:
    """An announced call's hash on a taonet chain: blake2-256 of the neutral call as canonical JSON
    (the chain hashes the SCALE call; taonet's calls are neutral)."""
    text = json.dumps({"call": call, "args": args}, sort_keys=True, separators=(",", ":"))
    return "0x" + hashlib.blake2b(text.encode(), digest_size=32).hexdigest()

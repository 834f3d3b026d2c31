"""The read model on a subtensor endpoint: taonet's read methods computed from the real chain.

`read(conn, method, params)` answers a `taonet_*` read with the dict the taonet node answers
(node/rpc_*.py; typed in client/*.py), computed from the runtime's APIs and storage at the best
block. Amounts are integer rao, prices floats in TAO per α. A field the real chain does not have
is None, never invented. `SUPPORTED` lists the methods; any other says so in one line.

This module holds the dispatch and the chain-wide reads (chain info, accounts, constants, hotkey
owner, validator take); reads_subnets, reads_metagraph and reads_stake hold the rest.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from client.balance import RAO_PER_TAO
from client.errors import ClientError

U16_MAX = 65535
ZERO_ACCOUNT = "5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM"   # AccountId [0; 32], a map's default
COMMIT_HASH_SCHEME = "subtensor-blake2-256-scale-v1"   # blake2-256 of the SCALE (who, netuid, uids, values, salt, key)


# -- helpers shared by the reads_* modules --------------------------------------------------------
def at_head(conn: Any) -> tuple[int, str]:
    """(number, hash) of the best block: every read of one answer is made at that block."""
    return conn.head()


def storage(conn: Any, module: str, name: str, params: list | tuple = (), at: str | None = None) -> Any:
    """A storage value, or None when this runtime has no such storage item."""
    if not conn.has_storage(module, name, at):
        return None
    return conn.query(module, name, params, at)


def storage_map(conn: Any, module: str, name: str, params: list | tuple = (), at: str | None = None) -> dict[Any, Any]:
    """A whole map as {key: value} ({} when this runtime has no such storage item)."""
    if not conn.has_storage(module, name, at):
        return {}
    return {_key(k): v for k, v in conn.query_map(module, name, params, at)}


def _key(k: Any) -> Any:
    return k[0] if isinstance(k, (list, tuple)) and len(k) == 1 else k


def constant(conn: Any, module: str, name: str) -> Any:
    try:
        return conn.constant(module, name)
    except ClientError:
        return None


def runtime_api(conn: Any, api: str, *methods: str, at: str | None = None) -> str | None:
    """The first of `methods` (newest first) this runtime has, or None."""
    return next((m for m in methods if conn.has_runtime_call(api, m, at)), None)


def address(value: Any, what: str = "address") -> str:
    from wallet import ss58

    try:
        ss58.decode(str(value), None)
    except Exception:
        raise ClientError(f"{what} {value!r} is not an ss58 address") from None
    return str(value)


def netuid(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= U16_MAX:
        raise ClientError(f"netuid {value!r} is not a subnet number (0-65535)")
    return value


def text(value: Any) -> str:
    """A name the runtime keeps as bytes (a list of ints, hex or str) as text."""
    if isinstance(value, str):
        if value.startswith("0x"):  # scalecodec answers bytes that are not UTF-8 as hex, text as itself
            try:
                return bytes.fromhex(value[2:]).decode("utf-8", "replace")
            except ValueError:
                return value  # text that starts with "0x" but is no hex
        return value
    if isinstance(value, (list, tuple)):
        return bytes(int(b) for b in value).decode("utf-8", "replace")
    return "" if value is None else str(value)


def fixed(value: Any, frac_bits: int = 32) -> float | None:
    """A fixed-point value ({"bits": n} as the runtime encodes I96F32 / U64F64) as a float."""
    if isinstance(value, dict) and "bits" in value:
        value = value["bits"]
    return None if value is None else int(value) / 2**frac_bits


# -- chain-wide reads -----------------------------------------------------------------------------
def chain_info(conn: Any) -> dict[str, Any]:
    number, head = at_head(conn)
    minimum_period = constant(conn, "Timestamp", "MinimumPeriod")
    sudo = storage(conn, "Sudo", "Key", (), head)
    return {"chain": conn.chain, "genesis_hash": conn.genesis_hash, "best_number": number, "best_hash": head,
            "total_issuance": storage(conn, "SubtensorModule", "TotalIssuance", (), head),
            "sudo_key": sudo, "existential_deposit": constant(conn, "Balances", "ExistentialDeposit"),
            "base_fee": None, "byte_fee": None, "pool_size": None,
            "block_time": minimum_period * 2 / 1000 if minimum_period else None,
            "calls": None, "version": f"spec {conn.spec_version}", "spec_version": conn.spec_version,
            "ss58_format": conn.ss58_format}


def account_info(conn: Any, who: Any, at: str | None = None) -> dict[str, Any]:
    who = address(who)
    account = conn.query("System", "Account", [who], at or at_head(conn)[1])
    return {"address": who, "free": int(account["data"]["free"]), "nonce": int(account["nonce"])}


def account_infos(conn: Any, addresses: Any) -> list[dict[str, Any]]:
    if not isinstance(addresses, list) or len(addresses) > 10_000:
        raise ClientError("addresses must be a list of at most 10000 ss58 addresses")
    who = [address(a) for a in addresses]
    at = at_head(conn)[1]
    if len(who) == 1:
        return [account_info(conn, who[0], at)]
    accounts = conn.query_multi("System", "Account", [[a] for a in who], at)   # one request per 500
    return [{"address": a, "free": int(acc["data"]["free"]), "nonce": int(acc["nonce"])} for a, acc in zip(who, accounts)]


def total_issuance(conn: Any) -> int | None:
    return storage(conn, "SubtensorModule", "TotalIssuance", (), at_head(conn)[1])


def constants(conn: Any) -> dict[str, Any]:
    return {"rao_per_tao": RAO_PER_TAO, "existential_deposit": constant(conn, "Balances", "ExistentialDeposit"),
            "base_fee": None, "byte_fee": None,
            "weights": {"u16_max": U16_MAX, "max_unrevealed_commits": None, "commit_hash_scheme": COMMIT_HASH_SCHEME}}


def owner_of(conn: Any, hotkey: str, at: str) -> str | None:
    owner = conn.query("SubtensorModule", "Owner", [hotkey], at)
    return None if owner in (None, ZERO_ACCOUNT) else owner


def hotkey_owner(conn: Any, hotkey: Any) -> dict[str, Any]:
    hk = address(hotkey, "hotkey")
    at = at_head(conn)[1]
    member = storage_map(conn, "SubtensorModule", "IsNetworkMember", [hk], at)
    return {"hotkey": hk, "coldkey": owner_of(conn, hk, at), "since": None,
            "netuids": sorted(int(n) for n, yes in member.items() if yes)}


def delegate_take(conn: Any, hotkey: Any) -> dict[str, Any]:
    hk = address(hotkey, "hotkey")
    number, at = at_head(conn)
    take = int(conn.query("SubtensorModule", "Delegates", [hk], at))
    last = storage(conn, "SubtensorModule", "LastTxBlockDelegateTake", [hk], at)
    limit = storage(conn, "SubtensorModule", "TxDelegateTakeRateLimit", (), at)
    next_increase = None if last is None or limit is None else (last + limit if last and last + limit > number else 0)
    return {"head": number, "hotkey": hk, "owner": owner_of(conn, hk, at), "take": take,
            "take_fraction": take / U16_MAX,
            "default_take": constant(conn, "SubtensorModule", "InitialDefaultDelegateTake"),
            "min_take": storage(conn, "SubtensorModule", "MinDelegateTake", (), at),
            "max_take": storage(conn, "SubtensorModule", "MaxDelegateTake", (), at),
            "last_change": last, "rate_limit": limit, "next_increase_block": next_increase}


# -- dispatch -------------------------------------------------------------------------------------
def _table() -> dict[str, Callable[..., Any]]:
    from client.subtensor import reads_identity, reads_metagraph, reads_proxy, reads_stake, reads_subnets

    from client.subtensor import reads_swaps

    from client.subtensor import reads_mechanisms

    return {
        "taonet_chainInfo": chain_info, "taonet_accountInfo": account_info, "taonet_accountInfos": account_infos,
        "taonet_totalIssuance": total_issuance, "taonet_constants": constants, "taonet_hotkeyOwner": hotkey_owner,
        "taonet_delegateTake": delegate_take, "taonet_keySwapStatus": reads_swaps.key_swap_status,
        **reads_subnets.METHODS, **reads_metagraph.METHODS, **reads_stake.METHODS, **reads_identity.METHODS,
        **reads_mechanisms.METHODS,
        "taonet_proxies": reads_proxy.proxies,
    }


SUPPORTED: frozenset[str] = frozenset({
    "taonet_chainInfo", "taonet_accountInfo", "taonet_accountInfos", "taonet_totalIssuance", "taonet_constants",
    "taonet_hotkeyOwner", "taonet_delegateTake", "taonet_keySwapStatus",
    "taonet_subnets", "taonet_subnetInfo", "taonet_hyperparameters", "taonet_burnCost", "taonet_lockCost",
    "taonet_metagraph", "taonet_neurons",
    "taonet_stakeInfo", "taonet_stakeQuote", "taonet_swapQuote", "taonet_autoStake",
    "taonet_identity", "taonet_subnetIdentity", "taonet_tokenSymbols", "taonet_startSchedule",
    "taonet_mechanisms",
    "taonet_proxies",
})


def read(conn: Any, method: str, params: list[Any] | tuple[Any, ...] = ()) -> Any:
    """Answer a taonet read method from the subtensor chain behind `conn` (a connection.Substrate)."""
    if method not in SUPPORTED:
        what = method.removeprefix("taonet_")
        raise ClientError(f"{what} is not available on a subtensor endpoint ({conn.url})")
    handler = _table()[method]
    try:
        return handler(conn, *params)
    except TypeError as exc:
        if "positional argument" in str(exc) and exc.__traceback__ and exc.__traceback__.tb_next is None:
            raise ClientError(f"{method}: wrong number of parameters ({len(params)})") from None
        raise

"""Parameter parsing for the JSON-RPC methods: every check a `taonet_*` or Substrate-named method
makes of its params, in one place, each raising `InvalidParams` (JSON-RPC -32602) with one line
that names the parameter and what it must be; `refused` builds the refusal (code 1010) of a
malformed extrinsic. The RPC modules (node/rpc_*.py) parse with these, then call the read model.
"""
from __future__ import annotations

from typing import Any

from node.chain import Chain
from node.extrinsic import Extrinsic, InvalidExtrinsic, parse
from node.pool import Refused
from node.runtime.types import ArgumentError, address as checked_address, hash32

I64_MAX = 2**63 - 1  # the largest integer SQLite stores: block numbers, indexes and limits stay below it
MAX_NETUID = 65535


class InvalidParams(ValueError):
    """Wrong number or type of parameters (JSON-RPC -32602)."""


def number(value: Any, name: str = "block number", most: int = I64_MAX) -> int:
    """A JSON integer in 0..most (bool, float and text refused); InvalidParams names the bound."""
    if type(value) is not int or not 0 <= value <= most:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
        raise InvalidParams(f"{name} must be a non-negative integer (0..{most}), got {shown}")
    return value


def flag(value: Any, name: str, default: bool) -> bool:
    """A JSON true or false (absent or null: `default`); text such as "false" is refused, never read as true."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    raise InvalidParams(f"{name} must be true or false, got {value!r:.40}")


def netuid(value: Any, name: str = "netuid") -> int:
    """A subnet id, 0..65535."""
    return number(value, name, MAX_NETUID)


def hash_value(value: Any, name: str = "hash") -> str:
    """A 0x-prefixed 32-byte hex hash."""
    try:
        return hash32(value, name)
    except ArgumentError as exc:
        raise InvalidParams(str(exc)) from None


def address(value: Any) -> str:
    """An ss58 address."""
    try:
        return checked_address(value, "address")
    except ArgumentError as exc:
        raise InvalidParams(str(exc)) from None


def addresses(value: Any, most: int, what: str = "coldkeys") -> list[str]:
    """One address or a list of at most `most` of them, as a list."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or len(items) > most:
        raise InvalidParams(f"{what} must be an address or a list of at most {most} addresses")
    return [address(a) for a in items]


def block_ref(chain: Chain, ref: Any) -> tuple | None:
    """A block row from a number, a hash, or None (the head); None when there is no such block."""
    if ref is None:
        return chain.reader.block_row()
    if isinstance(ref, str):
        return chain.reader.block_row(block_hash=hash_value(ref, "block hash"))
    return chain.reader.block_row(number=number(ref))


def refused(message: str) -> Refused:
    """An extrinsic refused before it reaches the pool (JSON-RPC 1010)."""
    exc = Refused(message)
    exc.code = 1010  # type: ignore[attr-defined]
    return exc


def extrinsic(data: Any) -> Extrinsic:
    """A signed JSON extrinsic, or the refusal that says what is wrong with it."""
    try:
        return parse(data)
    except InvalidExtrinsic as exc:
        raise refused(str(exc)) from None

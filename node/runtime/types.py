"""Declarative argument schemas for calls: u64 amounts, booleans, ss58 addresses, nested calls."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

U64_MAX = 2**64 - 1
_REQUIRED = object()


class ArgumentError(ValueError):
    """A call's arguments do not fit its schema."""


def u64(value: Any, name: str) -> int:
    if type(value) is not int:  # bool is an int subclass: refused, as are floats and strings
        raise ArgumentError(f"{name} must be an integer amount in rao, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ArgumentError(f"{name} must not be negative, got {value}")
    if value > U64_MAX:
        raise ArgumentError(f"{name} overflows u64 (max {U64_MAX}), got {value}")
    return value


def boolean(value: Any, name: str) -> bool:
    if type(value) is not bool:
        raise ArgumentError(f"{name} must be true or false, got {value!r}")
    return value


@lru_cache(maxsize=65536)
def _check_address(value: str) -> bool:
    from wallet import ss58

    try:
        ss58.decode(value)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=65536)
def public_key(address: str) -> bytes:
    """The 32-byte public key of an ss58 address (cached: signers repeat); ValueError if invalid."""
    from wallet import ss58

    return ss58.decode(address)


def address(value: Any, name: str) -> str:
    if not isinstance(value, str) or not _check_address(value):
        raise ArgumentError(f"{name} must be a valid ss58 address (format 42), got {value!r}")
    return value


def hash32(value: Any, name: str) -> str:
    """A 32-byte hash as 0x + 64 hex digits (lower-cased)."""
    if not isinstance(value, str) or len(value) != 66 or not value.startswith("0x"):
        raise ArgumentError(f"{name} must be a 32-byte hash as 0x followed by 64 hex digits, got {value!r}")
    try:
        bytes.fromhex(value[2:])
    except ValueError:
        raise ArgumentError(f"{name} must be a 32-byte hash as 0x followed by 64 hex digits, got {value!r}") from None
    return value.lower()


def call_spec(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != {"call", "args"} or not isinstance(value["call"], str) \
            or not isinstance(value["args"], dict):
        raise ArgumentError(f"{name} must be an object {{\"call\": name, \"args\": {{...}}}}")
    return value


@dataclass(frozen=True)
class Field:
    check: Callable[[Any, str], Any]
    default: Any = _REQUIRED


def validate(call: str, schema: dict[str, Field], args: dict[str, Any]) -> dict[str, Any]:
    """`args` checked against `schema`, defaults filled in; raise ArgumentError naming the call."""
    unknown = set(args) - set(schema)
    if unknown:
        raise ArgumentError(f"{call}: unknown argument(s) {', '.join(sorted(unknown))} (takes {', '.join(schema) or 'none'})")
    out = {}
    for name, field in schema.items():
        if name in args:
            try:
                out[name] = field.check(args[name], name)
            except ArgumentError as exc:
                raise ArgumentError(f"{call}: {exc}") from None
        elif field.default is _REQUIRED:
            raise ArgumentError(f"{call}: missing argument {name}")
        else:
            out[name] = field.default
    return out

"""Who may call an axon: the `CallerPolicy` hook, run on the VERIFIED hotkey (axon-protocol §10).

The real axon's blacklist sees an identity nobody has checked yet. Here the policy runs after the
signature and the nonce, and the default rule is the one subnets expect: the caller is registered
on the subnet and holds a validator permit, unless the subnet allows more. For now the facts come
from static sets or a callable; later a metagraph cached per block will feed the same interface.
"""
from __future__ import annotations

from typing import Callable, Iterable, Protocol, runtime_checkable


@runtime_checkable
class CallerPolicy(Protocol):
    """`check(hotkey) -> (allowed, reason)`; a refusal is answered 403 with `reason`."""

    def check(self, hotkey: str) -> tuple[bool, str]:
        ...


class AllowAll:
    """Any correctly signed caller (for local testing and open subnets)."""

    def check(self, hotkey: str) -> tuple[bool, str]:
        return True, ""


class StaticPolicy:
    """Registered hotkeys, and which of them hold a validator permit.

    `require_permit=False` lets any registered hotkey call (a subnet that allows miners to query).
    `update` swaps both sets at once (what a per-block metagraph refresh will call).
    """

    def __init__(self, registered: Iterable[str] = (), validators: Iterable[str] = (), *,
                 require_permit: bool = True) -> None:
        self.require_permit = require_permit
        self._registered: frozenset[str] = frozenset()
        self._validators: frozenset[str] = frozenset()
        self.update(registered, validators)

    def update(self, registered: Iterable[str], validators: Iterable[str]) -> None:
        registered = frozenset(registered)
        validators = frozenset(validators)
        self._registered, self._validators = registered | validators, validators

    def check(self, hotkey: str) -> tuple[bool, str]:
        if hotkey not in self._registered:
            return False, "caller is not registered on this subnet"
        if self.require_permit and hotkey not in self._validators:
            return False, "caller has no validator permit"
        return True, ""


class CallablePolicy:
    """Wrap `fn(hotkey) -> bool | (bool, reason)`; an exception in `fn` refuses the caller."""

    def __init__(self, fn: Callable[[str], object], reason: str = "caller refused by policy") -> None:
        self._fn = fn
        self._reason = reason

    def check(self, hotkey: str) -> tuple[bool, str]:
        try:
            result = self._fn(hotkey)
        except Exception:
            return False, "caller policy failed"
        if isinstance(result, tuple):
            allowed, reason = result
            return bool(allowed), str(reason) if not allowed else ""
        return (True, "") if result else (False, self._reason)

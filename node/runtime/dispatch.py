"""The dispatch table: call name -> handler, argument schema and required origin."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from node.runtime.types import Field, validate

ROOT = "root"
NO_PARENT = "0x" + "00" * 32  # the parent hash the per-block hooks see when none is given


class DispatchError(Exception):
    """A call that failed: a named error (e.g. `balances.InsufficientBalance`) and a sentence."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


@dataclass
class Context:
    """What a call handler sees: the state overlay, the origin and an event sink; the per-block
    hooks also see the parent block's hash (the chain's `parent_hash()`, a seed for auto-claims)."""

    state: Any
    block_number: int
    origin: str  # an ss58 address, or ROOT
    extrinsic_index: int | None
    events: list[tuple[int | None, str, dict[str, Any]]] = field(default_factory=list)
    parent_hash: str = NO_PARENT  # "0x" + 64 hex digits

    def emit(self, name: str, **data: Any) -> None:
        self.events.append((self.extrinsic_index, name, data))

    def signer(self) -> str:
        if self.origin == ROOT:
            raise DispatchError("system.BadOrigin", "this call needs a signed origin, not root")
        return self.origin

    def ensure_root(self) -> None:
        if self.origin != ROOT:
            raise DispatchError("system.BadOrigin", "this call needs root origin: wrap it in sudo.sudo, signed by the sudo key")


@dataclass(frozen=True)
class Call:
    name: str
    handler: Callable[..., None]
    schema: dict[str, Field]
    admit: Callable[[dict[str, Any]], None] | None = None  # a check across the arguments (raises ArgumentError)


CALLS: dict[str, Call] = {}
# checks every signed dispatch passes first, nested ones too (the chain's DispatchExtensions):
# guard(ctx, call) raises DispatchError to refuse (node.runtime.swap_coldkey's CheckColdkeySwap)
GUARDS: list[Callable[[Context, str], None]] = []


def register(name: str, admit: Callable[[dict[str, Any]], None] | None = None,
             **schema: Field) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Decorator: make `handler(ctx, **args)` dispatchable as `name` with an argument schema;
    `admit(checked_args)`, when given, checks the arguments together (at admission too)."""
    def wrap(handler: Callable[..., None]) -> Callable[..., None]:
        CALLS[name] = Call(name, handler, schema, admit)
        return handler
    return wrap


def check_args(call: str, args: dict[str, Any]) -> dict[str, Any]:
    """Validate a call's arguments (raises ArgumentError with a clear reason)."""
    from node.runtime.types import ArgumentError

    spec = CALLS.get(call)
    if spec is None:
        raise ArgumentError(f"unknown call {call!r}: known calls are {', '.join(sorted(CALLS))}")
    checked = validate(call, spec.schema, args)
    if spec.admit is not None:
        try:
            spec.admit(checked)
        except ArgumentError as exc:
            raise ArgumentError(f"{call}: {exc}") from None
    return checked


def dispatch(ctx: Context, call: str, args: dict[str, Any]) -> None:
    from node.runtime.types import ArgumentError

    try:
        checked = check_args(call, args)
    except ArgumentError as exc:
        raise DispatchError("system.InvalidArguments", str(exc)) from None
    if ctx.origin != ROOT:
        for guard in GUARDS:
            guard(ctx, call)
    CALLS[call].handler(ctx, **checked)

"""On-chain identities and token symbols: `set_identity` (a coldkey's), `set_subnet_identity`
(a subnet owner's) and `update_symbol` (a subnet's token symbol), with the real chain's rules.

Storage: `identities[coldkey]` (ChainIdentityV2 fields, node.identity_rules.CHAIN_IDENTITY order) and
`subnet_identities[str(netuid)]` (SubnetIdentityV3 fields, SUBNET_IDENTITY order). A subnet's
`subnet_name` is also its `name` in the `subnets` row, which `subnets list/show` display.

Checks, in the chain's order:
- set_identity: signed; one of the signer's hotkeys has a uid on some subnet
  (HotKeyNotRegisteredInNetwork); every field within its byte limit (InvalidIdentity).
  Event ChainIdentitySet(coldkey).
- set_subnet_identity: the subnet exists; the signer owns it (NotSubnetOwner); the fields fit
  (InvalidIdentity). Event SubnetIdentitySet(netuid).
- register_network_with_identity: the fields fit (InvalidIdentity, checked before anything else), then
  everything subnets.register_network checks and does (the identity's subnet_name is the subnet's
  name), then the identity is stored for the new netuid as set_subnet_identity stores it. Events
  NetworkAdded(netuid, …), SubnetIdentitySet(netuid). One call: a failure leaves nothing.
- update_symbol: the subnet owner or root (NotSubnetOwner); the symbol is one the chain knows,
  not root's Τ (SymbolDoesNotExist); no subnet uses it yet, this one included (SymbolAlreadyInUse).
  Event SymbolUpdated(netuid, symbol).
"""
from __future__ import annotations

from typing import Any

from node import identity_rules as rules
from node import token_symbols
from node.runtime import economy as eco
from node.runtime import subnets
from node.runtime.dispatch import CALLS, ROOT, Call, Context, DispatchError, register
from node.runtime.types import ArgumentError, Field, address, u64


def text(value: Any, name: str) -> str:
    if not isinstance(value, str) or len(value) > rules.MAX_ARG_CHARS:
        raise ArgumentError(f"{name} must be text of at most {rules.MAX_ARG_CHARS} characters, got {str(value)[:40]!r}")
    return value


def _fields(names: dict[str, int]) -> dict[str, Field]:
    return {name: Field(text, "") for name in names}


def _register_texts(call: str, names: dict[str, int], **schema: Field):
    """As dispatch.register, for a schema with a field called `name` (register's own parameter)."""
    def wrap(handler):
        CALLS[call] = Call(call, handler, {**schema, **_fields(names)})
        return handler
    return wrap


def identity(state: Any, coldkey: str) -> dict[str, str] | None:
    """A coldkey's identity as {field: text}, or None when it has none."""
    row = state.get("identities", coldkey)
    return None if row is None else dict(zip(rules.CHAIN_IDENTITY, row))


def subnet_identity(state: Any, netuid: int) -> dict[str, str] | None:
    row = state.get("subnet_identities", str(netuid))
    return None if row is None else dict(zip(rules.SUBNET_IDENTITY, row))


def has_registered_hotkey(state: Any, coldkey: str) -> bool:
    """Whether a hotkey of `coldkey` holds a uid on some subnet (the neuron rows carry the coldkey)."""
    for netuid in eco.netuids(state):
        s = eco.subnet(state, netuid)
        for uid in range(s.neurons if s else 0):
            row = state.get("neurons", eco.neuron_key(netuid, uid))
            if row is not None and row[1] == coldkey:
                return True
    return False


@_register_texts("subtensor.set_identity", rules.CHAIN_IDENTITY)
def set_identity(ctx: Context, **values: str) -> None:
    """Set (replace) the signer coldkey's identity."""
    coldkey = ctx.signer()
    if not has_registered_hotkey(ctx.state, coldkey):
        raise DispatchError("subtensor.HotKeyNotRegisteredInNetwork",
                            f"coldkey {coldkey} has no hotkey registered on any subnet: register one first "
                            "(`btcli subnets register`)")
    problem = rules.chain_identity_problem(values)
    if problem:
        raise DispatchError("subtensor.InvalidIdentity", problem)
    ctx.state.put("identities", coldkey, tuple(values[name] for name in rules.CHAIN_IDENTITY))
    ctx.emit("subtensor.ChainIdentitySet", coldkey=coldkey)


@_register_texts("subtensor.set_subnet_identity", rules.SUBNET_IDENTITY, netuid=Field(u64))
def set_subnet_identity(ctx: Context, netuid: int, **values: str) -> None:
    """The subnet owner sets (replaces) the subnet's identity; its name becomes the subnet's name."""
    coldkey = ctx.signer()
    s = eco.require_subnet(ctx.state, netuid)
    if coldkey != s.owner_coldkey:
        raise DispatchError("subtensor.NotSubnetOwner", f"only subnet {netuid}'s owner ({s.owner_coldkey}) may set its identity")
    problem = rules.subnet_identity_problem(values)
    if problem:
        raise DispatchError("subtensor.InvalidIdentity", problem)
    ctx.state.put("subnet_identities", str(netuid), tuple(values[name] for name in rules.SUBNET_IDENTITY))
    s.name = values["subnet_name"]
    eco.save_subnet(ctx.state, s)
    ctx.emit("subtensor.SubnetIdentitySet", netuid=netuid)


@_register_texts("subtensor.register_network_with_identity", rules.SUBNET_IDENTITY, hotkey=Field(address),
                 symbol=Field(subnets.text(8), ""))
def register_network_with_identity(ctx: Context, hotkey: str, symbol: str, **values: str) -> None:
    """Create a subnet (as subtensor.register_network) and set its identity in the same call."""
    problem = rules.subnet_identity_problem(values)
    if problem:
        raise DispatchError("subtensor.InvalidIdentity", problem)
    netuid = subnets.register_network(ctx, hotkey, values["subnet_name"], symbol)
    set_subnet_identity(ctx, netuid, **values)


def symbols_in_use(state: Any) -> dict[int, str]:
    return {n: s.symbol for n in eco.netuids(state) if (s := eco.subnet(state, n)) is not None}


@register("subtensor.update_symbol", netuid=Field(u64), symbol=Field(text))
def update_symbol(ctx: Context, netuid: int, symbol: str) -> None:
    """The subnet owner (or root) changes the subnet's token symbol to an unused known glyph."""
    s = eco.require_subnet(ctx.state, netuid)
    if ctx.origin != ROOT and ctx.signer() != s.owner_coldkey:
        raise DispatchError("subtensor.NotSubnetOwner", f"only subnet {netuid}'s owner ({s.owner_coldkey}) may change its symbol")
    problem = token_symbols.problem(symbol, symbols_in_use(ctx.state))
    if problem:
        raise DispatchError(*problem)
    s.symbol = symbol
    eco.save_subnet(ctx.state, s)
    ctx.emit("subtensor.SymbolUpdated", netuid=netuid, symbol=symbol)

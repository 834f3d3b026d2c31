"""The proxy pallet (the real runtime's pallet_subtensor_proxy): accounts that act for another.

State: `proxies[real] = (defs, deposit)` with defs a sorted JSON list of [delegate, type, delay]
(the chain's Proxies, its BoundedVec sorted by (delegate, type, delay)), `proxy_announcements
[delegate] = (pending, deposit)` with pending [[real, call_hash, height], ...] (Announcements), and
`reserved[account] = (amount,)`: TAO held back from the free balance for those deposits (total
issuance = free + reserved + TAO in pools).

- add_proxy / remove_proxy / remove_proxies: the signer is the real account; a proxy of itself is
  refused (NoSelfProxy), a duplicate (Duplicate), more than MAX_PROXIES (TooMany); the deposit
  base + factor·n is reserved or released as the list changes;
- create_pure: a keyless account derived from (spawner, block, extrinsic index, type, index) whose
  only proxy is the spawner; the spawner reserves the deposit; kill_pure, called by the pure account
  itself (through proxy.proxy, an Any proxy), drops its proxies and releases the spawner's deposit;
- proxy(real, force_proxy_type, call): the signer must be a proxy of `real` with no delay; the call
  runs with `real` as its origin if the proxy's type allows it (node.proxy_rules.allows, else
  system.CallFiltered); the extrinsic succeeds either way and `proxy.ProxyExecuted` carries the
  inner result (a failed inner call is rolled back, as sudo's);
- announce / remove_announcement / reject_announcement / proxy_announced: a delayed proxy announces
  a call's hash, and may dispatch it `delay` blocks later; each announcement reserves its deposit.
"""
from __future__ import annotations

import json
from typing import Any

from node import proxy_rules as rules
from node.runtime import amounts, balances
from node.runtime.dispatch import Context, DispatchError, check_args, dispatch, register
from node.runtime.types import ArgumentError, Field, address, call_spec, hash32

Defs = list[tuple[str, str, int]]


# -- argument checks ----------------------------------------------------------------------------
def _kind(value: Any, name: str) -> str:
    try:
        return rules.proxy_type(value)
    except ValueError as exc:
        raise ArgumentError(f"{name}: {exc}") from None


def _maybe_kind(value: Any, name: str) -> str | None:
    return None if value is None else _kind(value, name)


def _uint(bits: int) -> Any:
    def check(value: Any, name: str) -> int:
        if type(value) is not int or not 0 <= value < 2 ** bits:
            raise ArgumentError(f"{name} must be a whole number from 0 to {2 ** bits - 1}, got {value!r}")
        return value
    return check


def _inner(value: Any, name: str) -> dict[str, Any]:
    spec = call_spec(value, name)
    check_args(spec["call"], spec["args"])
    return spec


# -- state --------------------------------------------------------------------------------------
def proxies_of(state: Any, real: str) -> tuple[Defs, int]:
    """(proxy definitions sorted as the chain sorts them, deposit) of `real`."""
    row = state.get("proxies", real)
    if row is None:
        return [], 0
    return [(d, k, int(n)) for d, k, n in json.loads(row[0])], int(row[1])


def _put_proxies(state: Any, real: str, defs: Defs, deposit: int) -> None:
    rank = {k: i for i, k in enumerate(rules.PROXY_TYPES)}
    defs = sorted(defs, key=lambda d: (d[0], rank[d[1]], d[2]))
    state.put("proxies", real, (json.dumps([list(d) for d in defs], separators=(",", ":")), deposit) if defs else None)


def announcements_of(state: Any, delegate: str) -> tuple[list[tuple[str, str, int]], int]:
    row = state.get("proxy_announcements", delegate)
    if row is None:
        return [], 0
    return [(r, h, int(n)) for r, h, n in json.loads(row[0])], int(row[1])


def reserved(state: Any, who: str) -> int:
    row = state.get("reserved", who)
    return 0 if row is None else int(row[0])


def _reserve(ctx: Context, who: str, amount: int) -> None:
    free, nonce = balances.account(ctx.state, who)
    if free - amount < balances.EXISTENTIAL_DEPOSIT:
        raise DispatchError("balances.InsufficientBalance",
                            f"{who} cannot hold back a deposit of {amounts.tao(amount)}: it has {amounts.tao(free)} "
                            f"free and must keep the existential deposit")
    balances.set_account(ctx.state, who, free - amount, nonce)
    ctx.state.put("reserved", who, (reserved(ctx.state, who) + amount,))
    ctx.emit("balances.Reserved", who=who, amount=amount)


def _unreserve(ctx: Context, who: str, amount: int) -> None:
    """Release up to `amount` of `who`'s reserve (the chain releases what is there)."""
    held = reserved(ctx.state, who)
    amount = min(amount, held)
    if amount == 0:
        return
    free, nonce = balances.account(ctx.state, who)
    balances.set_account(ctx.state, who, free + amount, nonce)
    ctx.state.put("reserved", who, (held - amount,) if held > amount else None)
    ctx.emit("balances.Unreserved", who=who, amount=amount)


def _rejig(ctx: Context, who: str, old: int, new: int) -> None:
    if new > old:
        _reserve(ctx, who, new - old)
    elif new < old:
        _unreserve(ctx, who, old - new)


def find_proxy(state: Any, real: str, delegate: str, force: str | None) -> tuple[str, str, int]:
    for d in proxies_of(state, real)[0]:
        if d[0] == delegate and (force is None or d[1] == force):
            return d
    raise DispatchError("proxy.NotProxy", f"{delegate} is not a proxy of {real}"
                        + (f" of type {force}" if force else ""))


# -- calls --------------------------------------------------------------------------------------
def add_delegate(ctx: Context, real: str, delegate: str, kind: str, delay: int) -> None:
    if real == delegate:
        raise DispatchError("proxy.NoSelfProxy", "an account cannot be its own proxy")
    defs, deposit = proxies_of(ctx.state, real)
    if (delegate, kind, delay) in defs:
        raise DispatchError("proxy.Duplicate", f"{delegate} is already a {kind} proxy of {real} with delay {delay}")
    if len(defs) >= rules.MAX_PROXIES:
        raise DispatchError("proxy.TooMany", f"{real} already has {rules.MAX_PROXIES} proxies, the most it may have")
    defs.append((delegate, kind, delay))
    new = rules.deposit(len(defs))
    _rejig(ctx, real, deposit, new)
    _put_proxies(ctx.state, real, defs, new)
    ctx.emit("proxy.ProxyAdded", delegator=real, delegatee=delegate, proxy_type=kind, delay=delay)


@register("proxy.add_proxy", delegate=Field(address), proxy_type=Field(_kind), delay=Field(_uint(32), 0))
def add_proxy(ctx: Context, delegate: str, proxy_type: str, delay: int) -> None:
    """Make `delegate` a proxy of the signer."""
    add_delegate(ctx, ctx.signer(), delegate, proxy_type, delay)


@register("proxy.remove_proxy", delegate=Field(address), proxy_type=Field(_kind), delay=Field(_uint(32), 0))
def remove_proxy(ctx: Context, delegate: str, proxy_type: str, delay: int) -> None:
    """Remove one of the signer's proxies (the exact delegate, type and delay)."""
    real = ctx.signer()
    defs, deposit = proxies_of(ctx.state, real)
    if (delegate, proxy_type, delay) not in defs:
        raise DispatchError("proxy.NotFound", f"{delegate} is not a {proxy_type} proxy of {real} with delay {delay}")
    defs.remove((delegate, proxy_type, delay))
    new = rules.deposit(len(defs))
    _rejig(ctx, real, deposit, new)
    _put_proxies(ctx.state, real, defs, new)
    ctx.emit("proxy.ProxyRemoved", delegator=real, delegatee=delegate, proxy_type=proxy_type, delay=delay)


@register("proxy.remove_proxies")
def remove_proxies(ctx: Context) -> None:
    """Remove all the signer's proxies and release their deposit (no event, as on the chain)."""
    real = ctx.signer()
    _, deposit = proxies_of(ctx.state, real)
    ctx.state.put("proxies", real, None)
    _unreserve(ctx, real, deposit)


@register("proxy.create_pure", proxy_type=Field(_kind), delay=Field(_uint(32), 0), index=Field(_uint(16), 0))
def create_pure(ctx: Context, proxy_type: str, delay: int, index: int) -> None:
    """Spawn a keyless account whose one proxy is the signer."""
    who = ctx.signer()
    pure = rules.pure_account(who, proxy_type, index, ctx.block_number, ctx.extrinsic_index or 0)
    if ctx.state.get("proxies", pure) is not None:
        raise DispatchError("proxy.Duplicate", f"the pure proxy {pure} exists already: use another --index")
    deposit = rules.PROXY_DEPOSIT_BASE + rules.PROXY_DEPOSIT_FACTOR
    _reserve(ctx, who, deposit)
    _put_proxies(ctx.state, pure, [(who, proxy_type, delay)], deposit)
    ctx.emit("proxy.PureCreated", pure=pure, who=who, proxy_type=proxy_type, disambiguation_index=index)


@register("proxy.kill_pure", spawner=Field(address), proxy_type=Field(_kind), index=Field(_uint(16), 0),
          height=Field(_uint(32)), ext_index=Field(_uint(32)))
def kill_pure(ctx: Context, spawner: str, proxy_type: str, index: int, height: int, ext_index: int) -> None:
    """Called by the pure account itself: remove it, releasing the spawner's deposit."""
    who = ctx.signer()
    if rules.pure_account(spawner, proxy_type, index, height, ext_index) != who:
        raise DispatchError("proxy.NoPermission", f"{who} is not the pure proxy spawned by {spawner} with type "
                            f"{proxy_type}, index {index} at block {height}, extrinsic {ext_index}")
    _, deposit = proxies_of(ctx.state, who)
    ctx.state.put("proxies", who, None)
    _unreserve(ctx, spawner, deposit)
    ctx.emit("proxy.PureKilled", pure=who, spawner=spawner, proxy_type=proxy_type, disambiguation_index=index)


def _do_proxy(ctx: Context, kind: str, real: str, call: dict[str, Any]) -> None:
    """Dispatch `call` as `real`, filtered by the proxy's type; the result goes in ProxyExecuted."""
    mark = len(ctx.events)
    error: DispatchError | None = None
    if not rules.allows(kind, call["call"], call["args"]):
        error = DispatchError("system.CallFiltered", f"a {kind} proxy may not call {call['call']}")
    else:
        inner = Context(ctx.state, ctx.block_number, real, ctx.extrinsic_index, ctx.events, ctx.parent_hash)
        ctx.state.savepoint()
        try:
            dispatch(inner, call["call"], call["args"])
        except DispatchError as exc:
            ctx.state.rollback()
            del ctx.events[mark:]
            error = exc
        else:
            ctx.state.release()
    if error is None:
        ctx.emit("proxy.ProxyExecuted", success=True)
    else:
        ctx.emit("proxy.ProxyExecuted", success=False, error=error.name, message=error.message)


@register("proxy.proxy", real=Field(address), force_proxy_type=Field(_maybe_kind, None), call=Field(_inner))
def proxy(ctx: Context, real: str, force_proxy_type: str | None, call: dict[str, Any]) -> None:
    """The signer, a proxy of `real` with no delay, dispatches `call` as `real`."""
    _, kind, delay = find_proxy(ctx.state, real, ctx.signer(), force_proxy_type)
    if delay:
        raise DispatchError("proxy.Unannounced", f"this proxy has a delay of {delay} blocks: announce the call "
                            "first (--announce-only), then execute it after the delay (`btcli proxy execute`)")
    _do_proxy(ctx, kind, real, call)


def _put_announcements(ctx: Context, delegate: str, pending: list[tuple[str, str, int]], old: int) -> None:
    new = rules.deposit(len(pending), rules.ANNOUNCEMENT_DEPOSIT_BASE, rules.ANNOUNCEMENT_DEPOSIT_FACTOR)
    _rejig(ctx, delegate, old, new)
    ctx.state.put("proxy_announcements", delegate,
                  (json.dumps([list(p) for p in pending], separators=(",", ":")), new) if pending else None)


@register("proxy.announce", real=Field(address), call_hash=Field(hash32))
def announce(ctx: Context, real: str, call_hash: str) -> None:
    """A proxy of `real` announces the hash of a call it will dispatch after its delay."""
    who = ctx.signer()
    if not any(d[0] == who for d in proxies_of(ctx.state, real)[0]):
        raise DispatchError("proxy.NotProxy", f"{who} is not a proxy of {real}")
    pending, deposit = announcements_of(ctx.state, who)
    if len(pending) >= rules.MAX_PENDING:
        raise DispatchError("proxy.TooMany", f"{who} already has {rules.MAX_PENDING} pending announcements")
    pending.append((real, call_hash, ctx.block_number))
    _put_announcements(ctx, who, pending, deposit)
    ctx.emit("proxy.Announced", real=real, proxy=who, call_hash=call_hash)


def _drop(ctx: Context, delegate: str, keep: Any) -> None:
    pending, deposit = announcements_of(ctx.state, delegate)
    kept = [p for p in pending if keep(p)]
    if len(kept) == len(pending):
        raise DispatchError("proxy.NotFound", "no such announcement")
    _put_announcements(ctx, delegate, kept, deposit)


@register("proxy.remove_announcement", real=Field(address), call_hash=Field(hash32))
def remove_announcement(ctx: Context, real: str, call_hash: str) -> None:
    """The delegate withdraws one of its announcements."""
    _drop(ctx, ctx.signer(), lambda p: p[0] != real or p[1] != call_hash)


@register("proxy.reject_announcement", delegate=Field(address), call_hash=Field(hash32))
def reject_announcement(ctx: Context, delegate: str, call_hash: str) -> None:
    """The real account rejects a call its delegate announced."""
    real = ctx.signer()
    _drop(ctx, delegate, lambda p: p[0] != real or p[1] != call_hash)


@register("proxy.proxy_announced", delegate=Field(address), real=Field(address),
          force_proxy_type=Field(_maybe_kind, None), call=Field(_inner))
def proxy_announced(ctx: Context, delegate: str, real: str, force_proxy_type: str | None,
                    call: dict[str, Any]) -> None:
    """Anyone dispatches a call `delegate` announced for `real` at least its delay ago."""
    ctx.signer()
    _, kind, delay = find_proxy(ctx.state, real, delegate, force_proxy_type)
    digest = rules.call_hash(call["call"], call["args"])
    now = ctx.block_number
    try:
        _drop(ctx, delegate, lambda p: p[0] != real or p[1] != digest or now - p[2] < delay)
    except DispatchError:
        raise DispatchError("proxy.Unannounced", f"no announcement of this call by {delegate} for {real} that is "
                            f"{delay} blocks old") from None
    _do_proxy(ctx, kind, real, call)

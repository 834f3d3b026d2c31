"""Sudo: the sudo key may dispatch any call with root origin, and hand the key on."""
from __future__ import annotations

from typing import Any

from node.runtime.dispatch import ROOT, Context, DispatchError, check_args, dispatch, register
from node.runtime.types import ArgumentError, Field, address, call_spec


def sudo_key(state) -> str | None:
    return state.get_value("sudo_key")


def _ensure_sudo(ctx: Context) -> None:
    if ctx.signer() != sudo_key(ctx.state):
        raise DispatchError("sudo.RequireSudo", "only the sudo key may call sudo")


def inner_call(value: Any, name: str) -> dict[str, Any]:
    """A call for sudo to dispatch, its arguments checked as the call's own (so admission refuses
    what the inner call would refuse); sudo.sudo may not wrap another sudo.sudo."""
    spec = call_spec(value, name)
    if spec["call"] == "sudo.sudo":
        raise ArgumentError(f"{name}: sudo.sudo cannot wrap another sudo.sudo")
    check_args(spec["call"], spec["args"])
    return spec


@register("sudo.sudo", call=Field(inner_call))
def sudo(ctx: Context, call: dict[str, Any]) -> None:
    """Dispatch `call` with root origin. The inner result is reported in a `sudo.Sudid` event; an
    inner failure is rolled back but the sudo extrinsic itself succeeds (as on Substrate)."""
    _ensure_sudo(ctx)
    inner = Context(ctx.state, ctx.block_number, ROOT, ctx.extrinsic_index, ctx.events)
    mark = len(ctx.events)
    ctx.state.savepoint()
    try:
        dispatch(inner, call["call"], call["args"])
    except DispatchError as exc:
        ctx.state.rollback()
        del ctx.events[mark:]
        ctx.emit("sudo.Sudid", success=False, error=exc.name, message=exc.message)
        return
    ctx.state.release()
    ctx.emit("sudo.Sudid", success=True)


@register("sudo.set_key", new=Field(address))
def set_key(ctx: Context, new: str) -> None:
    """Make `new` the sudo key."""
    _ensure_sudo(ctx)
    old = sudo_key(ctx.state)
    ctx.state.put_value("sudo_key", new)
    ctx.emit("sudo.KeyChanged", old=old, new=new)

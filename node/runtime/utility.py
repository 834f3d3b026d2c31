"""Utility: several calls in one extrinsic, each dispatched with the extrinsic's origin (as the
chain's pallet_utility, which the real SDK and btcli use through `Utility.batch` / `batch_all`).

- `utility.batch`: the calls in order; the first that fails is rolled back and stops the batch
  (`utility.BatchInterrupted` with its index and error), the ones before it stay; the extrinsic
  itself succeeds, as on the chain;
- `utility.batch_all`: all or nothing: the first failure fails the whole extrinsic with its error
  (everything but the fee and nonce rolled back by node.runtime.apply_extrinsic);
- `utility.force_batch`: every call; each failure is rolled back alone (`utility.ItemFailed`),
  and the batch ends with `utility.BatchCompletedWithErrors` when any failed.
Each call that succeeds emits `utility.ItemCompleted`; a completed batch `utility.BatchCompleted`.
A batch holds at most MAX_CALLS calls, each checked as its own call at admission, and a utility
call may not nest inside another (the depth stays bounded).
"""
from __future__ import annotations

from typing import Any

from node.runtime.dispatch import Context, DispatchError, check_args, dispatch, register
from node.runtime.types import ArgumentError, Field, call_spec

MAX_CALLS = 1024
BATCHES = ("utility.batch", "utility.batch_all", "utility.force_batch")


def call_list(value: Any, name: str) -> list[dict[str, Any]]:
    """A list of calls ({"call", "args"}) each checked as its own call's arguments."""
    if not isinstance(value, list):
        raise ArgumentError(f"{name} must be a list of {{\"call\": name, \"args\": {{...}}}}")
    if len(value) > MAX_CALLS:
        raise ArgumentError(f"{name} holds {len(value)} calls; a batch holds at most {MAX_CALLS}")
    for index, item in enumerate(value):
        spec = call_spec(item, f"{name}[{index}]")
        if spec["call"] in BATCHES:
            raise ArgumentError(f"{name}[{index}]: a utility batch cannot hold another batch")
        check_args(spec["call"], spec["args"])
    return value


def _try(ctx: Context, call: dict[str, Any]) -> DispatchError | None:
    """Dispatch one call in a savepoint: rolled back (and its events dropped) when it fails."""
    mark = len(ctx.events)
    ctx.state.savepoint()
    try:
        dispatch(ctx, call["call"], call["args"])
    except DispatchError as exc:
        ctx.state.rollback()
        del ctx.events[mark:]
        return exc
    ctx.state.release()
    return None


@register("utility.batch", calls=Field(call_list))
def batch(ctx: Context, calls: list[dict[str, Any]]) -> None:
    for index, call in enumerate(calls):
        error = _try(ctx, call)
        if error is not None:
            ctx.emit("utility.BatchInterrupted", index=index, error=error.name, message=error.message)
            return
        ctx.emit("utility.ItemCompleted")
    ctx.emit("utility.BatchCompleted")


@register("utility.batch_all", calls=Field(call_list))
def batch_all(ctx: Context, calls: list[dict[str, Any]]) -> None:
    for call in calls:
        dispatch(ctx, call["call"], call["args"])  # a failure fails the extrinsic: all is rolled back
        ctx.emit("utility.ItemCompleted")
    ctx.emit("utility.BatchCompleted")


@register("utility.force_batch", calls=Field(call_list))
def force_batch(ctx: Context, calls: list[dict[str, Any]]) -> None:
    failed = False
    for call in calls:
        error = _try(ctx, call)
        if error is not None:
            failed = True
            ctx.emit("utility.ItemFailed", error=error.name, message=error.message)
        else:
            ctx.emit("utility.ItemCompleted")
    ctx.emit("utility.BatchCompletedWithErrors" if failed else "utility.BatchCompleted")

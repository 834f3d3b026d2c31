"""Helpers for dashboard pilot tests: wait for a condition while the app runs, drive blocks."""

from __future__ import annotations

import time
from typing import Any, Callable


async def wait_until(pilot: Any, condition: Callable[[], Any], timeout: float = 15.0, what: str = "condition",
                     each: Callable[[], None] | None = None) -> Any:
    """Pause the pilot until `condition()` is truthy (calling `each()` between tries); fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        if each is not None:
            each()
        await pilot.pause(0.05)


def loaded(app: Any, view: str, head: int = 0) -> Callable[[], bool]:
    """True once `view` shows data for block `head` or later."""
    def check() -> bool:
        data = app.view(view).data
        return data is not None and (not head or data.get("head", 0) >= head)
    return check

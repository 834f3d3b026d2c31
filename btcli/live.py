"""`--live` for the listing commands (`stake list`, `subnets list`): the same table, redrawn in place
after every new block until Ctrl-C, as the real btcli's live views.

`run(backend, read, render, what)` reads once, draws the command's own renderer into a Rich Live
region on the terminal, then follows `Backend.new_heads` (a taonet node's SSE feed or a subtensor
node's `chain_subscribeNewHeads`) and reads and redraws for each head. Ctrl-C ends it cleanly (exit 0,
the last table left on screen); a feed that breaks is reopened (5 failures in a row end it with
the node's error). JSON output has no live form: the
command refuses the combination before reading anything.
"""
from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

FEED_TIMEOUT = 60.0  # seconds a quiet feed may stay silent before it is reopened
MAX_REOPENS = 5  # feeds in a row that fail before any head: the node is gone, say so


def _frame(render: Callable[[Any, Any], None], data: Any, width: int, footer: str) -> Any:
    """The renderer's output at `width` as one renderable (it prints to a console of its own)."""
    from rich.console import Console, Group
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=True, color_system="truecolor", highlight=False)
    render(console, data)
    return Group(Text.from_ansi(buffer.getvalue().rstrip("\n")), Text(footer, style="dim"))


def run(backend: Any, read: Callable[[], Any], render: Callable[[Any, Any], None], what: str) -> None:
    """Draw `render(console, read())` and redraw it at every new block until Ctrl-C."""
    from rich.console import Console
    from rich.live import Live

    from client.errors import NodeUnavailable

    screen = Console(highlight=False)
    data, block = read(), None

    def frame() -> Any:
        at = f" at block #{block}" if block is not None else ""
        return _frame(render, data, screen.width, f"Live {what}{at}: redrawn at every block. Ctrl-C to stop.")

    failures = 0
    try:
        with Live(frame(), console=screen, auto_refresh=False, transient=False) as live:
            while True:
                try:
                    for head in backend.new_heads(FEED_TIMEOUT, keepalives=True):
                        if head is None:
                            continue
                        failures = 0
                        data, block = read(), head["number"]
                        live.update(frame(), refresh=True)
                except NodeUnavailable:
                    failures += 1  # a quiet or dropped feed: open it again, a few times
                    if failures >= MAX_REOPENS:
                        raise
                    time.sleep(1.0)
    except KeyboardInterrupt:
        screen.print(f"Stopped following {what}.", style="dim")

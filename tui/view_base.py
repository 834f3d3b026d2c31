"""The base of every dashboard view: a context, a loader run in a worker, and `show(data)`.

`load(rpc, ctx)` is a static function of the node and the context only: it runs in a worker
thread and must not touch widgets. `show(data)` runs on the UI thread with what it returned.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.containers import Vertical
from textual.widgets import Static

from tui.context import Context


class View(Vertical):
    """A dashboard view (one tab)."""

    DEFAULT_CSS = """
    View { height: 1fr; }
    View > .view--error { color: $error; height: auto; display: none; }
    """

    MAIN = "*"  # the widget that takes focus when the view opens

    def focus_main(self) -> None:
        found = self.query(self.MAIN)
        if found:
            found.first().focus()

    def __init__(self, ctx: Context, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx
        self.data: Any = None

    def loader_context(self) -> Context:
        """A copy of the context for the worker (so it never reads state that changes under it)."""
        return dataclasses.replace(self.ctx, extra=dict(self.ctx.extra))

    @staticmethod
    def load(rpc: Any, ctx: Context) -> Any:  # pragma: no cover - every view overrides it
        raise NotImplementedError

    def show(self, data: Any) -> None:
        self.data = data
        for error in self.query(".view--error"):
            if error.display:  # setting it, even unchanged, re-lays the screen out
                error.display = False

    def set_text(self, selector: str, text: str) -> None:
        """Update a Static only when its text changed. A new text with the same line count keeps the
        widget's size (these panels span their container's width), so it repaints without re-laying
        the screen out: that relayout was most of a block's UI time at 4096 uids."""
        widget = self.query_one(selector, Static)
        shown = getattr(widget, "_shown_text", None)
        if shown != text:
            widget._shown_text = text
            same_shape = shown is not None and shown.count("\n") == text.count("\n")
            widget.update(text, layout=not same_shape)

    @staticmethod
    def set_rows(table: Any, rows: list) -> None:
        """Show `rows` in a DataTable only when they changed (a refresh changes only what changed),
        keeping the cursor on the same row number."""
        if getattr(table, "_rows_shown", None) == rows:
            return
        cursor = table.cursor_row
        table.clear()
        table.add_rows(rows)
        table._rows_shown = rows
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    def show_error(self, text: str) -> None:
        errors = self.query(".view--error")
        if errors:
            error = errors.first(Static)
            error.update(text)
            error.display = True

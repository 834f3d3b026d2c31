"""The base of every dashboard view: a context, a loader run in a worker, and `show(data)`.

`load(rpc, ctx)` is a static function of the node and the context only: it runs in a worker
thread and must not touch widgets. `show(data)` runs on the UI thread with what it returned.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from tui.context import Context
from tui.focus import hidden_while_typing, is_text_field


class View(Vertical, can_focus=True):
    """A dashboard view (one tab). It can hold focus itself, so that its keys and the app's work
    when its main widget is a form field (see `tui/focus.py`)."""

    DEFAULT_CSS = """
    View { height: 1fr; }
    View > .view--error { color: $error; height: auto; display: none; }
    """
    BINDINGS = [Binding("enter", "edit", "Edit form")]

    MAIN = "*"  # the widget that takes focus when the view opens (unless it is a field, see `home`)

    def main_widget(self) -> Any:
        found = self.query(self.MAIN)
        return found.first() if found else None

    def home(self) -> Any:
        """Where focus goes when the view opens or a field is left: the main widget, or the view
        itself when that is a text field (a cursor in a field would swallow the view keys)."""
        main = self.main_widget()
        return self if main is None or is_text_field(main) else main

    def focus_main(self) -> None:
        self.home().focus()

    def leave_field(self) -> None:
        """Escape in a field of this view (views with a transient field override it to close it)."""
        self.home().focus()

    def action_edit(self) -> None:
        self.main_widget().focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":  # offered while the view itself holds focus and its main widget is a field
            return self.app.focused is self and is_text_field(self.main_widget())
        return not hidden_while_typing(self, action)

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
        """Show `rows` in a DataTable only when they changed. Rows of the same count are updated in
        place (only the cells that changed); otherwise the table is rebuilt with the cursor kept on
        the row whose first cell it was on. Either way no highlight event is posted: a refresh is
        not the user moving the cursor (handlers of RowHighlighted must not see it)."""
        from textual.coordinate import Coordinate
        from textual.widgets import DataTable

        shown = getattr(table, "_rows_shown", None)
        if shown == rows:
            return
        table._rows_shown = rows
        if shown is not None and len(shown) == len(rows):
            for r, (old, new) in enumerate(zip(shown, rows)):
                for c, value in enumerate(new):
                    if old[c] != value:
                        table.update_cell_at(Coordinate(r, c), value, update_width=True)
            return
        cursor = table.cursor_row
        key = shown[cursor][0] if shown and 0 <= cursor < len(shown) else None
        with table.prevent(DataTable.RowHighlighted, DataTable.CellHighlighted):
            table.clear()
            table.add_rows(rows)
            if rows:
                same = next((i for i, row in enumerate(rows) if row[0] == key), None)
                table.move_cursor(row=same if same is not None else min(cursor, len(rows) - 1))

    def show_error(self, text: str) -> None:
        errors = self.query(".view--error")
        if errors:
            error = errors.first(Static)
            error.update(text)
            error.display = True

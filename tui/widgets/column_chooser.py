"""ColumnChooser: a modal that returns the column keys to show (None when cancelled)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList


class ColumnChooser(ModalScreen[list[str] | None]):
    """Tick the columns to show; enter applies, escape cancels."""

    DEFAULT_CSS = """
    ColumnChooser {
        align: center middle;
        & > Vertical {
            width: 40;
            height: auto;
            max-height: 90%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
        & SelectionList { height: auto; max-height: 20; }
        & Label { color: $text-muted; }
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
    ]

    def __init__(self, columns: Sequence[tuple[str, str]], visible: Sequence[str]) -> None:
        """`columns` as (label, key) pairs in display order; `visible` the keys ticked now."""
        super().__init__()
        self._columns = list(columns)
        self._visible = set(visible)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Columns: space toggles, enter applies, escape cancels")
            yield SelectionList[str](*((label, key, key in self._visible) for label, key in self._columns))

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_apply(self) -> None:
        chosen = self.query_one(SelectionList).selected
        self.dismiss([key for _, key in self._columns if key in chosen] or None)

    def action_cancel(self) -> None:
        self.dismiss(None)

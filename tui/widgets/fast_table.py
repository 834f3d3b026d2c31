"""FastTable: a table for thousands of rows that draws only the lines on screen.

A `ScrollView` whose `render_line` joins pre-formatted plain strings (see `table_model`) into
one segment per line, so an update costs the cells that changed plus about fifty short lines.
Line 0 is the header: it stays put vertically and scrolls sideways with the body, except the
first `fixed_columns`, which never scroll.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.table_model import Column, Predicate, TableModel

_SEP = " "


def _fit(text: str, width: int, align: str) -> str:
    if len(text) > width:
        return text[: width - 1] + "…" if width > 1 else text[:width]
    if align == "right":
        return text.rjust(width)
    return text.center(width) if align == "center" else text.ljust(width)


class FastTable(ScrollView, can_focus=True):
    """A sortable, filterable table of column arrays keyed by `key_column`."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    FastTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        & > .fast-table--header { background: $panel; color: $foreground; text-style: bold; }
        & > .fast-table--own { color: $text-success; text-style: bold; }
        & > .fast-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .fast-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """
    COMPONENT_CLASSES = {"fast-table--header", "fast-table--own", "fast-table--cursor"}
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
        Binding("s", "sort_next", "Sort"),
        Binding("r", "sort_reverse", "Reverse"),
    ]

    class _RowMessage(Message):
        def __init__(self, table: FastTable, row_key: Hashable) -> None:
            super().__init__()
            self.table, self.row_key = table, row_key

        @property
        def control(self) -> FastTable:
            return self.table

    class RowSelected(_RowMessage):
        """Enter, or a click on a row: `row_key` is the row's value in the key column."""

    class RowHighlighted(_RowMessage):
        """The cursor moved to another row; a newer one replaces any still queued."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, FastTable.RowHighlighted) and message.table is self.table

    def __init__(self, columns: Sequence[Column], key_column: str, *, fixed_columns: int = 0,
                 name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.model = TableModel(columns, key_column)
        self.fixed_columns = fixed_columns
        self._visible = [c.key for c in columns]
        self._shown: list[str] = []  # visible columns that have data
        # Drawn lines by data row, reused while the row, its style and the layout are unchanged:
        # an unchanged Strip also hits Textual's own per-Strip caches downstream.
        self._strips: dict[int, tuple[tuple, Strip]] = {}
        self._layout: tuple = ()
        self.cursor_row = 0
        self._cursor_key: Hashable | None = None

    # -- public API -------------------------------------------------------------------------
    @property
    def cursor_key(self) -> Hashable | None:
        return self._cursor_key

    @property
    def visible_columns(self) -> list[str]:
        return list(self._visible)

    def set_visible_columns(self, keys: Iterable[str]) -> None:
        wanted = set(keys)
        self._visible = [k for k in self.model.columns if k in wanted]
        self._changed()

    def set_data(self, data: Mapping[str, Sequence[Any] | np.ndarray]) -> dict[str, np.ndarray]:
        """Show new column arrays; only cells whose values changed are reformatted, and only
        their lines are redrawn when the rows on screen stay in place."""
        window = self._window()
        changed = self.model.set_data(data)
        self._changed(rows=changed, window=window)
        return changed

    def update_cells(self, changes: Mapping[str, Mapping[Hashable, Any]]) -> dict[str, np.ndarray]:
        """Change some cells, `{column: {row_key: value}}`."""
        window = self._window()
        changed = self.model.update_cells(changes)
        if changed:
            self._changed(rows=changed, window=window)
        return changed

    def sort_by(self, column: str | None, reverse: bool | None = None) -> None:
        """Sort by `column` (None: key order); `reverse=None` toggles when already sorted by it."""
        if reverse is None:
            reverse = not self.model.sort_reverse if column == self.model.sort_column else False
        self.model.sort(column, reverse)
        self._changed(reveal=True)

    def filter(self, query: str | None = None, *, columns: Iterable[str] | None = None,
               predicate: Predicate | None | bool = False, flags: Iterable[str] | None = None,
               own_only: bool | None = None) -> None:
        """Show rows whose `columns` contain `query` (case-insensitive), whose `flags` columns
        are true, that `predicate(values) -> bool array` keeps, and (`own_only`) own rows."""
        self.model.set_filter(query, columns, predicate, flags, own_only)  # type: ignore[arg-type]
        self._changed(reveal=True)

    def set_own_keys(self, keys: Iterable[Hashable], columns: Iterable[str] | None = None) -> None:
        """Highlight rows whose value in any of `columns` is one of `keys`."""
        self.model.set_own_keys(keys, columns)
        self._changed()

    def row_count(self) -> int:
        return len(self.model.order)

    # -- state after a change ------------------------------------------------------------------
    def _window(self) -> np.ndarray:
        """Data rows on screen now, top to bottom."""
        top = int(self.scroll_y)
        return self.model.order[top: top + max(0, self.scrollable_content_region.height - 1)].copy()

    def _changed(self, reveal: bool = False, rows: Mapping[str, np.ndarray] | None = None,
                 window: np.ndarray | None = None) -> None:
        """Follow the cursor's row through re-sorts and filters, resize, and repaint once;
        `reveal` scrolls the cursor into view (after the user sorted or filtered).  With the
        changed `rows` and the `window` from before a data change, repaint only those lines
        when nothing else moved."""
        model = self.model
        self._shown = [k for k in self._visible if k in model.cells]
        layout = (tuple(self._shown), tuple(model.widths[k] for k in self._shown))
        same_layout = layout == self._layout
        if not same_layout:
            self._strips.clear()
            self._layout = layout
        width = sum(model.widths[k] + len(_SEP) for k in self._shown)
        size = Size(width, len(model.order) + 1)
        if size != self.virtual_size:
            self.virtual_size = size
        cursor_key = self._cursor_key
        if cursor_key is not None and cursor_key in model.key_index:
            hits = np.flatnonzero(model.order == model.key_index[cursor_key])
            if hits.size:
                self.cursor_row = int(hits[0])
        self._move_cursor(self.cursor_row, scroll=reveal)
        touched = np.zeros(len(model), dtype=bool)  # rows whose cells changed (a mask: no sort)
        for indices in (rows or {}).values():
            touched[indices] = True
        if touched.all():
            self._strips.clear()
        else:
            for index in np.flatnonzero(touched).tolist():
                self._strips.pop(index, None)
        if (rows is not None and window is not None and same_layout and cursor_key == self._cursor_key
                and np.array_equal(window, self._window())):
            top = int(self.scroll_y)
            for position in np.flatnonzero(touched[window]).tolist():
                self.refresh_line(top + position + 1)
        else:
            self.refresh()

    def _move_cursor(self, row: int, scroll: bool = True, announce: bool = True) -> None:
        count = len(self.model.order)
        row = max(0, min(row, count - 1))
        old_key = self._cursor_key
        self.cursor_row = row
        self._cursor_key = self.model.keys[self.model.order[row]] if count else None
        if scroll and count:
            body = max(1, self.scrollable_content_region.height - 1)
            if row < self.scroll_y:
                self.scroll_to(y=row, animate=False)
            elif row >= self.scroll_y + body:
                self.scroll_to(y=row - body + 1, animate=False)
        if announce and self._cursor_key is not None and self._cursor_key != old_key:
            self.post_message(self.RowHighlighted(self, self._cursor_key))

    # -- drawing -------------------------------------------------------------------------------
    def _line_text(self, cells: list[str]) -> tuple[str, str]:
        """(fixed part, scrolling part) of one line given its cells in visible-column order."""
        model, fixed = self.model, self.fixed_columns
        parts = [_fit(text, model.widths[k], model.columns[k].align) for text, k in zip(cells, self._shown)]
        return _SEP.join(parts[:fixed]) + (_SEP if fixed else ""), _SEP.join(parts[fixed:])

    def _header_cells(self) -> list[str]:
        model = self.model
        arrow = " ▼" if model.sort_reverse else " ▲"
        return [model.columns[k].label + (arrow if k == model.sort_column else "") for k in self._shown]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        model = self.model
        if y == 0:
            fixed, moving = self._line_text(self._header_cells())
            style = self.get_component_rich_style("fast-table--header")
            return self._strip(fixed, moving, scroll_x, width, style)
        row = scroll_y + y - 1
        if row >= len(model.order):
            return Strip.blank(width, self.rich_style)
        index = int(model.order[row])
        kind = "cursor" if row == self.cursor_row else ("own" if model.own[index] else "")
        signature = (kind, scroll_x, width)
        cached = self._strips.get(index)
        if cached is not None and cached[0] == signature:
            return cached[1]
        style = self.get_component_rich_style(f"fast-table--{kind}") if kind else self.rich_style
        fixed, moving = self._line_text([model.cells[k][index] for k in self._shown])
        strip = self._strip(fixed, moving, scroll_x, width, style)
        if len(self._strips) > 4 * self.size.height + 64:
            self._strips.clear()
        self._strips[index] = (signature, strip)
        return strip

    @staticmethod
    def _strip(fixed: str, moving: str, scroll_x: int, width: int, style: Style) -> Strip:
        text = (fixed + moving[scroll_x:])[:width].ljust(width)
        return Strip([Segment(text, style)], width)

    def notify_style_update(self) -> None:
        self._strips.clear()  # the theme or CSS changed: cached lines hold old styles
        super().notify_style_update()

    # -- input ---------------------------------------------------------------------------------
    def action_cursor(self, delta: int) -> None:
        self._refresh_cursor_after(lambda: self._move_cursor(self.cursor_row + delta))

    def action_page(self, direction: int) -> None:
        body = max(1, self.scrollable_content_region.height - 1)
        self._refresh_cursor_after(lambda: self._move_cursor(self.cursor_row + direction * body))

    def action_cursor_to(self, row: int) -> None:
        self._refresh_cursor_after(lambda: self._move_cursor(row if row >= 0 else len(self.model.order) - 1))

    def _refresh_cursor_after(self, move: Callable[[], None]) -> None:
        old = self.cursor_row
        move()
        for row in (old, self.cursor_row):
            self.refresh_line(row + 1)

    def action_select(self) -> None:
        if self._cursor_key is not None:
            self.post_message(self.RowSelected(self, self._cursor_key))

    def action_sort_next(self) -> None:
        keys = self._shown
        current = self.model.sort_column
        nxt = keys[(keys.index(current) + 1) % len(keys)] if current in keys else (keys[0] if keys else None)
        self.sort_by(nxt, reverse=False)

    def action_sort_reverse(self) -> None:
        self.sort_by(self.model.sort_column, reverse=not self.model.sort_reverse)

    def column_at(self, x: int) -> str | None:
        """The visible column under content x (header or body), allowing for horizontal scroll."""
        fixed_width = sum(self.model.widths[k] + len(_SEP) for k in self._shown[: self.fixed_columns])
        pos = x if x < fixed_width else x + int(self.scroll_x)
        edge = 0
        for key in self._shown:
            edge += self.model.widths[key] + len(_SEP)
            if pos < edge:
                return key
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self.column_at(offset.x)
            if column is not None:
                self.sort_by(column)
            return
        row = int(self.scroll_y) + offset.y - 1
        if row < len(self.model.order):
            self._refresh_cursor_after(lambda: self._move_cursor(row))
            self.action_select()

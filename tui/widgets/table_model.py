"""The data behind `FastTable`: column specs, a cache of formatted cells, diffs, sort and filter.

Pure Python and numpy, no Textual: rows are held as one array per column, cells are formatted
to plain strings once and again only where a value changes, and the visible order (filtered,
then sorted) is an index array.  Formatters must return single-width characters (ASCII, `…`,
`τ`), because the widget pads and crops with `len`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Align = Literal["left", "right", "center"]
Predicate = Callable[[Mapping[str, np.ndarray]], np.ndarray]


@dataclass(frozen=True)
class Column:
    """One column: `width=None` sizes it from the data (label included), capped at `max_width`."""

    key: str
    label: str
    fmt: Callable[[Any], str] = str
    align: Align = "right"
    width: int | None = None
    max_width: int = 24


def _changed(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Indices where `new` differs from `old` (NaN equals NaN)."""
    neq = old != new
    if not isinstance(neq, np.ndarray):  # incomparable types: treat the whole column as new
        return np.arange(len(new))
    if old.dtype.kind == "f" and new.dtype.kind == "f":
        neq &= ~(np.isnan(old) & np.isnan(new))
    return np.flatnonzero(neq)


def _format(fmt: Callable[[Any], str], values: np.ndarray) -> list[str]:
    """Plain strings for `values`; None (only possible in object arrays) shows as empty."""
    if values.dtype == object:
        return [fmt(v) if v is not None else "" for v in values.tolist()]
    return list(map(fmt, values.tolist()))


def _sort_rank(values: np.ndarray) -> np.ndarray:
    """A numeric array that sorts like `values`; ints and floats as they are, text by rank."""
    kind = values.dtype.kind
    if kind in "iu":
        return values.astype(np.int64)
    if kind in "bf":
        return values.astype(np.float64)
    if kind in "US":
        return np.unique(values, return_inverse=True)[1].reshape(-1).astype(np.int64)
    present = [i for i, v in enumerate(values.tolist()) if v is not None]
    try:  # objects: natural order, or text order if incomparable; None (NaN) last both ways
        present.sort(key=lambda i: values[i])
    except TypeError:
        present.sort(key=lambda i: str(values[i]))
    rank = np.full(len(values), np.nan)
    rank[present] = np.arange(len(present))
    return rank


class TableModel:
    """Column arrays keyed by `key_column`, their formatted strings and the visible row order."""

    def __init__(self, columns: Sequence[Column], key_column: str) -> None:
        self.columns: dict[str, Column] = {c.key: c for c in columns}
        self.key_column = key_column
        self.values: dict[str, np.ndarray] = {}
        self.cells: dict[str, list[str]] = {}
        self.widths: dict[str, int] = {c.key: c.width or len(c.label) + 2 for c in columns}
        self.keys: list[Hashable] = []
        self.key_index: dict[Hashable, int] = {}
        self.order = np.zeros(0, dtype=np.intp)
        self.own = np.zeros(0, dtype=bool)
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.query = ""
        self.query_columns: tuple[str, ...] = ()
        self.predicate: Predicate | None = None
        self.flags: set[str] = set()
        self.own_keys: frozenset[Hashable] = frozenset()
        self.own_columns: tuple[str, ...] = ()
        self.own_only = False
        self._perm = np.zeros(0, dtype=np.intp)

    def __len__(self) -> int:
        return len(self.keys)

    # -- data ---------------------------------------------------------------------------------
    def set_data(self, data: Mapping[str, Sequence[Any] | np.ndarray]) -> dict[str, np.ndarray]:
        """Replace the rows; reformat only changed cells when the row keys are unchanged.

        Returns the reformatted row indices per column.  Arrays are copied, so callers may
        mutate theirs and pass them again.
        """
        new = {k: np.array(data[k], copy=True) for k in self.columns if k in data}
        keys = new[self.key_column].tolist()
        if keys != self.keys or set(new) != set(self.values):
            return self._rebuild(new, keys)
        changed: dict[str, np.ndarray] = {}
        for key, arr in new.items():
            idx = _changed(self.values[key], arr)
            self.values[key] = arr
            if idx.size:
                changed[key] = idx
                self._reformat(key, idx)
        self._after_change(changed)
        return changed

    def update_cells(self, changes: Mapping[str, Mapping[Hashable, Any]]) -> dict[str, np.ndarray]:
        """Set some cells, `{column: {row_key: value}}`; unknown row keys are ignored."""
        changed: dict[str, np.ndarray] = {}
        for key, cells in changes.items():
            if key not in self.values or key == self.key_column:
                continue
            pairs = [(self.key_index[k], v) for k, v in cells.items() if k in self.key_index]
            if not pairs:
                continue
            idx = np.fromiter((i for i, _ in pairs), dtype=np.intp, count=len(pairs))
            vals = np.array([v for _, v in pairs])
            arr = self.values[key]
            wanted = np.result_type(arr, vals) if arr.dtype != object else arr.dtype
            if wanted != arr.dtype:
                arr = self.values[key] = arr.astype(wanted)
            differ = _changed(arr[idx], vals)
            if differ.size:
                idx = idx[differ]
                arr[idx] = vals[differ]
                changed[key] = idx
                self._reformat(key, idx)
        self._after_change(changed)
        return changed

    def _rebuild(self, new: dict[str, np.ndarray], keys: list[Hashable]) -> dict[str, np.ndarray]:
        self.values, self.keys = new, keys
        self.key_index = {k: i for i, k in enumerate(keys)}
        everything = np.arange(len(keys))
        for key, arr in new.items():
            col = self.columns[key]
            self.cells[key] = _format(col.fmt, arr)
            self.widths[key] = col.width or len(col.label) + 2
            self._grow(key, self.cells[key])
        self._after_change({k: everything for k in new}, rebuild=True)
        return {k: everything for k in new}

    def _reformat(self, key: str, idx: np.ndarray) -> None:
        fmt, cells = self.columns[key].fmt, self.cells[key]
        strings = _format(fmt, self.values[key][idx])
        if len(strings) == len(cells):
            self.cells[key] = strings
        else:
            for i, s in zip(idx.tolist(), strings):
                cells[i] = s
        self._grow(key, strings)

    def _grow(self, key: str, strings: Iterable[str]) -> None:
        col = self.columns[key]
        if col.width is None:
            longest = max(map(len, strings), default=0)
            if longest > self.widths[key]:
                self.widths[key] = min(longest, col.max_width)

    # -- order: filter, then sort ---------------------------------------------------------------
    def _after_change(self, changed: Mapping[str, np.ndarray], rebuild: bool = False) -> None:
        if rebuild or set(changed) & set(self.own_columns):
            self._compute_own()
        if rebuild or (self.sort_column in changed):
            self._compute_perm()
        filtered_on = set(self.query_columns) | self.flags | (set(self.own_columns) if self.own_only else set())
        if rebuild or set(changed) & filtered_on or (self.predicate and changed) or self.sort_column in changed:
            self._compute_order()

    def _compute_own(self) -> None:
        own = np.zeros(len(self.keys), dtype=bool)
        if self.own_keys:
            wanted = list(self.own_keys)
            for key in self.own_columns:
                if key in self.values:
                    own |= np.isin(self.values[key], wanted)
        self.own = own

    def _compute_perm(self) -> None:
        if self.sort_column is None or self.sort_column not in self.values:
            self._perm = np.arange(len(self.keys), dtype=np.intp)
            return
        rank = _sort_rank(self.values[self.sort_column])
        self._perm = np.argsort(-rank if self.sort_reverse else rank, kind="stable")

    def _compute_order(self) -> None:
        mask = np.ones(len(self.keys), dtype=bool)
        if self.query:
            hit = np.zeros(len(self.keys), dtype=bool)
            needle = self.query.lower()
            for key in self.query_columns:
                if key in self.values:
                    text = np.char.lower(self.values[key].astype(str))
                    hit |= np.char.find(text, needle) >= 0
            mask &= hit
        for key in self.flags:
            if key in self.values:
                mask &= self.values[key].astype(bool)
        if self.own_only:
            mask &= self.own
        if self.predicate is not None and len(self.keys):
            mask &= np.asarray(self.predicate(self.values), dtype=bool)
        self.order = self._perm[mask[self._perm]] if len(self._perm) == len(mask) else np.flatnonzero(mask)

    def sort(self, column: str | None, reverse: bool = False) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self._compute_perm()
        self._compute_order()

    def set_filter(self, query: str | None = None, columns: Iterable[str] | None = None,
                   predicate: Predicate | None | Literal[False] = False, flags: Iterable[str] | None = None,
                   own_only: bool | None = None) -> None:
        """Change any part of the filter; arguments left out keep their current value."""
        if query is not None:
            self.query = query
        if columns is not None:
            self.query_columns = tuple(columns)
        if predicate is not False:
            self.predicate = predicate
        if flags is not None:
            self.flags = set(flags)
        if own_only is not None:
            self.own_only = own_only
        self._compute_order()

    def set_own_keys(self, keys: Iterable[Hashable], columns: Iterable[str] | None = None) -> None:
        self.own_keys = frozenset(keys)
        if columns is not None:
            self.own_columns = tuple(columns)
        self._compute_own()
        if self.own_only:
            self._compute_order()

"""Sparse u16 rows as the chain stores them (``Weights``/``Bonds``), and their dense views.

Storage keeps one ``[(uid, u16), ...]`` row per uid (spec §1.1); explicit zero entries are stored
and matter (§1.6, §1.8b).  ``SparseRows`` holds the same data in CSR arrays so that large subnets
convert to dense matrices without a Python loop per cell.  Dense views are a pair
``(values, present)``: the value of each cell and whether the sparse row holds an entry there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Row = Sequence[tuple[int, int]]


@dataclass(frozen=True)
class SparseRows:
    """CSR form of ``n_rows`` sparse rows: row r holds ``indices/values[indptr[r]:indptr[r+1]]``."""

    n_rows: int
    indptr: NDArray[np.int64]
    indices: NDArray[np.int64]
    values: NDArray[np.int64]

    @classmethod
    def from_rows(cls, rows: Iterable[Iterable[Sequence[int]]]) -> SparseRows:
        """Build from ``[[(uid, value), ...] per row]`` (lists or tuples)."""
        rows = [list(row) for row in rows]
        lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        flat = [pair for row in rows for pair in row]
        pairs = np.asarray(flat, dtype=np.int64).reshape(len(flat), 2)
        return cls(len(rows), indptr, pairs[:, 0].copy(), pairs[:, 1].copy())

    @classmethod
    def empty(cls, n_rows: int) -> SparseRows:
        """``n_rows`` empty rows."""
        none = np.zeros(0, dtype=np.int64)
        return cls(n_rows, np.zeros(n_rows + 1, dtype=np.int64), none, none)

    @classmethod
    def from_dense(cls, values: NDArray[np.int64], present: NDArray[np.bool_],
                   row_ids: NDArray[np.int64], n_rows: int) -> SparseRows:
        """Rows ``row_ids`` from a dense (values, present) block; every other row is empty.

        Entries come out in ascending column order, like the chain's sparse outputs.
        """
        if np.any(np.diff(row_ids) < 0):
            order = np.argsort(row_ids, kind="stable")
            row_ids, values, present = row_ids[order], values[order], present[order]
        counts = np.zeros(n_rows, dtype=np.int64)
        counts[row_ids] = present.sum(axis=1)
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        flat = np.flatnonzero(present)
        return cls(n_rows, indptr, flat % present.shape[1], values.ravel()[flat].astype(np.int64))

    @property
    def nnz(self) -> int:
        """Number of stored entries."""
        return int(self.indptr[-1])

    def row_of_entry(self) -> NDArray[np.int64]:
        """The row index of every stored entry."""
        return np.repeat(np.arange(self.n_rows, dtype=np.int64), np.diff(self.indptr))

    def nonempty_rows(self) -> NDArray[np.int64]:
        """Indices of rows holding at least one entry."""
        return np.flatnonzero(np.diff(self.indptr) > 0)

    def to_dense(self, row_ids: NDArray[np.int64], n_cols: int
                 ) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
        """Dense ``(values, present)`` of shape (len(row_ids), n_cols) for the chosen rows.

        Entries with a column outside ``0..n_cols-1`` are ignored (the chain skips them too);
        a uid repeated within a row keeps its last value.
        """
        position = np.full(self.n_rows, -1, dtype=np.int64)
        position[row_ids] = np.arange(len(row_ids), dtype=np.int64)
        block_row = np.repeat(position, np.diff(self.indptr))
        keep = (block_row >= 0) & (self.indices >= 0) & (self.indices < n_cols)
        flat = block_row * n_cols + self.indices
        if not keep.all():
            flat = flat[keep]
        values = np.zeros(len(row_ids) * n_cols, dtype=np.int64)
        present = np.zeros(len(row_ids) * n_cols, dtype=bool)
        values[flat] = self.values if keep.all() else self.values[keep]
        present[flat] = True
        shape = (len(row_ids), n_cols)
        return values.reshape(shape), present.reshape(shape)

    def to_rows(self) -> list[list[tuple[int, int]]]:
        """Back to ``[[(uid, value), ...] per row]`` with Python ints."""
        cols, vals, ptr = self.indices.tolist(), self.values.tolist(), self.indptr.tolist()
        return [list(zip(cols[ptr[r]:ptr[r + 1]], vals[ptr[r]:ptr[r + 1]]))
                for r in range(self.n_rows)]


def as_sparse_rows(rows: SparseRows | Iterable[Iterable[Sequence[int]]] | None,
                   n_rows: int) -> SparseRows:
    """Accept ``SparseRows``, a list of rows, or None (all empty)."""
    if rows is None:
        return SparseRows.empty(n_rows)
    if isinstance(rows, SparseRows):
        return rows
    return SparseRows.from_rows(rows)

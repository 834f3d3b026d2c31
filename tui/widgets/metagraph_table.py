"""The metagraph table: FastTable with the fifteen neuron columns and their keys.

Data comes as one array per column, keyed by `uid`, in these units: `hotkey`, `coldkey` ss58
strings; `stake`, `emission` (earned) and `recycled` (the part of the emission the chain recycles, when the
hotkey belongs to the subnet owner's coldkey) integer alpha rao (the subnet's α, not TAO); `validator_trust`, `consensus`, `incentive`,
`dividends` floats in [0, 1]; `permit`, `immune` booleans; `updated` blocks since the last
weight update; `axon` "ip:port" (empty when none served); `daily` α earned per day as a float.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from textual.binding import Binding

from tui.widgets.column_chooser import ColumnChooser
from tui.widgets.fast_table import FastTable
from tui.widgets.table_model import Column
from client.balance import RAO_PER_TAO


def short_ss58(address: str) -> str:
    """First six and last six characters, so a key stays recognisable in 13 columns."""
    return address if len(address) <= 13 else f"{address[:6]}…{address[-6:]}"


def tao(rao: int) -> str:
    return f"{rao / RAO_PER_TAO:,.2f}"


def tao_fine(rao: int) -> str:
    return f"{rao / RAO_PER_TAO:.6f}"


def ratio(value: float) -> str:
    """A proportion; NaN (a column the chain does not keep, None in the read model) reads "-"."""
    return "-" if value != value else f"{value:.5f}"


def tick(value: bool) -> str:
    return "✓" if value else ""


def immune(value: bool) -> str:
    return "imm" if value else ""


METAGRAPH_COLUMNS: tuple[Column, ...] = (
    Column("uid", "UID", str, width=5),
    Column("hotkey", "Hotkey", short_ss58, "left", width=13),
    Column("coldkey", "Coldkey", short_ss58, "left", width=13),
    Column("stake", "Stake α", tao, max_width=16),
    Column("validator_trust", "VTrust", ratio, width=7),
    Column("consensus", "Cons", ratio, width=7),
    Column("incentive", "Incent", ratio, width=7),
    Column("dividends", "Divs", ratio, width=7),
    Column("emission", "Emission α", tao_fine, max_width=14),
    Column("recycled", "Recycled α", lambda v: tao_fine(v) if v else "", max_width=14),
    Column("permit", "VP", tick, "center", width=4),
    Column("updated", "Upd", str, max_width=8),
    Column("immune", "Imm", immune, "center", width=5),
    Column("axon", "Axon", str, "left", max_width=21),
    Column("daily", "α/day", lambda v: f"{v:,.3f}", max_width=12),
)
COMPACT_COLUMNS = ("uid", "hotkey", "stake", "incentive", "dividends", "emission", "permit")


class MetagraphTable(FastTable):
    """Neurons of one subnet; `p` permit only, `o` own keys only, `c` choose columns."""

    BINDINGS = [
        Binding("p", "toggle_permit", "Permit only"),
        Binding("o", "toggle_own", "Own only"),
        Binding("c", "choose_columns", "Columns"),
    ]

    def __init__(self, *, own_keys: Iterable[Hashable] = (), name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(METAGRAPH_COLUMNS, "uid", fixed_columns=1, name=name, id=id, classes=classes)
        self.model.query_columns = ("hotkey", "coldkey")
        self.model.set_own_keys(own_keys, ("hotkey", "coldkey"))
        self._sized = False

    def on_resize(self) -> None:
        """Start narrow terminals on the compact columns; a chosen set is kept afterwards."""
        if not self._sized:
            self._sized = True
            if self.size.width < 120:
                self.set_visible_columns(COMPACT_COLUMNS)

    def action_toggle_permit(self) -> None:
        flags = set(self.model.flags) ^ {"permit"}
        self.filter(flags=flags)

    def action_toggle_own(self) -> None:
        self.filter(own_only=not self.model.own_only)

    def action_choose_columns(self) -> None:
        labels = [(c.label, c.key) for c in self.model.columns.values()]

        def chosen(keys: list[str] | None) -> None:
            if keys:
                self.set_visible_columns(keys)

        self.app.push_screen(ColumnChooser(labels, self.visible_columns), chosen)

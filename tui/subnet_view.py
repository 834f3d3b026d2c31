"""Subnet view: the live metagraph (MetagraphTable), with the pool and hyperparameters beside it.

Keys: `[`/`]` previous or next subnet, `/` filter by hotkey or coldkey, `p` permit only, `o` own
keys only, `c` columns, `s`/`S` sort, enter opens the neuron's detail.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from tui.context import Context
from tui.metagraph_data import fetch, hyper_text, own_hotkeys, pool_text, table_columns
from tui.neuron_detail import NeuronDetail
from tui.view_base import View
from tui.widgets.metagraph_table import MetagraphTable


class SubnetView(View):
    """One subnet's neurons, updated block by block."""

    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", "Prev subnet", key_display="["),
        Binding("right_square_bracket", "step(1)", "Next subnet", key_display="]"),
        Binding("slash", "filter", "Filter", key_display="/"),
    ]

    MAIN = "#metagraph"

    def compose(self) -> ComposeResult:
        yield Static("", id="subnet-title")
        yield Static("", classes="view--error")
        yield Input(placeholder="filter by hotkey or coldkey (esc to leave)", id="subnet-filter")
        with Horizontal(id="subnet-body"):
            yield MetagraphTable(id="metagraph")
            with VerticalScroll(id="subnet-side"):
                yield Static("", id="subnet-pool")
                yield Static("", id="subnet-hyper")

    def on_mount(self) -> None:
        self.query_one("#subnet-filter").display = False
        self._own: set[str] | None = None

    @staticmethod
    def load(rpc: Any, ctx: Context) -> dict[str, Any]:
        netuids = [s["netuid"] for s in rpc.call("taonet_subnets")["subnets"]]
        netuid = ctx.netuid if ctx.netuid in netuids else (netuids[1] if len(netuids) > 1 else netuids[0])
        m = fetch(rpc, netuid)
        m["netuids"] = netuids
        m["own"] = own_hotkeys(ctx.wallet_path) if "own" not in ctx.extra else ctx.extra["own"]
        return m

    def loader_context(self) -> Context:
        ctx = super().loader_context()
        if self._own is not None:
            ctx.extra["own"] = self._own
        return ctx

    def show(self, m: dict[str, Any]) -> None:
        super().show(m)
        self.ctx.netuid = m["netuid"]
        table = self.query_one(MetagraphTable)
        if self._own != m["own"]:
            self._own = m["own"]
            table.set_own_keys(self._own, ("hotkey", "coldkey"))
        table.set_data(table_columns(m))
        self.set_text("#subnet-title",
            f"[b]Subnet {m['netuid']}[/] · block #{m['head']:,} · {m['n']} neurons · "
            "\\[ and ] change subnet · enter: neuron detail")
        self.set_text("#subnet-pool", pool_text(m))
        self.set_text("#subnet-hyper", hyper_text(m))

    def action_step(self, delta: int) -> None:
        netuids = (self.data or {}).get("netuids") or [self.ctx.netuid]
        i = netuids.index(self.ctx.netuid) if self.ctx.netuid in netuids else 0
        self.ctx.netuid = netuids[(i + delta) % len(netuids)]
        self.app.action_refresh()

    def action_filter(self) -> None:
        box = self.query_one("#subnet-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#subnet-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.query_one(MetagraphTable).filter(event.value)

    @on(Input.Submitted, "#subnet-filter")
    def filter_done(self) -> None:
        self.query_one(MetagraphTable).focus()

    def leave_field(self) -> None:
        """Escape closes the filter (and clears it)."""
        box = self.query_one("#subnet-filter", Input)
        if box.display:
            box.value, box.display = "", False
        super().leave_field()

    def on_fast_table_row_selected(self, message: MetagraphTable.RowSelected) -> None:
        message.stop()
        if self.data is not None:
            self.app.push_screen(NeuronDetail(self.ctx, self.data["netuid"], int(message.row_key)))

"""Charts view (plotext through textual-plotext): the subnet's price and emission share per block,
and a chosen neuron's incentive, dividends and stake per epoch, from the node's history
(`taonet_history`). `u` picks the neuron; the subnet is the Subnet view's."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Input, Static
from textual_plotext import PlotextPlot

from tui.context import Context
from tui.view_base import View
from client.balance import RAO_PER_TAO as RAO

U16 = 65535.0


def series(data: dict[str, Any]) -> dict[str, tuple[list, list]]:
    """The four charts' (x, y) lists (a pure function of `taonet_history`)."""
    sub, neuron = data["subnet"], data.get("neuron") or {}
    nx = neuron.get("number", [])
    return {"price": (sub["number"], sub["price"]),
            "emission": (sub["number"], [v * 100 for v in sub["emission_share"]]),
            "incentive": (nx, [v / U16 for v in neuron.get("incentive", [])]),
            "dividends": (nx, [v / U16 for v in neuron.get("dividends", [])]),
            "stake": (nx, [v / RAO for v in neuron.get("stake", [])])}


class ChartsView(View):
    """Four plots over the node's history; they redraw only when a new sample arrived."""

    MAIN = "#charts-uid"
    BINDINGS = [Binding("u", "pick_uid", "Neuron uid")]

    def compose(self) -> ComposeResult:
        yield Static("", id="charts-title")
        yield Static("", classes="view--error")
        yield Input(str(self.ctx.extra.get("uid", 0)), id="charts-uid", type="integer", placeholder="uid")
        with Grid(id="charts-grid"):
            for key in ("price", "emission", "neuron", "stake"):
                yield PlotextPlot(id=f"chart-{key}")

    @staticmethod
    def load(rpc: Any, ctx: Context) -> dict[str, Any]:
        from client.errors import RpcError

        try:
            data = rpc.call("taonet_history", ctx.netuid, int(ctx.extra.get("uid", 0)), 0, 2000)
        except RpcError as exc:
            if exc.code == -32601:
                raise RuntimeError("this node serves no chart history (taonet_history): update it") from None
            raise
        data["head"] = rpc.call("taonet_chainInfo")["best_number"]
        return data

    def show(self, data: dict[str, Any]) -> None:
        old = self.data
        super().show(data)
        s = series(data)
        self.set_text("#charts-title", f"[b]Subnet {data['netuid']}[/] history · {len(s['price'][0])} blocks · "
                                       f"neuron {data['uid']}: {len(s['stake'][0])} epochs · u: choose the uid")
        if old is not None and old["subnet"] == data["subnet"] and old.get("neuron") == data.get("neuron"):
            return
        self.draw("price", "Price τ/α", [("price", s["price"])])
        self.draw("emission", "Emission share %", [("share", s["emission"])])
        self.draw("neuron", f"Neuron {data['uid']}: incentive, dividends",
                  [("incentive", s["incentive"]), ("dividends", s["dividends"])])
        self.draw("stake", f"Neuron {data['uid']}: stake α", [("stake", s["stake"])])

    def draw(self, key: str, title: str, lines: list[tuple[str, tuple[list, list]]]) -> None:
        widget = self.query_one(f"#chart-{key}", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        for label, (x, y) in lines:
            if x:
                plt.plot(x, y, label=label, marker="braille")
        widget.refresh()

    def action_pick_uid(self) -> None:
        self.query_one("#charts-uid", Input).focus()

    @on(Input.Submitted, "#charts-uid")
    def uid_chosen(self, event: Input.Submitted) -> None:
        if event.value.isdigit():
            self.ctx.extra["uid"] = int(event.value)
            self.app.action_refresh()

"""A neuron's detail (a modal): its metagraph row, the weights it sets and receives, its bonds.

The data is read in a worker when the modal opens (`taonet_metagraph` with weights and bonds).
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.metagraph_data import U16, axon_text, fetch


def detail_text(m: dict[str, Any], uid: int) -> str:
    """Everything about one uid (a pure function of a metagraph with weights and bonds)."""
    i = m["uids"].index(uid)
    rao = 10**9

    def col(key: str, default: Any = 0) -> Any:
        values = m.get(key)
        return values[i] if values else default

    lines = [f"[b]Neuron {uid} on subnet {m['netuid']}[/] (block #{m['head']:,})",
             f"hotkey   {m['hotkeys'][i]}", f"coldkey  {m['coldkeys'][i]}",
             f"stake    τ{col('stake') / rao:,.4f} (α {col('alpha_stake') / rao:,.4f}, root {col('root_stake') / rao:,.4f})",
             f"VTrust {col('validator_trust') / U16:.5f}  consensus {col('consensus') / U16:.5f}  "
             f"incentive {col('incentive') / U16:.5f}  dividends {col('dividends') / U16:.5f}",
             f"emission α{col('emission') / rao:,.6f}/epoch, {col('daily_emission') / rao:,.4f}/day",
             f"permit {'yes' if col('validator_permit', False) else 'no'} · active {'yes' if col('active', False) else 'no'}"
             f" · immune {'yes' if col('immune', False) else 'no'}",
             f"registered at #{col('registered_at')} · last update #{col('last_update')} "
             f"({col('blocks_since_update')} blocks ago)", f"axon     {axon_text(col('axons', None)) or '-'}"]
    for title, table in (("Weights", m.get("weights")), ("Bonds", m.get("bonds"))):
        if table is None:
            continue
        sets = table.get(str(uid)) or []
        gets = [(int(src), v) for src, row in table.items() for dst, v in row if dst == uid]
        lines.append(f"\n[b]{title} it sets[/] ({len(sets)}): " +
                     (", ".join(f"{dst}:{v / U16:.3f}" for dst, v in sets[:40]) or "none"))
        lines.append(f"[b]{title} it receives[/] ({len(gets)}): " +
                     (", ".join(f"{src}:{v / U16:.3f}" for src, v in gets[:40]) or "none"))
    return "\n".join(lines)


class NeuronDetail(ModalScreen[None]):
    """Escape closes it."""

    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("q", "dismiss", "Close", show=False)]
    DEFAULT_CSS = """
    NeuronDetail { align: center middle; }
    NeuronDetail > VerticalScroll { width: 90%; max-width: 120; height: 80%; border: round $accent;
                                    background: $surface; padding: 0 1; }
    """

    class Ready(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, url: str, netuid: int, uid: int) -> None:
        super().__init__()
        self.url, self.netuid, self.uid = url, netuid, uid

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(f"Loading neuron {self.uid}…", id="neuron-detail")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from client.rpc import Client

        try:
            with Client(self.url, timeout=10.0) as rpc:
                text = detail_text(fetch(rpc, self.netuid, with_weights=True), self.uid)
        except Exception as exc:
            text = f"[red]cannot read neuron {self.uid}: {exc}[/]"
        self.post_message(self.Ready(text))

    def on_neuron_detail_ready(self, message: Ready) -> None:
        self.query_one("#neuron-detail", Static).update(message.text)

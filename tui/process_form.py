"""A modal form for a new hosted miner or validator: returns a `client.hosting.process_spec`
dict, or None when cancelled."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from tui.modals import MODAL_CSS


class ProcessForm(ModalScreen["dict[str, Any] | None"]):
    """Role, subnet, wallet, hotkey and subnet program; ctrl+s or Start returns the spec."""

    DEFAULT_CSS = MODAL_CSS.format(name="ProcessForm") + """
    ProcessForm > Vertical { padding: 0 2; }
    ProcessForm .field { margin-top: 0; align-horizontal: left; }
    ProcessForm .field Label { width: 16; padding-top: 1; }
    ProcessForm .field Input, ProcessForm .field Select { width: 1fr; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "start", "Start")]

    def __init__(self, wallet_path: str, netuid: int) -> None:
        super().__init__()
        self.wallet_path, self.netuid = wallet_path, netuid

    def compose(self) -> ComposeResult:
        fields = [("Role", Select([("miner", "miner"), ("validator", "validator")], value="miner", allow_blank=False,
                                  id="proc-role")),
                  ("Subnet (netuid)", Input(str(self.netuid), id="proc-netuid", type="integer", placeholder="netuid")),
                  ("Wallet", Input("default", id="proc-wallet", placeholder="wallet name")),
                  ("Hotkey", Input("default", id="proc-hotkey", placeholder="hotkey name")),
                  ("Subnet program", Input("template", id="proc-subnet", placeholder="template, charlm, …"))]
        with Vertical():
            yield Label("[b]Start a hosted process[/] (ctrl+s starts, esc cancels)")
            for label, field in fields:
                with Horizontal(classes="field"):
                    yield Label(label)
                    yield field
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Start", id="start", variant="primary")

    def spec(self) -> dict[str, Any]:
        from client.hosting import process_spec

        q = self.query_one
        return process_spec(q("#proc-role", Select).value, int(q("#proc-netuid", Input).value or 0),
                            q("#proc-wallet", Input).value, q("#proc-hotkey", Input).value, self.wallet_path,
                            q("#proc-subnet", Input).value or "template")

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        self.dismiss(self.spec())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

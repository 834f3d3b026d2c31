"""Stake view: add, remove, or move stake (to another subnet, another hotkey, another coldkey) with a
live preview as you type (price, amount received, fee, price impact and the safe-staking limit, the
same maths as `btcli stake`), a typed confirmation, a masked password prompt for an encrypted
coldkey, and the result afterwards."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from tui.context import Context
from tui.messages import ActionDone
from tui.modals import ConfirmModal, PasswordModal
from tui.stake_preview import MOVES, RAO, destination_netuid, preview, preview_text, resolve_destination, submit
from tui.view_base import View

ACTIONS = [("Add stake (TAO → α)", "add"), ("Remove stake (α → TAO)", "remove"), ("Move to another subnet", "swap"),
           ("Move to another hotkey", "move"), ("Transfer to another coldkey", "transfer")]
DESTINATION = {"move": ("To hotkey (name or ss58); empty dest = same subnet", "destination hotkey"),
               "transfer": ("To coldkey (wallet or ss58); empty dest = same subnet", "destination coldkey")}


def parse_amount(text: str) -> int | None:
    """The amount typed, in rao (0 when empty); None when it is not an amount."""
    from client.balance import Balance

    try:
        return Balance.from_tao(text.strip()).rao if text.strip() else 0
    except Exception:
        return None


def parse_int(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


class StakeView(View):
    """A stake form; ctrl+s (or the button) submits after a confirmation."""

    BINDINGS = [Binding("ctrl+s", "submit", "Submit stake")]

    class Quoted(Message):
        def __init__(self, form: dict[str, Any], result: dict[str, Any]) -> None:
            super().__init__()
            self.form, self.result = form, result

    MAIN = "#stake-amount"

    def compose(self) -> ComposeResult:
        yield Static("", classes="view--error")
        with Horizontal(id="stake-body"):
            with VerticalScroll(id="stake-form"):
                yield Label("Action")
                yield Select(ACTIONS, value="add", allow_blank=False, id="stake-action")
                yield Label("Wallet / hotkey")
                yield Select([], id="stake-wallet", prompt="wallet")
                yield Select([], id="stake-hotkey", prompt="hotkey")
                yield Label("Subnet, destination subnet (moves only), amount")
                with Horizontal(classes="stake-row"):
                    yield Input(str(self.ctx.netuid), id="stake-netuid", type="integer")
                    yield Input("", id="stake-dest", type="integer", placeholder="dest")
                    yield Input("", id="stake-amount", placeholder="amount")
                yield Label("", id="stake-to-label")
                yield Input("", id="stake-to")
                with Horizontal(classes="stake-row"):
                    yield Checkbox("Safe staking", True, id="stake-safe")
                    yield Checkbox("Allow partial", False, id="stake-partial")
                    yield Input("0.005", id="stake-tolerance")
                yield Button("Submit (ctrl+s)", id="stake-submit", variant="primary")
            with Vertical(id="stake-side"):
                yield Static("[b]Preview[/]\nenter an amount", id="stake-preview")
                yield Static("", id="stake-result")

    @staticmethod
    def load(rpc: Any, ctx: Context) -> dict[str, Any]:
        from wallet.wallet import list_wallets

        return {"head": rpc.call("taonet_chainInfo")["best_number"], "wallets": [{"name": w.name, "coldkey": w.coldkey_ss58, "encrypted": bool(w.coldkey_encrypted),
                             "hotkeys": [(n, a) for n, a in w.hotkeys if a]}
                            for w in list_wallets(ctx.wallet_path) if w.coldkey_ss58]}

    def show(self, data: dict[str, Any]) -> None:
        old = self.data
        super().show(data)
        if old is None or old["wallets"] != data["wallets"]:
            wallets = self.query_one("#stake-wallet", Select)
            wallets.set_options([(w["name"], w["name"]) for w in data["wallets"]])
            if data["wallets"]:
                wallets.value = data["wallets"][0]["name"]
        self.requote()  # prices move with every block

    def wallet(self) -> dict[str, Any] | None:
        name = self.query_one("#stake-wallet", Select).value
        return next((w for w in (self.data or {}).get("wallets", []) if w["name"] == name), None)

    def form(self) -> dict[str, Any]:
        q = self.query_one
        hotkey = q("#stake-hotkey", Select).value
        try:
            tol = float(q("#stake-tolerance", Input).value)
        except ValueError:
            tol = -1.0
        action = q("#stake-action", Select).value
        amount = parse_amount(q("#stake-amount", Input).value)
        to, to_error = resolve_destination(action, q("#stake-to", Input).value, self.wallet(),
                                           (self.data or {}).get("wallets", []))
        return {"action": action, "netuid": parse_int(q("#stake-netuid", Input).value),
                "dest": parse_int(q("#stake-dest", Input).value), "amount": amount or 0,
                "amount_error": amount is None,
                "hotkey": None if hotkey is Select.BLANK else hotkey, "to": to, "to_error": to_error,
                "safe": q("#stake-safe", Checkbox).value, "partial": q("#stake-partial", Checkbox).value, "tolerance": tol}

    @on(Select.Changed, "#stake-wallet")
    def wallet_changed(self) -> None:
        w = self.wallet()
        hotkeys = self.query_one("#stake-hotkey", Select)
        hotkeys.set_options([(n, a) for n, a in (w or {}).get("hotkeys", [])])
        if w and w["hotkeys"]:
            hotkeys.value = w["hotkeys"][0][1]

    @on(Select.Changed, "#stake-action")
    def action_changed(self) -> None:
        """Show the destination field for a move to another hotkey or a transfer to another coldkey."""
        label, placeholder = DESTINATION.get(self.query_one("#stake-action", Select).value, ("", ""))
        self.query_one("#stake-to-label", Label).update(label)
        self.query_one("#stake-to", Input).placeholder = placeholder
        self.query_one("#stake-to-label", Label).display = self.query_one("#stake-to", Input).display = bool(label)

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed, "#stake-action")
    @on(Select.Changed, "#stake-hotkey")
    def requote(self) -> None:
        f = self.form()
        if f["netuid"] is None or not 0 <= f["tolerance"] < 1:
            self.query_one("#stake-preview", Static).update("[b]Preview[/]\n[yellow]enter a subnet and a tolerance in [0, 1)[/]")
            return
        w = self.wallet()
        self.quote(self.ctx.url, f, w["coldkey"] if w else None)

    @work(thread=True, exclusive=True, group="quote")
    def quote(self, url: str, f: dict[str, Any], coldkey: str | None) -> None:
        from client.rpc import Client

        try:
            with Client(url, timeout=5.0) as rpc:
                result = preview(rpc, f, coldkey)
        except Exception as exc:
            result = {"ok": False, "status": f"{type(exc).__name__}: {exc}"}
        self.post_message(self.Quoted(f, result))

    _quote: tuple[dict[str, Any] | None, dict[str, Any]] = (None, {})

    @property
    def quoted(self) -> dict[str, Any]:
        """The preview of the form as it is now; {} while that one is still being quoted."""
        form, result = self._quote
        return result if form == self.form() else {}

    def on_stake_view_quoted(self, message: Quoted) -> None:
        if message.form == self.form():  # a stale quote for an older form is dropped
            self._quote = (message.form, message.result)
            self.query_one("#stake-preview", Static).update("[b]Preview[/]\n" + preview_text(message.result))

    @on(Button.Pressed, "#stake-submit")
    def action_submit(self) -> None:
        f, w, p = self.form(), self.wallet(), self.quoted
        if w is None or f["hotkey"] is None or not p.get("ok"):
            self.notify("Nothing to submit: choose a wallet and hotkey, and wait for an ok preview of the form as "
                        "it is now.", severity="warning")
            return
        where = f"subnet {f['netuid']}" + (f" → {destination_netuid(f)}" if f["action"] in MOVES else "")
        to = {"move": f"\nto hotkey {f['to']}", "transfer": f"\nto coldkey {f['to']}"}.get(f["action"], "")
        text = (f"{dict(ACTIONS_BY_KEY)[f['action']]} {p['unit_in']}{f['amount'] / RAO:,.9f} on {where}\n"
                f"hotkey {f['hotkey']}{to}\n" + preview_text(p))

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            if w["encrypted"]:
                self.app.push_screen(PasswordModal(f"the coldkey of wallet {w['name']}"),
                                     lambda pw: pw is not None and self.send(w["name"], f, p, pw))
            else:
                self.send(w["name"], f, p, None)

        self.app.push_screen(ConfirmModal("Confirm stake", text), confirmed)

    def send(self, wallet_name: str, f: dict[str, Any], p: dict[str, Any], password: str | None) -> None:
        self.query_one("#stake-result", Static).update("[b]Submitting…[/]")
        self.submit_stake(self.ctx.url, self.ctx.wallet_path, wallet_name, f, p.get("limit"), password)

    @work(thread=True, exclusive=True, group="submit")
    def submit_stake(self, url: str, path: str, wallet_name: str, f: dict[str, Any], limit: int | None,
                     password: str | None) -> None:
        from client.rpc import Client
        from wallet.wallet import Wallet

        try:
            pair = Wallet(wallet_name, "default", path).coldkey(lambda _path: password or "")
            with Client(url, timeout=60.0) as rpc:
                res = submit(rpc, pair, f, limit)
            names = [e["name"] for e in res["events"]]
            text = (f"Stake {f['action']} included in block #{res['block_number']} ({', '.join(names)})" if res["success"]
                    else f"Stake {f['action']} failed: {res.get('message')}")
            self.post_message(ActionDone("stake", res["success"], text, res))
        except Exception as exc:
            self.post_message(ActionDone("stake", False, f"Stake {f['action']} failed: {exc}"))

    def on_action_done(self, message: ActionDone) -> None:
        colour = "green" if message.ok else "red"
        self.query_one("#stake-result", Static).update(f"[b]Result[/]\n[{colour}]{message.text}[/]")


ACTIONS_BY_KEY = [(k, label) for label, k in ACTIONS]

"""Stake view: add, remove, or move stake (to another subnet, another hotkey, another coldkey) to any
hotkey (one of the wallet's by name, or anyone's by uid on the subnet or by address), with a live
preview as you type (client.stake_preview, the one `btcli stake` uses: price, amount received,
fees, price impact, the safe-staking limit, and whether the chain would take it).

Submitting follows btcli.chain's order: the coldkey is unlocked first (a masked password prompt
when it is encrypted; argon2i takes seconds), then the form is quoted afresh and confirmed, then
signed and submitted at once; after the yes the form is quoted again just before signing (a
person's answer takes seconds, and on the demo localnet the price moves about 0.1% a second), and
asked again if the outcome changed. The result names the amounts sent and received."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from client.stake_preview import StakeItem, changed
from tui.context import Context
from tui.messages import ActionDone
from tui.modals import ConfirmModal, PasswordModal
from tui.stake_form import (
    confirm_text, plain, preview, preview_text, resolve_destination, result_text, submit,
)
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
        def __init__(self, form: dict[str, Any], result: StakeItem) -> None:
            super().__init__()
            self.form, self.result = form, result

    class Unlocked(Message):
        """The coldkey is unlocked and the form quoted afresh: confirm this item now."""

        def __init__(self, form: dict[str, Any], pair: Any, item: StakeItem) -> None:
            super().__init__()
            self.form, self.pair, self.item = form, pair, item

    MAIN = "#stake-amount"

    def compose(self) -> ComposeResult:
        yield Static("", classes="view--error")
        with Horizontal(id="stake-body"):
            with VerticalScroll(id="stake-form"):
                yield Select(ACTIONS, value="add", allow_blank=False, id="stake-action")
                yield Label("Wallet; hotkey: name, uid or ss58")
                with Horizontal(classes="stake-row"):
                    yield Select([], id="stake-wallet", prompt="wallet")
                    yield Input("", id="stake-hotkey", placeholder="hotkey")
                yield Label("Subnet, to subnet (moves), amount")
                with Horizontal(classes="stake-row"):
                    yield Input(str(self.ctx.netuid), id="stake-netuid", type="integer")
                    yield Input("", id="stake-dest", type="integer", placeholder="dest")
                    yield Input("", id="stake-amount", placeholder="amount")
                yield Label("", id="stake-to-label")
                yield Input("", id="stake-to")
                yield Label("Safe, partial, tolerance (0.005 = 0.5%)")
                with Horizontal(classes="stake-row"):
                    yield Checkbox("Safe", True, id="stake-safe")
                    yield Checkbox("Partial", False, id="stake-partial")
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
            chosen = wallets.value
            wallets.set_options([(w["name"], w["name"]) for w in data["wallets"]])
            if data["wallets"]:
                wallets.value = initial_wallet(data["wallets"], chosen, self.ctx.extra)
        self.requote()  # prices move with every block

    def wallet(self) -> dict[str, Any] | None:
        name = self.query_one("#stake-wallet", Select).value
        return next((w for w in (self.data or {}).get("wallets", []) if w["name"] == name), None)

    def form(self) -> dict[str, Any]:
        q = self.query_one
        try:
            tol = float(q("#stake-tolerance", Input).value)
        except ValueError:
            tol = -1.0
        action = q("#stake-action", Select).value
        amount = parse_amount(q("#stake-amount", Input).value)
        wallet = self.wallet()
        to, to_error = resolve_destination(action, q("#stake-to", Input).value, wallet,
                                           (self.data or {}).get("wallets", []))
        return {"action": action, "netuid": parse_int(q("#stake-netuid", Input).value),
                "dest": parse_int(q("#stake-dest", Input).value), "amount": amount or 0,
                "amount_error": amount is None, "hotkey": q("#stake-hotkey", Input).value.strip(),
                "names": dict((wallet or {}).get("hotkeys", [])), "to": to, "to_error": to_error,
                "safe": q("#stake-safe", Checkbox).value, "partial": q("#stake-partial", Checkbox).value, "tolerance": tol}

    @on(Select.Changed, "#stake-wallet")
    def wallet_changed(self) -> None:
        """Start from the wallet's first hotkey; any hotkey can be typed instead (name, uid, ss58)."""
        w = self.wallet()
        if w and w["hotkeys"]:
            self.query_one("#stake-hotkey", Input).value = w["hotkeys"][0][0]

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
    def requote(self) -> None:
        f = self.form()
        if f["netuid"] is None or not 0 <= f["tolerance"] < 1:
            self._quote = (f, {})
            self.query_one("#stake-preview", Static).update(
                "[b]Preview[/]\n[yellow]" + plain("enter a subnet, and a tolerance in [0, 1) such as 0.005") + "[/]")
            return
        w = self.wallet()
        self.quote(self.connector(), f, w["coldkey"] if w else None)

    def connector(self) -> Callable[[], Any]:
        """How a worker reaches the node: the app's shared backend, kept open (a subtensor connection
        costs a handshake and the runtime's version per opening), else one of its own."""
        shared = getattr(self.app, "backend", None)
        if callable(shared):
            return lambda: nullcontext(shared())
        ctx = self.ctx
        return lambda: ctx.backend(5.0)

    @work(thread=True, exclusive=True, group="quote")
    def quote(self, connect: Callable[[], Any], f: dict[str, Any], coldkey: str | None) -> None:
        self.post_message(self.Quoted(f, self.fresh(connect, f, coldkey)))

    @staticmethod
    def fresh(connect: Callable[[], Any], f: dict[str, Any], coldkey: str | None) -> StakeItem:
        """The form's preview now (in a worker); a failure to reach the node is a refusal that says so."""
        try:
            with connect() as rpc:
                return preview(rpc, f, coldkey)
        except Exception as exc:
            return StakeItem(f["action"], coldkey or "", "", f.get("netuid") or 0, f["amount"]).refuse(
                f"{type(exc).__name__}: {exc}")

    _quote: tuple[dict[str, Any] | None, Any] = (None, None)

    @property
    def quoted_item(self) -> StakeItem | None:
        """The preview of the form as it is now; None while that one is still being quoted."""
        form, item = self._quote
        return item if form == self.form() and isinstance(item, StakeItem) else None

    @property
    def quoted(self) -> dict[str, Any]:
        """The same preview as JSON ({} while pending)."""
        item = self.quoted_item
        return {} if item is None else item.to_json()

    def on_stake_view_quoted(self, message: Quoted) -> None:
        if message.form == self.form():  # a stale quote for an older form is dropped
            self._quote = (message.form, message.result)
            self.query_one("#stake-preview", Static).update("[b]Preview[/]\n" + preview_text(message.result))

    @on(Button.Pressed, "#stake-submit")
    def action_submit(self) -> None:
        """Unlock first (asking for the password of an encrypted coldkey), then quote and confirm."""
        f, w, item = self.form(), self.wallet(), self.quoted_item
        if w is None or item is None or not item.ok:
            self.notify("Nothing to submit: choose a wallet and a hotkey, and wait for an ok preview of the form as "
                        "it is now.", severity="warning")
            return
        if w["encrypted"]:
            self.app.push_screen(PasswordModal(f"the coldkey of wallet {w['name']}"),
                                 lambda pw: pw is not None and self.unlock(w["name"], w["coldkey"], f, pw))
        else:
            self.unlock(w["name"], w["coldkey"], f, None)

    def unlock(self, wallet_name: str, coldkey: str, f: dict[str, Any], password: str | None) -> None:
        self.query_one("#stake-result", Static).update("[b]Unlocking the coldkey…[/]")
        self.unlock_and_quote(self.connector(), self.ctx.wallet_path, wallet_name, coldkey, f, password)

    @work(thread=True, exclusive=True, group="submit")
    def unlock_and_quote(self, connect: Callable[[], Any], path: str, wallet_name: str, coldkey: str, f: dict[str, Any],
                         password: str | None) -> None:
        from wallet.wallet import Wallet

        try:
            pair = Wallet(wallet_name, "default", path).coldkey(lambda _path: password or "")
        except Exception as exc:
            self.post_message(ActionDone("stake", False, f"Could not unlock the coldkey: {exc}"))
            return
        self.post_message(self.Unlocked(f, pair, self.fresh(connect, f, coldkey)))

    def on_stake_view_unlocked(self, message: Unlocked) -> None:
        """Confirm the fresh quote; a yes quotes it again and submits at once."""
        item = message.item
        self.query_one("#stake-preview", Static).update("[b]Preview[/]\n" + preview_text(item))
        if not item.ok:
            self.post_message(ActionDone("stake", False, f"Stake {item.action} refused: {item.message}"))
            return
        self.query_one("#stake-result", Static).update("")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.query_one("#stake-result", Static).update("[b]Submitting…[/]")
                self.submit_stake(self.connector(), self.ctx, message.form, message.pair, item)

        title = dict(ACTIONS_BY_KEY)[item.action]
        self.app.push_screen(ConfirmModal("Confirm stake", confirm_text(item, title, self.real_chain())), confirmed)

    def real_chain(self) -> str | None:
        """"finney (genesis 0x2f0555cc76…)" on a subtensor node (real money: the confirmation names it), else None."""
        if self.ctx.kind != "subtensor":
            return None
        genesis = str((getattr(self.app, "node_info", None) or {}).get("genesis_hash") or "?")
        return f"{self.ctx.label} (genesis {genesis[:12]}…)"

    @work(thread=True, exclusive=True, group="submit")
    def submit_stake(self, connect: Callable[[], Any], ctx: Context, f: dict[str, Any], pair: Any,
                     item: StakeItem) -> None:
        """Quote again through the shared connection (the confirmed quote is as old as the answer);
        sign that at once and wait on a connection of its own (60 s for the block)."""
        try:
            again = self.fresh(connect, f, pair.ss58_address)
            if changed([item], [again], f["tolerance"]):
                self.post_message(self.Unlocked(f, pair, again))  # the outcome moved: ask again
                return
            item = again
            if not item.ok:
                self.post_message(ActionDone("stake", False, f"Stake {item.action} refused: {item.message}"))
                return
            with ctx.backend(60.0) as rpc:
                res = submit(rpc, pair, item)
            self.post_message(ActionDone("stake", res["success"], result_text(item, res), res))
        except Exception as exc:
            self.post_message(ActionDone("stake", False, f"Stake {item.action} failed: {exc}"))

    def on_action_done(self, message: ActionDone) -> None:
        colour = "green" if message.ok else "red"
        self.query_one("#stake-result", Static).update(f"[b]Result[/]\n[{colour}]{plain(message.text)}[/]")


ACTIONS_BY_KEY = [(k, label) for label, k in ACTIONS]


def initial_wallet(wallets: list[dict[str, Any]], chosen: Any, extra: dict[str, Any]) -> str:
    """The wallet the form shows after the list (re)loads: the one already chosen while it still exists, else the
    one `btcli view --wallet-name/--coldkey-ss58` named, else the first."""
    names = [w["name"] for w in wallets]
    if chosen in names:
        return chosen
    asked = extra.get("wallet_name") or next((w["name"] for w in wallets if w["coldkey"] == extra.get("coldkey_ss58")), None)
    return asked if asked in names else names[0]

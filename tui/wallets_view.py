"""Wallets view: every coldkey and hotkey under the wallet path, free and staked TAO, and each stake
position: the coldkey (its wallet) that owns it, the hotkey, the subnet, α and its value in TAO."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.context import Context
from tui.view_base import View
from client.balance import RAO_PER_TAO as RAO


def wallet_rows(data: dict[str, Any]) -> tuple[list[tuple], list[tuple], str]:
    """(coldkey rows, stake rows, total line) from the loaded data (a pure function)."""
    names = {w["hotkey"]: f"{w['wallet']}/{w['name']}" for w in data["hotkeys"]}
    wallet_of = {w["coldkey"]: w["name"] for w in data["wallets"] if w["coldkey"]}
    cold_rows, stake_rows, grand = [], [], 0
    for w in data["wallets"]:
        addr = w["coldkey"]
        free = data["free"].get(addr, 0) if addr else 0
        staked = data["totals"].get(addr, 0) if addr else 0
        grand += free + staked
        lock = "enc" if w["encrypted"] else ""
        cold_rows.append((w["name"], addr or "(no coldkeypub)", lock, f"{free / RAO:,.4f}", f"{staked / RAO:,.4f}",
                          f"{(free + staked) / RAO:,.4f}", str(len(w["hotkeys"]))))
    for s in data["stakes"]:
        coldkey = s.get("coldkey") or ""
        stake_rows.append((wallet_of.get(coldkey, coldkey[:10] + "…"), names.get(s["hotkey"], s["hotkey"][:10] + "…"),
                           str(s["netuid"]),
                           "-" if s.get("uid") is None else str(s["uid"]), f"{s['alpha'] / RAO:,.4f}",
                           f"{float(s['price']):.6f}", f"{s['tao_value'] / RAO:,.4f}"))
    return cold_rows, stake_rows, f"[b]Total τ{grand / RAO:,.4f}[/] across {len(cold_rows)} wallets"


def focused(wallets: list[dict[str, Any]], found: list[Any], extra: dict[str, Any]) -> tuple[list, list]:
    """The wallets (and their summaries) the dashboard was opened on: `btcli view --wallet-name` keeps
    that wallet, `--coldkey-ss58` the wallets of that coldkey, or the address alone (watch-only)."""
    if extra.get("coldkey_ss58"):
        address = extra["coldkey_ss58"]
        mine = [w for w in wallets if w["coldkey"] == address]
        return (mine or [{"name": "(watch-only)", "coldkey": address, "encrypted": False, "hotkeys": []}],
                [w for w in found if w.coldkey_ss58 == address])
    if extra.get("wallet_name"):
        name = extra["wallet_name"]
        return [w for w in wallets if w["name"] == name], [w for w in found if w.name == name]
    return wallets, found


class WalletsView(View):
    """Coldkeys (free, staked, total) and every stake position of them."""

    MAIN = "#wallets-table"

    def compose(self) -> ComposeResult:
        yield Static("", id="wallets-total")
        yield Static("", classes="view--error")
        yield DataTable(id="wallets-table", cursor_type="row", zebra_stripes=True)
        yield Static("[b]Stake by hotkey and subnet[/]")
        yield DataTable(id="stakes-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#wallets-table", DataTable).add_columns("Wallet", "Coldkey", "", "Free τ", "Staked τ",
                                                                 "Total τ", "Hotkeys")
        self.query_one("#stakes-table", DataTable).add_columns("Coldkey", "Hotkey", "Net", "UID", "α", "Price τ", "Value τ")

    @staticmethod
    def load(rpc: Any, ctx: Context) -> dict[str, Any]:
        from wallet.wallet import list_wallets

        found = list_wallets(ctx.wallet_path)
        wallets = [{"name": w.name, "coldkey": w.coldkey_ss58, "encrypted": w.coldkey_encrypted,
                    "hotkeys": w.hotkeys} for w in found]
        wallets, found = focused(wallets, found, ctx.extra)
        hotkeys = [{"wallet": w.name, "name": n, "hotkey": a} for w in found for n, a in w.hotkeys if a]
        coldkeys = [w["coldkey"] for w in wallets if w["coldkey"]]
        if not coldkeys:
            return {"head": rpc.call("taonet_chainInfo")["best_number"], "wallets": wallets, "hotkeys": hotkeys,
                    "free": {}, "totals": {}, "stakes": [], "path": ctx.wallet_path}
        infos, stake = rpc.batch([("taonet_accountInfos", [coldkeys]), ("taonet_stakeInfo", [coldkeys])],
                                 raise_errors=True)
        free = {c: i["free"] for c, i in zip(coldkeys, infos)}
        return {"head": stake["head"], "wallets": wallets, "hotkeys": hotkeys, "free": free, "totals": stake["totals"],
                "stakes": stake["stakes"], "path": ctx.wallet_path}

    def show(self, data: dict[str, Any]) -> None:
        super().show(data)
        cold_rows, stake_rows, total = wallet_rows(data)
        self.query_one("#wallets-total", Static).update(f"{total} · wallet path {data['path']}")
        for table_id, rows in (("#wallets-table", cold_rows), ("#stakes-table", stake_rows)):
            self.set_rows(self.query_one(table_id, DataTable), rows)

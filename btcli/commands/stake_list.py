"""`btcli stake list`: every stake of a coldkey across hotkeys and subnets (--live: redrawn at each
block), with the real btcli's keys beside taonet's in JSON."""
from __future__ import annotations

from typing import Annotated, Any

import typer

from btcli import output
from btcli.chain import connect, tao
from btcli.commands.stake import app, coldkey_and_labels, hotkey_label
from btcli.options import (
    ColdkeySs58,
    JsonOutput,
    Network,
    Quiet,
    WalletName,
    WalletPath,
)


def _render_list(console: Any, d: dict) -> None:
    rows = [[s["netuid"], s["hotkey_label"], s["uid"] if s["uid"] is not None else "-", f"α{s['alpha']:,.9f}",
             f"{s['price']:.9f}", f"τ{s['tao_value']:,.9f}"] for s in d["stakes"]]
    output.table(console, f"Stake of {d['coldkey']}", ["netuid", "hotkey", "uid", "alpha", "price", "value"], rows,
                 keep=["hotkey", "alpha", "value"], optional=["uid", "price"])
    console.print(f"Total value τ{d['total_value']:,.9f} (at spot prices, before fees)")


Live = Annotated[bool, typer.Option("--live", help="Redraw the table at every new block until Ctrl-C.")]


@app.command("list")
def list_stake(wallet_name: WalletName = None, wallet_path: WalletPath = None,
               ss58: ColdkeySs58 = None, live: Live = False,
               network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Every stake of a coldkey across hotkeys and subnets, in one call (--live: at every block)."""
    from client import staking

    output.configure(json_output, quiet)
    if live and (json_output or quiet):
        raise typer.BadParameter("--live draws a table in the terminal: drop --json-output / --quiet")
    coldkey, names = coldkey_and_labels(ss58, wallet_name, wallet_path)

    def read(rpc: Any) -> dict:
        info = staking.stake_info(rpc, coldkey)
        stakes = [{**s, "hotkey_label": hotkey_label(s["hotkey"], names), "alpha_rao": s["alpha"],
                   "alpha": tao(s["alpha"]), "tao_value_rao": s["tao_value"], "tao_value": tao(s["tao_value"])}
                  for s in info["stakes"]]
        return {"coldkey": coldkey, "head": info["head"], "stakes": stakes,
                "total_value": tao(info["totals"].get(coldkey, 0))}

    with connect(network) as rpc:
        if live:
            from btcli import live as live_view

            live_view.run(rpc, lambda: read(rpc), _render_list, f"stake of {coldkey}")
            return
        data = read(rpc)
        if output.current().json_output:
            data.update(_real_list_keys(rpc, data))
    output.emit(data, _render_list)


def _real_list_keys(rpc: Any, data: dict) -> dict:
    """The real btcli's `stake list` keys for the same data: stake_info ({hotkey: [{netuid,
    subnet_name, value, stake_value, rate, registered}]}), coldkey_address, network, free_balance,
    total_tao_value (free balance + stake value, TAO)."""
    from client import subnets

    names = {s["netuid"]: s.get("name") or "" for s in subnets.subnets(rpc)["subnets"]}
    free = rpc.account(data["coldkey"]).free.tao_float()
    info: dict[str, list] = {}
    for s in data["stakes"]:
        info.setdefault(s["hotkey"], []).append({"netuid": s["netuid"], "subnet_name": names.get(s["netuid"], ""),
                                                 "value": s["tao_value"], "stake_value": s["alpha"], "rate": s["price"],
                                                 "registered": s["uid"] is not None})
    return {"stake_info": info, "coldkey_address": data["coldkey"], "network": rpc.url, "free_balance": free,
            "total_tao_value": free + data["total_value"]}

"""`btcli wallet inspect`: a read-only summary of one coldkey (a wallet's, `--ss58`'s) or of every
wallet under the path (`--all`): free balance, identity, each stake (hotkey, subnet, uid, α and its
TAO value) and each local hotkey's subnets. The real btcli 9.23.2's flags (`--all/--all-wallets/-a`,
`--ss58/--ss58-address`, `--netuids`); it prints no JSON there, taonet's `--json-output` shape is below.

Registered on the wallet sub-app (`btcli.commands.wallet.app`); main.py imports this module.
"""
from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.chain import connect
from btcli.commands.wallet import app
from btcli.options import JsonOutput, Netuids, Network, Quiet, WalletName, WalletPath, parse_netuids, resolve_wallet
from client.balance import RAO_PER_TAO

AllWallets = Annotated[bool, typer.Option("--all", "--all-wallets", "-a", help="Every wallet under the wallet path.")]
Ss58 = Annotated[Optional[str], typer.Option("--ss58", "--ss58-address", help="Inspect this coldkey (no wallet file needed).")]


def _render(console: Any, d: dict) -> None:
    rows = [[c["name"], c["coldkey"], f"τ{c['free']:,.9f}", f"τ{c['staked']:,.9f}", (c["identity"] or {}).get("name") or "~"]
            for c in d["coldkeys"]]
    output.table(console, f"Coldkeys on {d['network']} at block #{d['head']}", ["wallet", "coldkey", "free", "staked (τ value)", "identity"],
                 rows, keep=["coldkey", "free"])
    stakes = [[c["name"], s["hotkey"], s["netuid"], "-" if s["uid"] is None else s["uid"], f"α{s['alpha']:,.9f}",
               f"τ{s['tao_value']:,.9f}"] for c in d["coldkeys"] for s in c["stakes"]]
    if stakes:
        output.table(console, "Stakes", ["wallet", "hotkey", "netuid", "uid", "stake", "τ value"], stakes,
                     keep=["hotkey", "stake"])
    hotkeys = [[c["name"], h["name"], h["ss58_address"] or "unreadable", ", ".join(map(str, h["netuids"])) or "-"]
               for c in d["coldkeys"] for h in c["hotkeys"]]
    if hotkeys:
        output.table(console, "Hotkeys", ["wallet", "hotkey", "ss58 address", "registered on"], hotkeys,
                     keep=["ss58 address"])


@app.command("inspect")
def inspect(all_wallets: AllWallets = False, wallet_name: WalletName = None, wallet_path: WalletPath = None,
            ss58: Ss58 = None, netuids: Netuids = None, network: Network = None, json_output: JsonOutput = False,
            quiet: Quiet = False) -> None:
    """The wallet's coldkey at a glance, read only: balance, identity, stakes and hotkeys.

    JSON: {network, head, coldkeys: [{name, coldkey, free, staked (TAO), identity, stakes: [{hotkey,
    netuid, uid, alpha, tao_value}], hotkeys: [{name, ss58_address, netuids}]}]}.

    Example: btcli wallet inspect --wallet-name alice --netuids 1,2
    """
    from btcli import config
    from btcli.errors import CliError
    from client.identity import identity
    from client.staking import stake_info
    from wallet.errors import KeyfileError
    from wallet.ss58 import decode
    from wallet.wallet import list_wallets

    output.configure(json_output, quiet)
    only = set(parse_netuids(netuids))
    targets: list[dict[str, Any]] = []
    if ss58:
        try:
            decode(ss58)
        except ValueError as exc:
            raise CliError(f"invalid --ss58: {exc}") from None
        targets.append({"name": ss58[:8] + "…", "coldkey": ss58, "hotkeys": []})
    elif all_wallets:
        for summary in list_wallets(wallet_path or config.get("wallet_path")):
            if summary.coldkey_ss58:
                targets.append({"name": summary.name, "coldkey": summary.coldkey_ss58,
                                "hotkeys": [{"name": n, "ss58_address": a, "netuids": []} for n, a in summary.hotkeys]})
        if not targets:
            raise CliError("no wallets with a coldkey under the wallet path (`btcli wallet list`)")
    else:
        w = resolve_wallet(wallet_name, wallet_path, None)
        hotkeys = []
        for name in w.hotkey_names():
            try:
                address: str | None = w.hotkeypub(name).ss58_address
            except KeyfileError:
                address = None
            hotkeys.append({"name": name, "ss58_address": address, "netuids": []})
        targets.append({"name": w.name, "coldkey": w.coldkeypub().ss58_address, "hotkeys": hotkeys})
    addresses = list(dict.fromkeys(t["coldkey"] for t in targets))
    with connect(network) as rpc, output.status("Reading the chain…"):
        label = rpc.label
        infos = dict(zip(addresses, rpc.accounts(addresses)))
        stakes = stake_info(rpc, addresses)
        identities = {a: identity(rpc, a)["identity"] for a in addresses}
        local = [h for t in targets for h in t["hotkeys"] if h["ss58_address"]]
        owners = rpc.batch([("taonet_hotkeyOwner", [h["ss58_address"]]) for h in local])
    for h, owner in zip(local, owners):
        found = owner.get("netuids", []) if isinstance(owner, dict) else []
        h["netuids"] = [n for n in found if not only or n in only]
    for t in targets:
        rows = [s for s in stakes["stakes"] if s["coldkey"] == t["coldkey"] and (not only or s["netuid"] in only)]
        t.update(free=infos[t["coldkey"]].free.tao_float(), identity=identities[t["coldkey"]],
                 staked=sum(s["tao_value"] for s in rows) / RAO_PER_TAO,
                 stakes=[{"hotkey": s["hotkey"], "netuid": s["netuid"], "uid": s["uid"], "alpha": s["alpha"] / RAO_PER_TAO,
                          "alpha_rao": s["alpha"], "tao_value": s["tao_value"] / RAO_PER_TAO} for s in rows])
    output.emit({"network": label, "head": stakes["head"], "coldkeys": targets}, _render)

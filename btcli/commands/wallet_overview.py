"""`btcli wallet overview`: a wallet (or every wallet, --all) at a glance — free balance, stake value,
each hotkey's subnets, and its neurons: uid, stake, emission, incentive, dividends, permits, axon.

The real btcli 9.23.2's flags: --include-hotkeys/-in or --exclude-hotkeys/-ex (names or ss58, not
both), --netuids (only those subnets), --sort-by a column of its neuron table (coldkey, hotkey, uid,
active, stake, rank, trust, consensus, incentive, dividends, emission, vtrust, vpermit, updated, axon,
hotkey_ss58) and --sort-order asc/desc. The JSON has its `subnets` list ({netuid, tempo, name,
symbol, neurons: [{coldkey, hotkey, uid, active, stake, rank, trust, consensus, incentive, dividends,
emission, validator_trust, validator_permit, last_update, axon, hotkey_ss58}]}) next to taonet's own
keys (hotkeys, stakes, balances). rank and trust are null: spec 461's epoch keeps neither.
Registered on the wallet sub-app; main.py imports this module.
"""
from __future__ import annotations

from typing import Annotated, Any

import typer

from btcli import output
from btcli.chain import connect
from btcli.commands.wallet import app
from btcli.options import (
    Hotkey,
    IncludeHotkeys,
    JsonOutput,
    Netuids,
    Network,
    Quiet,
    WalletName,
    WalletPath,
    parse_netuids,
    resolve_wallet,
    split_list,
)
from client.balance import RAO_PER_TAO

AllWallets = Annotated[bool, typer.Option("--all", "-a", help="Every wallet under the wallet path.")]
ExcludeHotkeys = Annotated[list[str] | None, typer.Option(
    "--exclude-hotkeys", "-ex", help="Hotkeys to leave out (names or ss58; repeat or separate with commas).")]
SortBy = Annotated[str | None, typer.Option(
    "--sort-by", "--sort_by", help="Sort the neurons by a column: name, uid, stake, emission, incentive, axon, …")]
SortOrder = Annotated[str | None, typer.Option(
    "--sort-order", "--sort_order", help="ascending/asc (default) or descending/desc/reverse.")]

# the real btcli's column titles -> the neuron field they show ("name" is the first column, coldkey)
COLUMNS = {"coldkey": "coldkey", "name": "coldkey", "hotkey": "hotkey", "uid": "uid", "active": "active",
           "stake": "stake", "rank": "rank", "trust": "trust", "consensus": "consensus", "incentive": "incentive",
           "dividends": "dividends", "emission": "emission", "vtrust": "validator_trust",
           "vpermit": "validator_permit", "updated": "last_update", "axon": "axon", "hotkey_ss58": "hotkey_ss58"}
DESCENDING, ASCENDING = {"desc", "descending", "reverse"}, {"asc", "ascending"}


def _render(console: Any, d: dict) -> None:
    for c in d["coldkeys"]:
        console.print(f"Wallet [bold]{c['wallet']}[/]  coldkey {c['coldkey']}\n"
                      f"free τ{c['free']:,.9f}   staked τ{c['staked']:,.9f}   total τ{c['free'] + c['staked']:,.9f}")
    if len(d["coldkeys"]) > 1:
        console.print(f"All wallets: free τ{d['free']:,.9f}   staked τ{d['staked']:,.9f}   total τ{d['total']:,.9f}")
    if d["hotkeys"]:
        output.table(console, "Hotkeys", ["wallet", "name", "ss58 address", "registered on", "stake value"],
                     [[h["wallet"], h["name"], h["ss58_address"] or "unreadable",
                       ", ".join(map(str, h["netuids"])) or "-", f"τ{h['stake']:,.9f}"] for h in d["hotkeys"]],
                     keep=["ss58 address", "stake value"], optional=["wallet", "registered on"])
    from btcli.commands.subnets import daily_text, emission_text

    by_key = {(h["wallet"], h["ss58_address"]): h for h in d["hotkeys"]}
    rows = []
    for s in d["subnets"]:
        for row in s["neurons"]:
            h = by_key[(row["coldkey"], row["hotkey_ss58"])]
            n = next(x for x in h["neurons"] if x["netuid"] == s["netuid"])
            rows.append([h["name"], n["netuid"], n["uid"], f"α{n['stake'] / RAO_PER_TAO:,.4f}", emission_text(n, "α"),
                         daily_text(n, "α"), f"{n['rank']}/{n['of']}", "*" if n["validator_permit"] else "",
                         row["axon"] or "-"])
    if rows:
        output.table(console, "Neurons (rank = position by emission on the subnet; the incentive of the subnet "
                              "owner's hotkeys is recycled, not earned)",
                     ["hotkey", "netuid", "uid", "stake", "emission/epoch", "earned/day", "rank", "vpermit", "axon"], rows,
                     optional=["axon"])


def _neurons(rpc: Any, hotkeys: list[dict], netuids: list[int]) -> list[dict]:
    """Each hotkey's neurons on `netuids` (one metagraph per subnet, batched), and the real btcli's
    `subnets` list of the same neurons."""
    from client.subnets import earnings

    if not netuids:
        return []
    graphs = rpc.batch([("taonet_metagraph", [n]) for n in netuids])
    names = {s["netuid"]: s for s in rpc.call("taonet_subnets")["subnets"]}
    subnets = []
    for netuid, mg in zip(netuids, graphs):
        if not isinstance(mg, dict):
            continue
        tempo = int(mg["hyperparameters"].get("tempo", 360))
        index = {hk: i for i, hk in enumerate(mg["hotkeys"])}
        emissions, paid = mg["emission"], earnings(mg)
        real = []
        for h in hotkeys:
            i = index.get(h["ss58_address"])
            if i is None:
                continue
            h["neurons"].append({
                "netuid": netuid, "uid": mg["uids"][i], "stake": mg["stake"][i], "emission": emissions[i],
                "daily_emission": mg["daily_emission"][i], "incentive": mg["incentive"][i], "dividends": mg["dividends"][i],
                "validator_permit": mg["validator_permit"][i], "rank": 1 + sum(e > emissions[i] for e in emissions),
                "of": mg["n"], **paid[i]})
            axon = mg["axons"][i]
            real.append({"coldkey": h["wallet"], "hotkey": h["name"], "uid": mg["uids"][i], "active": mg["active"][i],
                         "stake": mg["stake"][i] / RAO_PER_TAO, "rank": None, "trust": None,
                         "consensus": mg["consensus"][i] / 65535, "incentive": mg["incentive"][i] / 65535,
                         "dividends": mg["dividends"][i] / 65535, "emission": emissions[i] // (tempo + 1),
                         "validator_trust": mg["validator_trust"][i] / 65535,
                         "validator_permit": mg["validator_permit"][i], "last_update": mg["blocks_since_update"][i],
                         "axon": f"{axon['ip']}:{axon['port']}" if axon and axon["port"] else None,
                         "hotkey_ss58": h["ss58_address"]})
        info = names.get(netuid, {})
        subnets.append({"netuid": netuid, "tempo": tempo, "neurons": real, "name": info.get("name") or "",
                        "symbol": info.get("symbol") or ""})
    return subnets


def _sort(subnets: list[dict], sort_by: str | None, sort_order: str | None) -> None:
    """Sort each subnet's neurons by a column (numbers as numbers, null first), as the real btcli."""
    if sort_order is not None and sort_order.lower() not in DESCENDING | ASCENDING:
        raise typer.BadParameter(f"--sort-order {sort_order!r}: use ascending/asc or descending/desc/reverse")
    if sort_by is None:
        return
    field = COLUMNS.get(sort_by.lower().strip())
    if field is None:
        raise typer.BadParameter(f"--sort-by {sort_by!r}: use one of {', '.join(COLUMNS)}")
    descending = (sort_order or "").lower() in DESCENDING

    def key(row: dict) -> tuple:
        value = row[field]
        return (value is not None, value if isinstance(value, (int, float)) else 0, str(value))
    for s in subnets:
        s["neurons"].sort(key=key, reverse=descending)


def _chosen(hotkeys: list[dict], include: list[str], exclude: list[str]) -> list[dict]:
    def matches(h: dict, items: list[str]) -> bool:
        return h["name"] in items or (h["ss58_address"] is not None and h["ss58_address"] in items)
    if include:
        return [h for h in hotkeys if matches(h, include)]
    return [h for h in hotkeys if not matches(h, exclude)]


@app.command("overview")
def overview(wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
             all_wallets: AllWallets = False, sort_by: SortBy = None, sort_order: SortOrder = None,
             include_hotkeys: IncludeHotkeys = None, exclude_hotkeys: ExcludeHotkeys = None, netuids: Netuids = None,
             network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """The wallet at a glance: coldkey balance, stake value, and each hotkey's subnets, stake and neurons.

    Example: btcli wallet overview --all --netuids 1 --sort-by emission --sort-order desc
    """
    from btcli import config
    from btcli.errors import CliError
    from client.balance import Balance
    from client.staking import stake_info
    from wallet.errors import KeyfileError
    from wallet.wallet import Wallet, list_wallets

    output.configure(json_output, quiet)
    include, exclude = split_list(include_hotkeys), split_list(exclude_hotkeys)
    if include and exclude:
        raise typer.BadParameter("--include-hotkeys or --exclude-hotkeys, not both")
    only = parse_netuids(netuids)
    _sort([], sort_by, sort_order)  # bad sort options fail before anything is read
    if all_wallets:
        path = wallet_path or config.get("wallet_path")
        wallets = [Wallet(name=s.name, path=path) for s in list_wallets(path) if s.coldkey_ss58]
        if not wallets:
            raise CliError(f"no wallet with a coldkey under {path}: create one (`btcli wallet create`)")
    else:
        wallets = [resolve_wallet(wallet_name, wallet_path, hotkey)]
    hotkeys: list[dict[str, Any]] = []
    coldkeys: dict[str, str] = {}
    for w in wallets:
        coldkeys[w.name] = w.coldkeypub().ss58_address
        for name in w.hotkey_names():
            try:
                address = w.hotkeypub(name).ss58_address
            except KeyfileError:
                address = None
            hotkeys.append({"wallet": w.name, "name": name, "ss58_address": address, "netuids": [], "stake": 0.0,
                            "neurons": []})
    hotkeys = _chosen(hotkeys, include, exclude)
    if not hotkeys:
        raise CliError("no hotkeys to show: the wallet has none, or --include-hotkeys / --exclude-hotkeys left none")
    with connect(network) as rpc:
        accounts = dict(zip(coldkeys, rpc.accounts(list(coldkeys.values()))))
        head = rpc.call("chain_getHeader")
        stakes = stake_info(rpc, list(dict.fromkeys(coldkeys.values())))
        owners = rpc.batch([("taonet_hotkeyOwner", [h["ss58_address"]]) for h in hotkeys if h["ss58_address"]])
        by_address = {o["hotkey"]: o for o in owners if isinstance(o, dict)}
        for h in hotkeys:
            found = by_address.get(h["ss58_address"])
            h["netuids"] = [n for n in (found["netuids"] if found else []) if not only or n in only]
        subnets = _neurons(rpc, hotkeys, sorted({n for h in hotkeys for n in h["netuids"]}))
        label = rpc.label
    _sort(subnets, sort_by, sort_order)
    for h in hotkeys:
        h["stake"] = sum(s["tao_value"] for s in stakes["stakes"]
                         if s["hotkey"] == h["ss58_address"] and s["coldkey"] == coldkeys[h["wallet"]]) / RAO_PER_TAO
    rows = [{"wallet": name, "coldkey": ck, "free": accounts[name].free.tao_float(),
             "staked": stakes["totals"].get(ck, 0) / RAO_PER_TAO} for name, ck in coldkeys.items()]
    free = sum((a.free for a in accounts.values()), Balance.from_rao(0))
    staked = Balance.from_rao(sum(stakes["totals"].get(ck, 0) for ck in dict.fromkeys(coldkeys.values())))
    one = wallets[0] if not all_wallets else None
    output.emit({"wallet": one.name if one else "All", "network": label, "total_balance": free.tao_float(),
                 "coldkey": coldkeys[one.name] if one else None, "free": free.tao_float(), "staked": staked.tao_float(),
                 "total": (free + staked).tao_float(), "nonce": accounts[one.name].nonce if one else None,
                 "block": head["number"], "coldkeys": rows, "hotkeys": hotkeys, "stakes": stakes["stakes"],
                 "subnets": subnets}, _render)

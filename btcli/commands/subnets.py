"""`btcli subnets list | show | price | hyperparameters | burn-cost | create | start | register`
(identities, symbols and check-start: subnets_identity.py)."""
from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, require_funds, submit, tao, unlock
from btcli.options import (
    Hotkey, JsonOutput, Netuid, Netuids, Network, NoPrompt, Quiet, Tolerance, UseKeyring, WalletName, WalletPath,
    parse_netuids, refuses, resolve_wallet,
)
from client.balance import RAO_PER_TAO as RAO

# `subnets create`'s identity flags (the real btcli's spellings): one register_network_with_identity
GithubRepo = Annotated[str, typer.Option("--github-repo", "--repo", help="GitHub repository URL, at most 1024 bytes.")]
Contact = Annotated[str, typer.Option("--subnet-contact", "--contact", "--email", help="Contact, at most 1024 bytes.")]
SubnetUrl = Annotated[str, typer.Option("--subnet-url", "--url", help="Subnet URL, at most 1024 bytes.")]
Discord = Annotated[str, typer.Option("--discord-handle", "--discord", help="Discord handle, at most 256 bytes.")]
Description = Annotated[str, typer.Option("--description", help="Description, at most 1024 bytes.")]
LogoUrl = Annotated[str, typer.Option("--logo-url", help="Logo URL, at most 1024 bytes.")]
Additional = Annotated[str, typer.Option("--additional-info", help="Additional information, at most 1024 bytes.")]

app = typer.Typer(no_args_is_help=True, help="Subnets: list, inspect, prices, costs; create, start, register neurons.")


def _need_netuid(netuid: int | None) -> int:
    if netuid is None:
        raise typer.BadParameter("pass --netuid")
    return netuid


def _summary_row(s: dict) -> list:
    epoch = "-" if s["blocks_until_next_epoch"] is None else s["blocks_until_next_epoch"]
    share = "-" if s["emission_share"] is None else f"{s['emission_share'] * 100:.2f}%"  # None: not on a subtensor node
    price = "-" if s["price"] is None else f"{s['price']:.9f}"
    return [s["netuid"], s["name"] or "-", price, f"τ{s['tao_in'] / RAO:,.4f}", f"α{s['alpha_in'] / RAO:,.4f}",
            f"α{s['alpha_out'] / RAO:,.4f}", share, s["tempo"], epoch,
            f"τ{s['burn'] / RAO:.4f}" if s["netuid"] else "-", f"{s['neurons']}/{s['max_allowed_uids']}",
            "yes" if s["started"] else "no"]


def _render_list(console: Any, d: dict) -> None:
    output.table(console, f"Subnets at block #{d['head']} (block emission τ{d['block_emission'] / RAO})",
                 ["netuid", "name", "price τ/α", "TAO in", "alpha in", "alpha out", "emission", "tempo", "next epoch",
                  "burn", "uids", "started"], [_summary_row(s) for s in d["subnets"]],
                 keep=["netuid", "price τ/α", "TAO in", "alpha in", "alpha out", "burn"],
                 optional=["started", "next epoch", "tempo", "uids", "emission", "burn", "alpha out", "name"])


@app.command("list")
def list_subnets(live: Annotated[bool, typer.Option("--live", help="Redraw the table at every new block until Ctrl-C.")] = False,
                 network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Every subnet: reserves, price, emission share, tempo and blocks to the next epoch (one RPC call;
    --live: at every block)."""
    from client import subnets

    output.configure(json_output, quiet)
    if live and (json_output or quiet):
        raise typer.BadParameter("--live draws a table in the terminal: drop --json-output / --quiet")
    with connect(network) as rpc:
        if live:
            from btcli import live as live_view

            live_view.run(rpc, lambda: subnets.subnets(rpc), _render_list, "the subnets")
            return
        output.emit(subnets.subnets(rpc), _render_list)


MG_ROW_KEYS = ("uids", "hotkeys", "coldkeys", "stake", "alpha_stake", "root_stake", "stake_weight", "consensus",
               "incentive", "dividends", "validator_trust", "active", "validator_permit", "emission", "daily_emission",
               "incentive_alpha", "dividends_alpha", "registered_at", "last_update", "blocks_since_update", "immune",
               "recycled", "axons")
SORT_ALIASES = {"uid": "uid", "stake": "stake", "alpha": "alpha_stake", "tao": "root_stake", "root": "root_stake",
                "dividends": "dividends", "incentive": "incentive", "emission": "emission", "consensus": "consensus",
                "vtrust": "validator_trust", "validator_trust": "validator_trust", "trust": "validator_trust",
                "daily": "daily_emission", "daily_emission": "daily_emission", "updated": "blocks_since_update",
                "registered": "registered_at", "hotkey": "hotkey", "coldkey": "coldkey", "active": "active",
                "permit": "validator_permit"}


def metagraph_rows(mg: dict) -> list[dict]:
    """The RPC's columns as one dict per neuron (singular keys: uid, hotkey, coldkey, axon), with
    what the emission really pays (client.subnets.earnings: recycled, earned_emission,
    recycled_emission, daily_earned)."""
    from client.subnets import earnings

    singular = {"uids": "uid", "hotkeys": "hotkey", "coldkeys": "coldkey", "axons": "axon"}
    columns = [(singular.get(k, k), mg[k]) for k in MG_ROW_KEYS if k in mg]
    return [{**{name: values[i] for name, values in columns}, **paid} for i, paid in enumerate(earnings(mg))]


def emission_text(n: dict, unit: str = "") -> str:
    """Alpha per epoch, marked where the chain recycles it (the owner's hotkeys' incentive)."""
    text = _rao(n["emission"], unit, 6)
    if not n.get("recycled_emission"):
        return text
    if not n["earned_emission"]:
        return f"{text} recycled"
    return f"{text} ({unit}{n['recycled_emission'] / RAO:,.6f} recycled)"


def daily_text(n: dict, unit: str = "") -> str:
    """Alpha earned per day: the recycled part is not earned."""
    text = _rao(n.get("daily_earned", n["daily_emission"]), unit)  # a row without the split: all earned
    if not n.get("recycled_emission"):
        return text
    return text + (" (part recycled)" if n["earned_emission"] else " (recycled)")


def _sorted(rows: list[dict], sort: str | None, reverse: bool, limit: int | None) -> list[dict]:
    if sort:
        key = SORT_ALIASES.get(sort.lower())
        if key is None:
            raise typer.BadParameter(f"--sort takes one of {', '.join(sorted(SORT_ALIASES))}")
        descending = key not in ("uid", "hotkey", "coldkey", "blocks_since_update", "registered_at")
        rows = sorted(rows, key=lambda r: (r[key], -r["uid"]) if descending else (r[key], r["uid"]), reverse=descending)
    if reverse:
        rows = rows[::-1]
    return rows[:limit] if limit is not None else rows


def _u16(value: int | None) -> str:
    return "-" if value is None else f"{value / 65535:.4f}"


def _rao(value: int | None, unit: str = "", digits: int = 4) -> str:
    """rao as TAO/α for a table; '-' for what the chain does not keep (None on a subtensor node)."""
    return "-" if value is None else f"{unit}{value / RAO:,.{digits}f}"


def _render_show(console: Any, d: dict) -> None:
    s = d["subnet"]
    _render_list(console, {"head": d["head"], "block_emission": d["block_emission"], "subnets": [s]})
    p = s["pending"]
    console.print(f"Owner {s['owner_coldkey']} (hotkey {s['owner_hotkey']}); pending emission until the epoch: "
                  f"server {_rao(p['server'], 'α')}, validator {_rao(p['validator'], 'α')}, root {_rao(p['root'], 'α')}, "
                  f"owner {_rao(p['owner'], 'α')}; volume {_rao(s['subnet_volume'], 'τ')}")
    rows = [[n["uid"], _rao(n["stake"]), _rao(n["alpha_stake"]), _rao(n["root_stake"]),
             _u16(n["dividends"]), _u16(n["incentive"]), emission_text(n), daily_text(n),
             _u16(n["consensus"]), _u16(n["validator_trust"]), "*" if n["validator_permit"] else "",
             "-" if n["blocks_since_update"] is None else n["blocks_since_update"], "yes" if n["active"] else "no",
             "*" if n["immune"] else "",
             f"{n['axon']['ip']}:{n['axon']['port']}" if n["axon"] else "-", n["hotkey"], n["coldkey"]]
            for n in d["neurons"]]
    output.table(console, f"Metagraph of subnet {s['netuid']} at block #{d['head']} ({len(rows)} of {d['n']} uids; "
                          "* permit / immune; proportions of 1; the incentive of the owner's hotkeys is recycled)",
                 ["UID", "stake α", "alpha", "tao (root)", "dividends", "incentive", "emission α/epoch", "earned α/day",
                  "consensus", "vtrust", "vpermit", "updated", "active", "immune", "axon", "hotkey", "coldkey"], rows,
                 keep=["UID", "stake α", "emission α/epoch", "earned α/day", "hotkey", "coldkey"],
                 optional=["tao (root)", "alpha", "consensus", "vtrust", "updated", "active", "immune", "axon", "earned α/day",
                           "vpermit", "incentive", "dividends", "coldkey", "emission α/epoch"])


Sort = Annotated[Optional[str], typer.Option("--sort", help="Sort by a column: uid, stake, alpha, tao, dividends, incentive, emission, consensus, vtrust, daily, updated, registered, hotkey, coldkey.")]
Reverse = Annotated[bool, typer.Option("--reverse", help="Reverse the order.")]
Limit = Annotated[Optional[int], typer.Option("--limit", help="Show at most this many neurons.")]


MechId = Annotated[int, typer.Option("--mechid", "--mech-id", "--mech_id", "--mechanism_id", "--mechanism-id",
                                     help="The mechanism (0 = the main one): its incentive and last weights; stake, dividends and the rest are the subnet's.")]


@app.command("show")
def show(netuid: Netuid = None, sort: Sort = None, reverse: Reverse = False, limit: Limit = None, mechid: MechId = 0,
         network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """A subnet's metagraph: pool, pending emission and every neuron's stake and epoch outputs (one RPC call). Alias: metagraph."""
    from client import subnets

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    with connect(network) as rpc:
        mg = subnets.metagraph(rpc, n)
        if mechid:
            _mechanism_columns(rpc, mg, n, mechid)
    rows = _sorted(metagraph_rows(mg), sort, reverse, limit)
    output.emit({"head": mg["head"], "block_emission": mg["block_emission"], "n": mg["n"], "subnet": mg["pool"],
                 "hyperparameters": mg["hyperparameters"], "neurons": rows}, _render_show)


def _mechanism_columns(rpc: Any, mg: dict, netuid: int, mecid: int) -> None:
    """Put mechanism `mecid`'s incentive and last updates in the metagraph's columns (the chain's
    mechagraph: everything else is shared by the subnet's mechanisms)."""
    from client.mechanisms import mechanisms

    mech = mechanisms(rpc, netuid, mecid)["mechanism"]
    n = len(mg["uids"])
    mg["incentive"] = (mech["incentive"] + [0] * n)[:n]
    mg["last_update"] = (mech["last_update"] + [0] * n)[:n]
    mg["blocks_since_update"] = [mg["head"] - b for b in mg["last_update"]]
    mg["mechid"] = mecid


app.command("metagraph", help="A subnet's metagraph (alias of show): stake, epoch outputs, axons; --sort, --limit.")(show)


@app.command("price")
@refuses((["--html"], "taonet draws no HTML charts: the prices as text and a terminal chart, or --json-output", False))
def price(netuids: Netuids = None,
          all_netuids: Annotated[bool, typer.Option("--all-netuids", "--all", help="Every subnet (also the default without --netuid).")] = False,
          interval_hours: Annotated[float | None, typer.Option(
              "--interval-hours", "--interval", min=0.0001,
              help="Hours of price history (the real btcli's default is 4): stats and a chart from the taonet node's "
                   "per-block samples; without it (or with --current) the current prices.")] = None,
          log_scale: Annotated[bool, typer.Option("--log-scale", "--log", help="A log10 price axis for the chart (implies --interval-hours 4).")] = False,
          current: Annotated[bool, typer.Option("--current", help="The current prices only, no history (wins over --interval-hours).")] = False,
          network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Current spot and EMA prices of subnets (all when no --netuid), with their reserves; with --interval-hours
    or --log-scale the price history: current, high, low and change over the window and a chart."""
    from client import subnets

    output.configure(json_output, quiet)
    chosen = [] if all_netuids else parse_netuids(netuids)
    if not current and (interval_hours is not None or log_scale):
        return _price_history(chosen, 4.0 if interval_hours is None else interval_hours, log_scale, network)
    with connect(network) as rpc:
        data = subnets.subnets(rpc)
    rows = [{"netuid": s["netuid"], "name": s["name"], "price": s["price"], "ema_price": s["ema_price"], "tao_in": s["tao_in"],
             "alpha_in": s["alpha_in"], "quote_weight": s["quote_weight"], "subnet_volume": s["subnet_volume"]}
            for s in data["subnets"] if (not chosen and s["netuid"]) or s["netuid"] in chosen]
    output.emit({"head": data["head"], "prices": rows}, lambda c, d: output.table(
        c, f"Prices at block #{d['head']}", ["netuid", "name", "price τ/α", "EMA price", "TAO in", "alpha in", "volume"],
        [[r["netuid"], r["name"] or "-", f"{r['price']:.9f}", f"{r['ema_price']:.9f}", f"τ{r['tao_in'] / RAO:,.4f}",
          f"α{r['alpha_in'] / RAO:,.4f}", f"τ{r['subnet_volume'] / RAO:,.4f}"] for r in d["prices"]]))


def _price_history(chosen: list[int], hours: float, log_scale: bool, network: str | None) -> None:
    """`subnets price --interval-hours`: client.price_history read, btcli.price_chart drawn."""
    from btcli import price_chart
    from client import price_history

    with connect(network) as rpc, output.status("Reading the price history…"):
        data = price_history.history(rpc, chosen, hours)
    for n in data["short"]:
        output.warn(f"Insufficient price data for subnet {n}: fewer than {price_history.MIN_POINTS} samples in the "
                    "window (this node records one a block since it started)")
    if not data["subnets"]:
        raise typer.BadParameter("no valid price data for any subnet asked: wait a few blocks or widen --interval-hours")
    output.emit(price_chart.json_document(data, hours), lambda c, d: price_chart.render(c, data, hours, log_scale))


def _value_range(h: dict) -> str:
    """A hyperparameter's allowed values: "true/false" for a boolean, else "[min, max]" (∞ when unbounded)."""
    if h["type"] == "bool":
        return "true/false"
    return f"[{'-∞' if h['min'] is None else h['min']}, {'∞' if h['max'] is None else h['max']}]"


def render_hyperparameters(console: Any, d: dict) -> None:
    rows = [[h["name"], h["value"], h["type"], _value_range(h),
             "owner" if h["owner_settable"] else ("sudo" if h["settable"] else "-")] for h in d["hyperparameters"]]
    output.table(console, f"Hyperparameters of subnet {d['netuid']}", ["name", "value", "type", "range", "set by"], rows)


@app.command("hyperparameters")
def hyperparameters(netuid: Netuid = None, network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Every hyperparameter of a subnet, its range and who may set it (what `sudo get` shows, as in the real btcli)."""
    from btcli.commands.sudo_params import normalized
    from client import subnets

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    with connect(network) as rpc:
        data = subnets.hyperparameters(rpc, n)
    for row in data["hyperparameters"]:
        row["normalized_value"] = normalized(row["name"], row["raw"])
    output.emit(data, render_hyperparameters)


@app.command("burn-cost")
def burn_cost(netuid: Netuid = None, network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Neuron registration burn of one subnet or all of them (one call), and the lock cost of a new subnet."""
    from client import subnets

    output.configure(json_output, quiet)
    with connect(network) as rpc:
        data: dict[str, Any] = dict(subnets.burn_cost(rpc, netuid))
    lock = int(data["lock_cost"])  # burn_cost ({rao, tao}: the lock cost of a new subnet) and error: the real btcli's keys
    data.update(burn_cost={"rao": lock, "tao": lock / RAO}, error="")
    output.emit(data, _render_burn_cost)


def _render_burn_cost(c: Any, d: dict[str, Any]) -> None:
    output.table(c, f"Registration burn at block #{d['head']}", ["netuid", "burn", "next block", "min", "max", "uids", "open"],
                 [[r["netuid"], f"τ{r['burn'] / RAO:.9f}", f"τ{r['next_block_burn'] / RAO:.9f}", f"τ{r['min_burn'] / RAO}",
                   f"τ{r['max_burn'] / RAO}", f"{r['neurons']}/{r['max_allowed_uids']}",
                   "yes" if r["registration_allowed"] else "no"] for r in d["subnets"]])
    c.print(f"Creating a subnet locks τ{d['lock_cost'] / RAO:,.9f} now.")


def _done(action: str, res: dict, extra: dict) -> None:
    from btcli.errors import CliError

    if not res["success"]:
        raise CliError(f"{res.get('message')} ({res.get('error')}; the fee was paid)")
    output.emit({"success": True, "action": action, "extrinsic_identifier": output.extrinsic_identifier(res),
                 "block_number": res["block_number"], "hash": res["hash"], **extra},
                lambda c, d: c.print(f"[green]{action}[/] in block #{d['block_number']}: " +
                                     ", ".join(f"{k} {v}" for k, v in extra.items() if k not in ("msg", "identity"))))


@app.command("create")
def create(wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
           subnet_name: Annotated[str, typer.Option("--subnet-name", help="A name for the subnet, at most 256 bytes.")] = "",
           github_repo: GithubRepo = "", subnet_contact: Contact = "", subnet_url: SubnetUrl = "", discord: Discord = "",
           description: Description = "", logo_url: LogoUrl = "", additional: Additional = "",
           symbol: Annotated[str, typer.Option("--symbol", help="A short token symbol.")] = "",
           network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
           json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Create a subnet owned by the wallet's coldkey and hotkey; the lock cost goes into its pool.
    With a name or any identity flag the subnet gets its identity in the same extrinsic
    (register_network_with_identity, checked against the chain's byte limits before signing).

    JSON: {success, action, extrinsic_identifier, block_number, hash, netuid, lock, owner_hotkey,
    identity (the subnet's identity now on chain, or null)}.

    Example: btcli subnets create --wallet-name alice --hotkey owner --subnet-name mynet --github-repo https://github.com/me/sn
    """
    from client import identity as ident
    from client import preflight, subnets

    output.configure(json_output, quiet)
    given = {"subnet_name": subnet_name, "github_repo": github_repo, "subnet_contact": subnet_contact,
             "subnet_url": subnet_url, "discord": discord, "description": description, "logo_url": logo_url,
             "additional": additional}
    preflight.refuse(ident.subnet_identity_invalid(given))
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    hk, coldkey = w.hotkeypub().ss58_address, w.coldkeypub().ss58_address
    if any(given.values()):
        call, args = "subtensor.register_network_with_identity", {"hotkey": hk, "symbol": symbol, **given}
    else:
        call, args = "subtensor.register_network", {"hotkey": hk, "subnet_name": subnet_name, "symbol": symbol}
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)

        def quote() -> int:
            lock = subnets.lock_cost(rpc)
            preflight.refuse(preflight.create_blocked(lock),
                             preflight.hotkey_elsewhere(subnets.hotkey_owner(rpc, hk), coldkey))
            require_funds(rpc, coldkey, call, args, lock["lock_cost"], f"lock τ{lock['lock_cost'] / RAO:,.9f} for a new subnet")
            return lock["lock_cost"]

        confirm_fresh(quote, lambda cost: output.info(
            f"Creating a subnet locks about τ{cost / RAO:,.9f} (it decays each block and doubles on each creation)."),
            "Create the subnet?", no_prompt, lambda old, new: new > old)
        res = submit(rpc, pair, call, args)
        ev: dict[str, Any] = next((e["data"] for e in res["events"] if e["name"] == "subtensor.NetworkAdded"), {})
        locked = ev.get("lock")
        if locked is None and ev.get("netuid") is not None:  # the real NetworkAdded names no lock: the subnet keeps it
            locked = subnets.subnet_info(rpc, ev["netuid"]).get("lock_paid")
        stored = ident.subnet_identity(rpc, ev["netuid"])["identity"] if ev.get("netuid") is not None else None
    _done("Subnet created", res, {"netuid": ev.get("netuid"), "lock": tao(locked), "owner_hotkey": hk, "identity": stored})


@app.command("start")
def start(netuid: Netuid = None, wallet_name: WalletName = None, wallet_path: WalletPath = None, network: Network = None,
          use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False,
          quiet: Quiet = False) -> None:
    """Start a subnet's emission (and staking on it): the owner's start_call."""
    from client import identity, preflight, subnets

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    call, args = "subtensor.start_call", {"netuid": n}
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)

        def quote() -> None:
            summaries = subnets.subnets(rpc)["subnets"]
            preflight.refuse(preflight.subnet_missing(summaries, n))
            preflight.refuse(preflight.start_blocked(next(s for s in summaries if s["netuid"] == n), coldkey))
            preflight.refuse(identity.start_wait(identity.start_schedule(rpc, n)))
            require_funds(rpc, coldkey, call, args, 0, f"start subnet {n}")

        confirm_fresh(quote, lambda _: None, f"Start subnet {n}'s emission?", no_prompt, lambda old, new: False)
        res = submit(rpc, pair, call, args)
    _done("Subnet started", res, {"netuid": n})


@app.command("register")
def register(netuid: Netuid = None, wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
             max_burn: Annotated[Optional[str], typer.Option("--max-burn", help="Refuse if the burn is above this many TAO.")] = None,
             safe_register: Annotated[bool, typer.Option("--safe-register/--no-safe-register", "--safe/--unsafe", " /--unsafe-register", help="Refuse if the burn rises by more than --tolerance before inclusion.")] = True,
             tolerance: Tolerance = None, network: Network = None, use_keyring: UseKeyring = None,
             no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Register the wallet's hotkey on a subnet by burning the current registration cost.

    Example: btcli subnets register --netuid 2 --wallet-name alice --hotkey miner1
    """
    from btcli.options import safe_settings
    from client import preflight, subnets
    from client.balance import Balance

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    _, tol, _ = safe_settings(None, tolerance, None)
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    hk, coldkey = w.hotkeypub().ss58_address, w.coldkeypub().ss58_address
    fixed = Balance.from_tao(max_burn).rao if max_burn else None
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)  # before the burn is quoted: the limit comes from the quote

        def quote() -> dict:
            summaries = subnets.subnets(rpc)["subnets"]
            preflight.refuse(preflight.subnet_missing(summaries, n))
            started = next(s["started"] for s in summaries if s["netuid"] == n)
            priced = subnets.burn_cost(rpc, n)
            row = priced["subnets"][0]
            burn = row["next_block_burn"]
            limit = fixed if fixed is not None else (int(burn * (1 + tol)) + 1 if safe_register else 0)
            args = {"netuid": n, "hotkey": hk, "max_burn": limit}
            preflight.refuse(preflight.register_blocked(row, subnets.hotkey_owner(rpc, hk), coldkey, limit))
            if row["neurons"] >= row["max_allowed_uids"]:
                preflight.refuse(preflight.no_uid_to_take(subnets.metagraph(rpc, n), priced["head"] + 1))
            require_funds(rpc, coldkey, "subtensor.burned_register", args, burn,
                          f"register on subnet {n} (burn τ{burn / RAO:,.9f})")
            return {"burn": burn, "limit": limit, "args": args, "started": started}

        q = confirm_fresh(quote, lambda q: output.info(
            f"Registering {hk} on subnet {n} burns about τ{q['burn'] / RAO:.9f}"
            + (f" (at most τ{q['limit'] / RAO:.9f})" if q["limit"] else "")
            + ("" if q["started"] else f"; subnet {n} has not started: no emission until its owner runs "
                                       f"`btcli subnets start --netuid {n}`")),
            "Register?", no_prompt, lambda old, new: new["burn"] > (old["limit"] or old["burn"]))
        before = rpc.account(coldkey).free.rao
        res = submit(rpc, pair, "subtensor.burned_register", q["args"])
        ev: dict[str, Any] = next((e["data"] for e in res["events"] if e["name"] == "subtensor.NeuronRegistered"), {})
        burned = ev.get("burn")
        fee = next((e["data"].get("actual_fee") for e in res["events"]
                    if e["name"] == "transaction_payment.TransactionFeePaid"), None)
        if burned is None and res["success"] and fee is not None:  # the real event names no burn: what left the coldkey
            burned = before - rpc.account(coldkey).free.rao - fee
    _done("Registered", res, {"msg": f"registered {hk} on subnet {n} as uid {ev.get('uid')}",  # the real btcli's key
                              "netuid": n, "uid": ev.get("uid"), "hotkey": hk, "burn": tao(burned)})


@app.command("scaffold")
def scaffold(name: Annotated[str, typer.Argument(help="The subnet's name: a lowercase Python identifier.")],
             directory: Annotated[str, typer.Option("--dir", help="Where to create the subnet's folder.")] = ".",
             force: Annotated[bool, typer.Option("--force", help="Overwrite the files if they exist.")] = False,
             json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Write a one-module subnet skeleton (NAME/NAME.py and a pyproject.toml with the entry point)."""
    from subnets.scaffold import scaffold as write

    output.configure(json_output, quiet)
    output.emit(write(name, directory, force), lambda c, d: c.print(
        f"Wrote {d['module']} and {d['pyproject']}.\nRun it: {d['run_without_install']}\n"
        f"or `{d['install']}`, then {d['run']}"))

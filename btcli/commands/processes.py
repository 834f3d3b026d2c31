"""What `btcli miner` and `btcli validator` share: one command group per role, built by `group(role)`.

start | stop | list | logs [--follow] talk to the node that hosts the processes, with the admin token
read from the node's data dir (found like `btcli node` finds it) or TAONET_ADMIN_TOKEN.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.options import Hotkey, JsonOutput, Netuid, Network, NoPrompt, Quiet, WalletName, WalletPath, resolve_wallet

DataDir = Annotated[Optional[str], typer.Option("--data-dir", "-d", help="The hosting node's folder (default: the dev node's, ~/.bittensor/taonet/taonet-dev, or the localnet's when only it runs).")]
Name = Annotated[Optional[str], typer.Option("--process-name", "--process", help="The process name (default: <role>-<netuid>-<wallet>-<hotkey>).")]
Subnet = Annotated[str, typer.Option("--subnet", help="The subnet: a name (template, or a package's), a module, or a .py file.")]
Port = Annotated[Optional[int], typer.Option("--port", help="The axon's port (miners; default: any free port).")]
Options = Annotated[Optional[list[str]], typer.Option("--option", "-o", help="A subnet option key=value (repeat), e.g. bad=true.")]
Lines = Annotated[int, typer.Option("--lines", "-n", help="Lines to show.")]
Follow = Annotated[bool, typer.Option("--follow", "-f", help="Keep printing new lines (Ctrl-C to stop).")]
Remove = Annotated[bool, typer.Option("--remove", help="Also forget the process (it no longer shows in list).")]
FundHotkey = Annotated[Optional[str], typer.Option("--fund-hotkey", metavar="TAO", help="First send this much TAO from the wallet's coldkey to the hotkey (a new hotkey holds τ0; publishing a miner's axon, serve_axon, is free and needs none).")]


def hosting_dir(data_dir: str | None) -> Path:
    """The hosting node's folder: --data-dir, else the dev node's, else the localnet's if only it runs."""
    from btcli.commands.node import _data_dir
    from btcli.localnet import DEFAULT_DATA_DIR
    from node.paths import running_pid

    folder = _data_dir(data_dir)
    if data_dir is None and running_pid(folder) is None:
        localnet = Path(DEFAULT_DATA_DIR).expanduser()
        if running_pid(localnet) is not None:
            return localnet
    return folder


def connect_admin(data_dir: str | None, network: str | None) -> tuple[Any, str]:
    """(client, admin token) for the node that owns `data_dir`."""
    from btcli import config
    from client.backend import HOSTING, require
    from client.hosting import admin_token
    from client.network import connect
    from node.paths import node_info

    folder = hosting_dir(data_dir)
    info = node_info(folder) or {}
    url = network or info.get("rpc_url") or config.get("network")
    backend = connect(url)
    try:   # a subtensor endpoint hosts nothing: say so before looking for a taonet node's admin token
        require(backend, HOSTING, "hosting miners and validators (btcli miner, validator, processes)")
    except BaseException:
        backend.close()
        raise
    return backend, admin_token(folder)


def _subnet_arg(subnet: str) -> str:
    from btcli.errors import CliError
    from subnets.registry import known

    if subnet.endswith(".py"):
        path = Path(subnet).expanduser().resolve()
        if not path.is_file():
            raise CliError(f"no subnet file at {path}")
        return str(path)
    if "." not in subnet and subnet not in known():
        raise CliError(f"unknown subnet {subnet!r}; known subnets: {', '.join(known())} "
                       "(a package adds one through the 'taonet.subnets' entry point group)")
    return subnet


def default_name(role: str, netuid: int, wallet: str, hotkey: str) -> str:
    return f"{role}-{netuid}-{wallet}-{hotkey}"


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = int(seconds)
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


def _round(p: dict) -> str:
    last = (p.get("report") or {}).get("last_round") or {}
    if not last:
        return "-"
    latency = last.get("mean_latency_s")
    return f"{last.get('answered')}/{last.get('queried')}" + (f" {latency * 1000:.0f} ms" if latency is not None else "")


def _scores(p: dict) -> str:
    """Latest score per miner uid: bits per character when the subnet reports it, else the average."""
    report = p.get("report") or {}
    per_uid = report.get("bpc") or report.get("scores") or {}
    unit = " bpc" if report.get("bpc") else ""
    return " ".join(f"{uid}:{value:.2f}" for uid, value in sorted(per_uid.items(), key=lambda kv: int(kv[0]))
                    if isinstance(value, (int, float))) + unit if per_uid else "-"


def notes(processes: list[dict]) -> list[tuple[str, str]]:
    """What keeps each running process from doing its job, from its own report (one line each)."""
    out = []
    for p in processes:
        report = p.get("report") or {}
        if p["state"] != "running" or report.get("stopped"):
            continue
        if report.get("publish_error"):
            out.append((p["name"], f"axon not published: {report['publish_error']}"))
        note = (report.get("last_round") or {}).get("note")
        for text in (note, report.get("weights_note"), report.get("sync_error")):
            if text:
                out.append((p["name"], text))
    return out


def render_list(console: Any, d: dict) -> None:
    from rich.markup import escape

    rows = []
    for p in d["processes"]:
        report = p.get("report") or {}
        row = [p["name"], p["state"], p["pid"] or "-", _age(p.get("uptime_s")), p["restarts"],
               report.get("axon_port") or p.get("port") or "-"]
        if d["role"] == "validator":
            row += [report.get("last_weights_block") or "-", _round(p), _scores(p)]
        rows.append(row)
    columns = ["name", "state", "pid", "uptime", "restarts", "port"]
    if d["role"] == "validator":
        columns += ["weights at", "last round", "scores by uid"]
    output.table(console, f"Hosted {d['role']}s at block #{d['head']}", columns, rows)
    for name, note in notes(d["processes"]):
        console.print(f"[yellow]{name}[/]: {escape(note)}")
    for p in d["processes"]:
        if p["state"] == "crashloop":
            console.print(f"[red]{p['name']} is in a crash loop[/] (last exit status {p['last_exit_code']}): "
                          f"see `btcli {d['role']} logs --process-name {p['name']}`, then start it again")


def fund_hotkey(rpc: Any, w: Any, amount: str, no_prompt: bool) -> None:
    """Send `amount` TAO from the wallet's coldkey to its hotkey, checked before anything is signed."""
    from btcli.commands.wallet import password_source
    from btcli.errors import CliError
    from client.balance import Balance

    value = Balance.from_tao(amount)
    if value.rao <= 0:
        raise CliError("--fund-hotkey takes a positive amount of TAO, e.g. --fund-hotkey 0.1")
    source, dest = w.coldkeypub().ss58_address, w.hotkeypub().ss58_address
    pair = w.coldkey(password_source())  # unlocked first: the rest goes through at once
    args = {"dest": dest, "value": value.rao}
    fee = rpc.estimate_fee(source, "balances.transfer_keep_alive", args)
    free = rpc.account(source).free
    if free.rao < value.rao + fee.rao:
        raise CliError(f"the coldkey of wallet '{w.name}' ({source}) has {free} on {rpc.url}: it cannot send {value} "
                       f"and pay the fee {fee}; nothing was sent")
    if not output.confirm(f"Send {value} from wallet '{w.name}' to its hotkey {dest} (fee {fee})?", no_prompt):
        raise CliError("nothing was sent")
    outcome = rpc.submit_and_wait(rpc.sign(pair, "balances.transfer_keep_alive", args))
    output.info(f"Sent {value} to hotkey {dest} in block #{outcome.get('block_number')}.")


def render_one(console: Any, p: dict) -> None:
    verb = "already running" if p.get("already_running") else p["state"]
    console.print(f"[bold]{p['name']}[/] {verb}" + (f" (pid {p['pid']})" if p.get("pid") else "") +
                  f"; logs: {p['log']}")


def group(role: str) -> typer.Typer:
    """The `btcli <role>` command group."""
    app = typer.Typer(no_args_is_help=True, help=f"Run {role}s on the local node: start, stop, list, logs.")

    @app.command("start")
    def start(netuid: Netuid = None, wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
              subnet: Subnet = "template", port: Port = None, option: Options = None, name: Name = None,
              fund: FundHotkey = None, data_dir: DataDir = None, network: Network = None, no_prompt: NoPrompt = False,
              json_output: JsonOutput = False, quiet: Quiet = False) -> None:
        """Start a hosted process on the node (it restarts it on a crash and when the node restarts).
        A miner publishes its axon itself, signed by its hotkey (serve_axon is free, so a hotkey holding
        τ0 can); `--fund-hotkey 0.1` sends the hotkey TAO first."""
        from btcli.errors import CliError
        from client import hosting
        from client.errors import ClientError
        from subnets.registry import load
        from subnets.run import parse_options

        output.configure(json_output, quiet)
        if netuid is None:
            raise typer.BadParameter("pass --netuid")
        w = resolve_wallet(wallet_name, wallet_path, hotkey)
        w.hotkeypub()  # a clear error now when the hotkey does not exist
        subnet = _subnet_arg(subnet)
        missing = load(subnet).neuron_class(role).missing_requirements()
        if missing:  # refused here rather than a crash loop on the node
            raise CliError(f"subnet {subnet!r} cannot run a {role} here: {missing}")
        spec = hosting.process_spec(role, netuid, w.name, w.hotkey_name, w.path, subnet, port,
                                    parse_options(option or []), name)
        rpc, token = connect_admin(data_dir, network)
        with rpc:
            if fund:
                fund_hotkey(rpc, w, fund, no_prompt)
            result = hosting.start(rpc, token, spec)
            if role == "miner":
                try:
                    shortfall = hosting.serve_axon_shortfall(rpc, netuid, w.hotkeypub().ss58_address)
                except ClientError:  # a hint only: the miner itself reports it too
                    shortfall = None
                if shortfall:
                    output.warn(shortfall)
        output.emit(result, render_one)

    def process_name(name: str | None, netuid: int | None, wallet_name: str | None, hotkey: str | None) -> str:
        """--process-name, or the default name of this role for --netuid and the wallet's hotkey."""
        if name is not None:
            return name
        if netuid is None:
            raise typer.BadParameter("pass --process-name, or --netuid (with --wallet-name and --hotkey)")
        w = resolve_wallet(wallet_name, None, hotkey)
        return default_name(role, netuid, w.name, w.hotkey_name)

    @app.command("stop")
    def stop(name: Name = None, netuid: Netuid = None, wallet_name: WalletName = None, hotkey: Hotkey = None,
             remove: Remove = False, data_dir: DataDir = None, network: Network = None, json_output: JsonOutput = False,
             quiet: Quiet = False) -> None:
        """Stop a hosted process (SIGTERM, then SIGKILL after 10 s); by --process-name, or --netuid with the wallet."""
        from client import hosting

        output.configure(json_output, quiet)
        name = process_name(name, netuid, wallet_name, hotkey)
        rpc, token = connect_admin(data_dir, network)
        with rpc:
            result = hosting.stop(rpc, token, name, remove)
        output.emit(result, lambda c, d: c.print(f"[bold]{d['name']}[/] stopped" + (", killed" if d["killed"] else "") +
                                                 (", removed" if d["removed"] else "") + "."))

    @app.command("list")
    def list_processes(data_dir: DataDir = None, network: Network = None, json_output: JsonOutput = False,
                       quiet: Quiet = False) -> None:
        """Hosted processes of this role: state, pid, uptime, restarts, port, last weights block, last round."""
        from client import hosting

        output.configure(json_output, quiet)
        rpc, token = connect_admin(data_dir, network)
        with rpc:
            data = hosting.processes(rpc, token)
        mine = [p for p in data["processes"] if p["role"] == role]
        data = {"role": role, "head": data["head"], "processes": mine,
                "notes": [{"name": n, "note": text} for n, text in notes(mine)]}
        output.emit(data, render_list)

    @app.command("logs")
    def logs(name: Name = None, netuid: Netuid = None, wallet_name: WalletName = None, hotkey: Hotkey = None,
             lines: Lines = 50, follow: Follow = False, data_dir: DataDir = None, network: Network = None,
             json_output: JsonOutput = False) -> None:
        """Show a hosted process's log (`--json-output`: the last lines as a JSON list)."""
        import sys
        import time

        from client import hosting
        from client.errors import NodeUnavailable

        output.configure(json_output, False)
        name = process_name(name, netuid, wallet_name, hotkey)
        rpc, token = connect_admin(data_dir, network)
        with rpc:
            tail = hosting.logs(rpc, token, name, lines)
            if json_output:
                output.emit(tail)
                return
            for line in tail["lines"]:
                sys.stdout.write(line + "\n")
            sys.stdout.flush()
            offset = tail["offset"]
            while follow:
                try:
                    more = hosting.logs(rpc, token, name, 0, offset)
                except NodeUnavailable:
                    break
                for line in more["lines"]:
                    sys.stdout.write(line + "\n")
                sys.stdout.flush()
                offset = more["offset"]
                time.sleep(0.3)

    return app

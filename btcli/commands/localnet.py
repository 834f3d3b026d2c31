"""`btcli localnet up|status|down`: a local dev network with a demo subnet, miners and validators."""
from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.options import JsonOutput, NoPrompt, Quiet, WalletPath

app = typer.Typer(no_args_is_help=True, help="A local dev network: node, demo subnet, miners and validators.")

Subnet = Annotated[str, typer.Option("--subnet", help="The subnet to run: template, a name from an installed package, a module or a .py file.")]
Miners = Annotated[int, typer.Option("--miners", min=1, max=64, help="Miners to host.")]
Validators = Annotated[int, typer.Option("--validators", min=1, max=64, help="Validators to host.")]
BlockTime = Annotated[float, typer.Option("--block-time", min=0.05, help="Seconds per block.")]
Tempo = Annotated[int, typer.Option("--tempo", min=1, help="Blocks per epoch on the demo subnet.")]
DataDir = Annotated[Optional[str], typer.Option("--data-dir", "-d", help="The node's folder (default: ~/.bittensor/taonet/localnet).")]
RpcPort = Annotated[int, typer.Option("--rpc-port", help="JSON-RPC port.")]
NoDashboard = Annotated[bool, typer.Option("--no-dashboard", help="Do not open the dashboard (`btcli view`) afterwards; print where to watch instead.")]
CommitReveal = Annotated[bool, typer.Option("--commit-reveal/--no-commit-reveal", help="Commit-reveal weights on the demo subnet.")]


def _plan(subnet: str = "template", miners: int = 3, validators: int = 2, block_time: float = 0.5, tempo: int = 20,
          data_dir: str | None = None, rpc_port: int = 9944, wallet_path: str | None = None, commit_reveal: bool = False):
    from btcli import config
    from btcli.localnet import DEFAULT_DATA_DIR, Plan

    return Plan(subnet, miners, validators, block_time, tempo, data_dir or DEFAULT_DATA_DIR, rpc_port,
                wallet_path or config.get("wallet_path"), commit_reveal)


def _render_up(console: Any, data: dict, stop: str = "btcli localnet down") -> None:
    console.print(f"[bold green]Localnet up[/]: node at {data['rpc_url']} (data in {data['data_dir']}), "
                  f"subnet [bold]{data['netuid']}[/] owned by wallet '{data['wallet']}'; each miner and validator "
                  f"has its own wallet ('{data['wallet']}-miner0', …).")
    for step in data["steps"]:
        console.print(f"  · {step}")
    rows = [[p.get("name"), p.get("role"), p.get("state"), p.get("pid"), p.get("port") or ""] for p in data["processes"]]
    output.table(console, "Hosted processes", ["name", "role", "state", "pid", "port"], rows)
    console.print(f"Watch it: `btcli subnets show --netuid {data['netuid']} --network {data['rpc_url']}`, "
                  f"`btcli validator list --data-dir {data['data_dir']}`. Stop it: `{stop}`.")


@app.command("up")
def up(subnet: Subnet = "template", miners: Miners = 3, validators: Validators = 2, block_time: BlockTime = 0.5,
       tempo: Tempo = 20, data_dir: DataDir = None, rpc_port: RpcPort = 9944, wallet_path: WalletPath = None,
       commit_reveal: CommitReveal = False, no_dashboard: NoDashboard = False,
       json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Start (or complete) a local network: a dev node, a demo subnet, miners (one of them bad) and
    validators hosted by the node, then open the dashboard on it (in a terminal; quitting the
    dashboard leaves the localnet running). Running it again reuses everything that is there and
    finishes what is missing (after a Ctrl-C, say).

    Example: btcli localnet up --miners 3 --validators 2 --block-time 0.5"""
    import sys
    from dataclasses import asdict

    from btcli.localnet import up as bring_up

    output.configure(json_output, quiet)
    plan = _plan(subnet, miners, validators, block_time, tempo, data_dir, rpc_port, wallet_path, commit_reveal)
    with output.status("Bringing the localnet up…"):
        report = bring_up(plan, progress=output.info)
    output.emit(asdict(report), lambda console, data: _render_up(console, data, plan.command("down")))
    if not (no_dashboard or json_output or quiet) and sys.stdin.isatty() and sys.stdout.isatty():
        from btcli.commands.view import run_dashboard

        run_dashboard(report.rpc_url, str(plan.wallet_path), str(plan.folder), report.netuid or 1)


@app.command("status")
def status(data_dir: DataDir = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """The localnet's node, subnets and hosted processes."""
    from btcli.errors import CliError
    from btcli.localnet import status as get_status

    output.configure(json_output, quiet)
    data = get_status(_plan(data_dir=data_dir))

    def render(console: Any, d: dict) -> None:
        console.print(f"Localnet node at {d['rpc_url']} (pid {d['pid']}), data in {d['data_dir']}.")
        for s in d["subnets"]:
            console.print(f"  subnet {s['netuid']} '{s['name']}': {s['neurons']} neurons, price {s['price']:.4f} τ/α, "
                          f"next epoch in {s['blocks_until_next_epoch']} blocks")
        rows = [[p.get("name"), p.get("role"), p.get("state"), p.get("restarts"), p.get("uptime_s")] for p in d["processes"]]
        output.table(console, "Hosted processes", ["name", "role", "state", "restarts", "uptime s"], rows)

    if not data["running"]:
        output.emit(data, lambda c, d: None)
        raise CliError(f"no localnet is running in {data['data_dir']}: start one with `btcli localnet up`")
    output.emit(data, render)


@app.command("down")
def down(data_dir: DataDir = None, purge: Annotated[bool, typer.Option("--purge", help="Also delete the node's data dir.")] = False,
         no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Stop the localnet's node and everything it hosts (`--purge` also deletes its chain)."""
    from btcli.errors import CliError
    from btcli.localnet import down as bring_down

    output.configure(json_output, quiet)
    plan = _plan(data_dir=data_dir)
    if purge and not output.confirm(f"Delete {plan.folder} and its chain?", no_prompt):
        raise CliError("nothing was deleted")
    with output.status("Stopping the localnet…"):
        result = bring_down(plan, purge)
    output.emit(result, lambda c, d: c.print(
        ("Localnet stopped." if d.get("stopped") else "No localnet node was running.") + (" Data deleted." if d["purged"] else "")))

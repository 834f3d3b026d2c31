"""`btcli node`: start, stop, inspect, verify and purge the embedded chain node."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.options import JsonOutput, Network, NoPrompt, Quiet

app = typer.Typer(no_args_is_help=True, help="Run the embedded chain node (a local chain in about a second).")

DataDir = Annotated[Optional[str], typer.Option("--data-dir", "-d", help="The node's folder (default: ~/.bittensor/taonet/<chain>).")]
Dev = Annotated[bool, typer.Option("--dev", help="The dev chain (//Alice … //Ferdie funded, //Alice sudo) with 0.5 s blocks.")]
ChainSpecOpt = Annotated[Optional[str], typer.Option("--chain-spec", "--spec", help="A chain spec JSON file (default: the dev spec).")]
RpcPort = Annotated[int, typer.Option("--rpc-port", help="JSON-RPC port.")]
RpcHost = Annotated[str, typer.Option("--rpc-host", help="Address to listen on; loopback unless you say otherwise.")]
BlockTime = Annotated[Optional[float], typer.Option("--block-time", help="Seconds per block (default: 12, or 0.5 with --dev).")]
Detach = Annotated[bool, typer.Option("--detach", "--background", help="Run in the background (pid file and log in the data dir).")]


def _spec(chain_spec: str | None):
    from node.genesis import load_spec

    return load_spec(chain_spec or "dev")


def _data_dir(data_dir: str | None, chain_spec: str | None = None) -> Path:
    from node.paths import default_data_dir

    if data_dir:
        return Path(data_dir).expanduser()
    return default_data_dir(_spec(chain_spec).name if chain_spec else "taonet-dev")

AllowRemoteAdmin = Annotated[bool, typer.Option(
    "--allow-remote-admin", help="Keep process control (admin-token RPC) on when --rpc-host is not loopback.")]

@app.command("start")
def start(dev: Dev = False, chain_spec: ChainSpecOpt = None, data_dir: DataDir = None, rpc_port: RpcPort = 9944,
          rpc_host: RpcHost = "127.0.0.1", block_time: BlockTime = None, detach: Detach = False,
          allow_remote_admin: AllowRemoteAdmin = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Start a node: in the foreground (Ctrl-C stops it cleanly), or in the background with --detach."""
    from node.service import DEFAULT_BLOCK_TIME, DEV_BLOCK_TIME

    output.configure(json_output, quiet)
    spec = _spec(chain_spec)
    folder = _data_dir(data_dir, chain_spec)
    seconds = block_time if block_time is not None else (DEV_BLOCK_TIME if dev else DEFAULT_BLOCK_TIME)
    if not seconds > 0:
        raise typer.BadParameter("--block-time must be positive")
    if detach:
        from node.process import start_detached

        with output.status("Starting the node…"):
            info = start_detached(folder, chain_spec, rpc_host, rpc_port, seconds, allow_remote_admin)
        output.emit(info, lambda c, d: c.print(
            f"Node running (pid {d['pid']}), chain [bold]{d['chain']}[/] at {d['rpc_url']}, data in {d['data_dir']}.\n"
            f"Stop it with `btcli node stop{'' if data_dir is None else ' --data-dir ' + str(folder)}`."))
        return
    import logging

    from node.service import run

    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S")
    output.info(f"Starting chain '{spec.name}' in {folder} on {rpc_host}:{rpc_port} (Ctrl-C stops it)")
    raise typer.Exit(run(folder, spec, rpc_host, rpc_port, seconds, allow_remote_admin))


@app.command("stop")
def stop(data_dir: DataDir = None, timeout: Annotated[float, typer.Option(help="Seconds to wait for a clean stop.")] = 30.0,
         force: Annotated[bool, typer.Option("--force", help="Kill the node if it does not stop in time.")] = False,
         json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Stop a background node cleanly (it finishes the block it is making)."""
    from btcli.errors import CliError
    from node.errors import NodeError
    from node.process import stop_node

    output.configure(json_output, quiet)
    folder = _data_dir(data_dir)
    try:
        with output.status("Stopping the node…"):
            result = stop_node(folder, timeout, force)
    except NodeError as exc:
        hint = _other_node_hint(folder) if data_dir is None else None
        raise CliError(f"{exc} ({hint})" if hint else str(exc)) from None
    output.emit(result, lambda c, d: c.print(f"Node stopped (pid {d['pid']}{', killed' if d['killed'] else ''})."))


def _render_status(console: Any, d: dict) -> None:
    rows = [[k, v] for k, v in d.items() if not isinstance(v, (dict, list))]
    output.table(console, "Node", ["", ""], rows, show_header=False)


@app.command("status")
def status(data_dir: DataDir = None, network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Is the node of a data dir running, on which chain, at which block (`--network URL`: ask the
    node at that URL instead). Exit 1 when it is not running (`running: false` in JSON)."""
    from client.errors import NodeUnavailable
    from client.network import connect
    from node.paths import node_info, running_pid

    output.configure(json_output, quiet)
    if network is not None and data_dir is not None:
        from btcli.errors import CliError

        raise CliError("node status is about a data dir (--data-dir) or a URL (--network), not both: pick one")
    data: dict[str, Any] = {"running": False}
    url = network
    if network is None:  # about this data dir only: never whatever answers on the default URL
        folder = _data_dir(data_dir)
        pid = running_pid(folder)
        info = node_info(folder) or {}
        data.update(data_dir=str(folder), pid=pid)
        url = info.get("rpc_url") if pid and info.get("pid") == pid else None
        if pid is None:
            _stopped_chain(folder, data)
            hint = _other_node_hint(folder) if data_dir is None else None
            if hint:
                data["hint"] = hint
        elif url is None:
            data.update(running=True, rpc="the node is starting (no node.json yet)")
    if url is not None:
        try:
            with connect(url) as rpc:
                chain = rpc.call("taonet_chainInfo", timeout=5)
        except NodeUnavailable as exc:
            data["rpc"] = str(exc)
            data["running"] = data.get("pid") is not None  # the process holds the data dir, its RPC does not answer
        else:
            data.update(running=True, rpc_url=rpc.url, chain=chain["chain"], genesis_hash=chain["genesis_hash"],
                        best_number=chain["best_number"], best_hash=chain["best_hash"], pool_size=chain["pool_size"],
                        block_time=chain["block_time"], total_issuance_rao=chain["total_issuance"])
    output.emit(data, _render_status)
    if not data["running"]:
        raise typer.Exit(1)


def _stopped_chain(folder: Path, data: dict[str, Any]) -> None:
    """What a stopped node's data directory holds (read-only)."""
    if not (folder / "chain.db").exists():
        data["chain"] = None
        return
    from node.reader import Reader

    reader = Reader(folder / "chain.db")
    try:
        head = reader.head_row()
        data.update(chain=reader.storage("chain_name"), genesis_hash=reader.meta("genesis_hash"),
                    best_number=head[0], best_hash=head[1])
    except Exception as exc:  # a damaged database: say so, never a traceback
        data["problem"] = f"cannot read {folder / 'chain.db'}: {exc}"
    finally:
        reader.close()


def _other_node_hint(folder: Path) -> str | None:
    """When the default data dir has no node but the localnet's has one, say where it is."""
    from btcli.localnet import DEFAULT_DATA_DIR
    from node.paths import running_pid

    localnet = Path(DEFAULT_DATA_DIR).expanduser()
    if localnet != folder and running_pid(localnet) is not None:
        return f"the localnet's node runs in {localnet}: add --data-dir {localnet}"
    return None


@app.command("logs")
def logs(data_dir: DataDir = None, lines: Annotated[int, typer.Option("--lines", "-n", help="Lines to show.")] = 50,
         follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing new lines (Ctrl-C to stop).")] = False,
         json_output: JsonOutput = False) -> None:
    """Show the log of a background node (`--json-output`: the last lines as a JSON list)."""
    import sys
    import time

    from btcli.errors import CliError
    from node.paths import LOG_FILE, running_pid

    output.configure(json_output, False)
    folder = _data_dir(data_dir)
    path = folder / LOG_FILE
    if not path.exists():
        hint = _other_node_hint(folder) if data_dir is None else None  # as status and stop say
        raise CliError(f"no log in {folder}: only nodes started with --detach write one" + (f" ({hint})" if hint else ""))
    with path.open("r", errors="replace") as fh:
        tail = fh.readlines()[-lines:] if lines > 0 else []
        if json_output:
            output.emit({"log": str(path), "lines": [line.rstrip("\n") for line in tail]})
            return
        for line in tail:
            sys.stdout.write(line)
        sys.stdout.flush()
        while follow:
            line = fh.readline()
            if line:
                sys.stdout.write(line)
                sys.stdout.flush()
            elif running_pid(folder) is None:
                break
            else:
                time.sleep(0.2)


Repair = Annotated[bool, typer.Option(
    "--repair", help="If the chain verifies, accept its head as the one to start from (after a lost or damaged "
                     "chain.db-wal the node refuses to start; the lost blocks are named). The node must be stopped.")]


@app.command("verify")
def verify(data_dir: DataDir = None, repair: Repair = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Replay every block from genesis into a fresh state and compare state roots block by block."""
    import sys

    from node.replay import verify as replay

    output.configure(json_output, quiet)
    folder = _data_dir(data_dir)
    if not (folder / "chain.db").exists():
        from btcli.errors import CliError

        raise CliError(f"no chain in {folder}: pass --data-dir, or start one with `btcli node start --dev`")
    if repair:
        from node.durability import accept_head

        with output.status("Replaying the chain…"):
            result = accept_head(folder)
        output.emit(result, lambda c, d: c.print(
            f"[green]Verified {d['blocks']} blocks; the node will start from #{d['head']}.[/]"
            + (f" [yellow]{d['lost']}.[/]" if d.get("lost") else "") if d["repaired"]
            else "[red]Not repaired: the chain does not verify:[/]\n" + "\n".join(d["problems"])
            + f"\nRestore {folder} from a backup, or `btcli node purge --data-dir {folder}` to start a new chain."))
        if not result["repaired"]:
            raise typer.Exit(1)
        return
    if json_output or quiet or not sys.stderr.isatty():
        report = replay(folder)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        with Progress("Replaying blocks", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=output.stderr_console()) as bar:
            task = bar.add_task("replay", total=None)
            report = replay(folder, lambda n, total: bar.update(task, completed=n + 1, total=total + 1))
    output.emit(report.to_json(), lambda c, d: c.print(
        f"[green]Verified {d['blocks']} blocks ({d['extrinsics']} extrinsics): every state root matches.[/]" if d["ok"]
        else "[red]Verification FAILED:[/]\n" + "\n".join(d["problems"])))
    if not report.ok:
        raise typer.Exit(1)


@app.command("purge")
def purge(data_dir: DataDir = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Delete a node's data directory (its whole chain). Refused while the node runs."""
    import shutil

    from btcli.errors import CliError
    from node.errors import NodeError
    from node.paths import DataDirLock, running_pid

    output.configure(json_output, quiet)
    folder = _data_dir(data_dir)
    pid = running_pid(folder)
    if pid is not None:
        raise CliError(f"a node is running in {folder} (pid {pid}): stop it first with `btcli node stop`")
    if not folder.exists():
        output.emit({"purged": False, "data_dir": str(folder)}, lambda c, d: c.print(f"Nothing to purge: {folder} does not exist."))
        return
    if not output.confirm(f"Delete {folder} and the whole chain in it?", no_prompt):
        raise typer.Abort()
    try:  # hold the data dir's lock while deleting: no node can start in it meanwhile
        lock = DataDirLock(folder).acquire(wait=0)
    except NodeError as exc:
        raise CliError(f"{exc}; nothing was deleted") from None
    try:
        shutil.rmtree(folder)
    finally:
        lock.release()
    output.emit({"purged": True, "data_dir": str(folder)}, lambda c, d: c.print(f"Deleted {d['data_dir']}."))

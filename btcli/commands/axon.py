"""`btcli axon set | reset`: a neuron's axon address on chain (serve_axon), signed by the coldkey."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, require_funds, submit, unlock
from btcli.options import Hotkey, JsonOutput, Netuid, Network, NoPrompt, Quiet, UseKeyring, WalletName, WalletPath, resolve_wallet

app = typer.Typer(no_args_is_help=True, help="Axon serving: publish or clear a neuron's IP and port.")


def _serve(netuid: int | None, ip: str, port: int, ip_type: int, protocol: int, wallet_name: str | None,
           wallet_path: str | None, hotkey: str | None, network: str | None, use_keyring: bool | None, no_prompt: bool,
           action: str) -> None:
    from btcli.errors import CliError
    from client import preflight, subnets

    if netuid is None:
        raise typer.BadParameter("pass --netuid")
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    hk, coldkey = w.hotkeypub().ss58_address, w.coldkeypub().ss58_address
    call = "subtensor.serve_axon"
    args = {"netuid": netuid, "hotkey": hk, "ip": ip, "port": port, "ip_type": ip_type, "protocol": protocol}
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)

        def quote() -> None:
            preflight.refuse(preflight.subnet_missing(subnets.subnets(rpc)["subnets"], netuid))
            preflight.refuse(preflight.axon_blocked(subnets.metagraph(rpc, netuid), hk, coldkey, ip, port, ip_type))
            require_funds(rpc, coldkey, call, args, 0, "serve the axon")

        confirm_fresh(quote, lambda _: None, f"{action} the axon of {hk} on subnet {netuid} to {ip}:{port}?", no_prompt,
                      lambda old, new: False)
        res = submit(rpc, pair, call, args)
    if not res["success"]:
        raise CliError(f"{res.get('message')} ({res.get('error')}; serve_axon is free: nothing was charged)")
    output.emit({"success": True, "message": f"{action} the axon of {hk} on subnet {netuid} to {ip}:{port}",
                 "extrinsic_identifier": output.extrinsic_identifier(res), "netuid": netuid, "hotkey": hk, "ip": ip,
                 "port": port, "block_number": res["block_number"]},
                lambda c, d: c.print(f"[green]Axon {d['ip']}:{d['port']}[/] for {d['hotkey']} on subnet {d['netuid']} "
                                     f"in block #{d['block_number']}"))


@app.command("set")
def set_axon(netuid: Netuid = None, ip: Annotated[Optional[str], typer.Option("--ip", help="IPv4 or IPv6 address.")] = None,
             port: Annotated[Optional[int], typer.Option("--port", help="Port, 1..65535.")] = None,
             ip_type: Annotated[int, typer.Option("--ip-type", help="4 or 6.")] = 4,
             protocol: Annotated[int, typer.Option("--protocol", help="Protocol number (4 = HTTP).")] = 4,
             wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None, network: Network = None,
             use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False,
             quiet: Quiet = False) -> None:
    """Publish the hotkey's axon IP and port on a subnet it is registered on."""
    output.configure(json_output, quiet)
    if ip is None or port is None:
        raise typer.BadParameter("pass --ip and --port")
    _serve(netuid, ip, port, ip_type, protocol, wallet_name, wallet_path, hotkey, network, use_keyring, no_prompt, "Set")


@app.command("reset")
def reset_axon(netuid: Netuid = None, wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
               network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
               json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Clear the hotkey's axon (0.0.0.0, port 0)."""
    output.configure(json_output, quiet)
    _serve(netuid, "0.0.0.0", 0, 4, 0, wallet_name, wallet_path, hotkey, network, use_keyring, no_prompt, "Reset")

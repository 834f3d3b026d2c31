"""`btcli config`: defaults for options (network, wallet name/path/hotkey, ...) in the config file."""
from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.options import (
    AllowPartial, JsonOutput, Network, NoPrompt, Quiet, SafeStaking, Tolerance, WalletName, WalletPath, refuses,
)

app = typer.Typer(no_args_is_help=True, help="Defaults for options: network, wallet name, path and hotkey, …")

Key = Annotated[Optional[str], typer.Argument(help="A config key (see `btcli config get`).")]
Value = Annotated[Optional[str], typer.Argument(help="Its new value.")]
WalletHotkey = Annotated[Optional[str], typer.Option("--wallet-hotkey", "--hotkey", "-H", "--wallet_hotkey", "--wallet.hotkey",
                                                    help="Default hotkey name.")]


def _render(console: Any, data: dict) -> None:
    rows = [[k, v["value"], v["source"]] for k, v in data["settings"].items()]
    output.table(console, f"Config ({data['path']}; under it the real btcli's {data['btcli_path']})",
                 ["key", "value", "from"], rows)


def _view(keys: list[str] | None = None) -> dict:
    from btcli import config

    stored, real = config.load(), config.load_real()
    names = keys or list(config.DEFAULTS)

    def one(k: str) -> dict[str, Any]:
        for where, values in (("config", stored), ("btcli config.yml", real)):
            if k in values:
                return {"value": values[k], "source": where}
        return {"value": config.DEFAULTS.get(k), "source": "default"}
    return {"path": str(config.path()), "btcli_path": str(config.real_path()), "settings": {k: one(k) for k in names}}


NO_CACHE = (["--cache/--no-cache", " /--no_cache"], ("the real btcli's use_cache keeps the last table for "
            "--reuse-last and --html, which taonet has not (it reads the chain every time): nothing to enable "
            "(--no-cache is accepted)"), False)
NO_HTML = (["--dashboard-path", "--dashboard_path", "--dash_path", "--dash.path", "--dashboard.path"],
           "taonet's dashboard is `btcli view dashboard` in the terminal, it writes no HTML file to keep a path for",
           True)
DiskCache = Annotated[Optional[bool], typer.Option(
    "--disk-cache/--no-disk-cache", help="Keep the subtensor runtime metadata on disk between commands "
    "(~/.bittensor/taonet/metadata; the real btcli's disk_cache); --no-disk-cache fetches it on every connection.",
    show_default=False)]


@app.command("set")
@refuses(NO_CACHE, NO_HTML)
def set_(key: Key = None, value: Value = None, network: Network = None, wallet_name: WalletName = None,
         wallet_path: WalletPath = None, wallet_hotkey: WalletHotkey = None, safe_staking: SafeStaking = None,
         tolerance: Tolerance = None, allow_partial_stake: AllowPartial = None, disk_cache: DiskCache = None,
         json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Set keys: `btcli config set network ws://…` or `btcli config set --network local --wallet-name w`."""
    from btcli import config

    output.configure(json_output, quiet)
    updates: dict[str, Any] = {}
    if key is not None:
        if value is None:
            raise typer.BadParameter(f"give a value: btcli config set {key} VALUE")
        updates[key] = config.parse_value(key, value)
    for name, given in (("network", network), ("wallet_name", wallet_name), ("wallet_path", wallet_path),
                        ("wallet_hotkey", wallet_hotkey), ("safe_staking", safe_staking),
                        ("rate_tolerance", tolerance), ("allow_partial_stake", allow_partial_stake),
                        ("disk_cache", disk_cache)):
        if given is not None:
            updates[name] = config.parse_value(name, str(given))
    if not updates:
        raise typer.BadParameter("nothing to set: pass KEY VALUE or an option such as --network")
    if "network" in updates:
        from client.network import resolve

        resolve(updates["network"])  # refuse a value that is neither a known name nor a URL
    settings = config.load()
    settings.update(updates)
    config.save(settings)
    output.emit(_view(list(updates)), _render)


@app.command("get")
def get(key: Key = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Show the settings (or one), and whether each comes from the file or the defaults."""
    from btcli import config

    output.configure(json_output, quiet)
    if key is not None and key not in config.DEFAULTS:
        raise ValueError(f"unknown config key {key!r}: choose one of {', '.join(config.DEFAULTS)}")
    output.emit(_view([key] if key else None), _render)


def _flag(*decls: str) -> Any:
    return typer.Option(*decls, help=f"Clear this key (the real btcli's `config clear {decls[0]}`).")


@app.command("clear")
@refuses(NO_CACHE, NO_HTML)
def clear(key: Key = None,
          wallet_name: Annotated[bool, _flag("--wallet-name", "--name", "--wallet_name", "--wallet.name")] = False,
          wallet_path: Annotated[bool, _flag("--wallet-path", "-p", "--wallet_path", "--wallet.path")] = False,
          wallet_hotkey: Annotated[bool, _flag("--wallet-hotkey", "--hotkey", "-H", "--wallet_hotkey", "--wallet.hotkey")] = False,
          network: Annotated[bool, _flag("--network", "--subtensor.network", "--chain", "--subtensor.chain_endpoint")] = False,
          tolerance: Annotated[bool, _flag("--tolerance")] = False,
          safe_staking: Annotated[bool, _flag("--safe-staking", "--no-safe-staking", "--safe", "--unsafe")] = False,
          allow_partial_stake: Annotated[bool, _flag("--allow-partial-stake", "--no-allow-partial-stake", "--partial",
                                                      "--no-partial", "--allow", "--not-allow")] = False,
          all_keys: Annotated[bool, typer.Option("--all", help="Clear every key (asks first unless -y).")] = False,
          no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Remove keys (back to their defaults): KEY or the real btcli's flags (--network, --wallet-name, …),
    or every key (--all, or nothing named) after confirming."""
    from btcli import config

    output.configure(json_output, quiet)
    settings = config.load()
    flagged = [name for name, on in (("wallet_name", wallet_name), ("wallet_path", wallet_path),
                                     ("wallet_hotkey", wallet_hotkey), ("network", network),
                                     ("rate_tolerance", tolerance), ("safe_staking", safe_staking),
                                     ("allow_partial_stake", allow_partial_stake)) if on]
    keys = ([key] if key is not None else []) + flagged
    for name in keys:
        if name not in config.DEFAULTS:
            raise ValueError(f"unknown config key {name!r}: choose one of {', '.join(config.DEFAULTS)}")
    if keys and not all_keys:
        for name in keys:
            settings.pop(name, None)
    else:
        if not output.confirm("Clear every setting in the config file?", no_prompt):
            raise typer.Abort()
        settings, keys = {}, []
    config.save(settings)
    output.emit(_view(keys or None), _render)

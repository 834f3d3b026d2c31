"""`btcli config add-proxy | proxies | remove-proxy | update-proxy | clear-proxies`: the proxy
address book (btcli/proxy_book.py: the real btcli's SQLite table, shared with it). Registered on
the config sub-app (btcli.commands.config.app); main.py loads this module with the group.
Names in the book stand for addresses in `--proxy NAME`. Nothing here touches the chain."""
from __future__ import annotations

from typing import Annotated, Any

import typer

from btcli import output
from btcli.commands.config import app
from btcli.options import JsonOutput, NoPrompt, Quiet

Name = Annotated[str | None, typer.Option("--name", help="The entry's name (what --proxy NAME resolves).")]
Address = Annotated[str | None, typer.Option("--address", help="The pure proxy's (or delegator's) ss58 address.")]
Kind = Annotated[str | None, typer.Option("--proxy-type", help="The proxy's type (Any, Staking, Transfer, …).")]
Spawner = Annotated[str | None, typer.Option("--spawner", "--delegator", help="The spawner (pure proxy) or delegator (regular proxy).")]
Delay = Annotated[int | None, typer.Option("--delay", help="Delay, in blocks.")]
Note = Annotated[str | None, typer.Option("--note", help="Any notes about this entry.")]


def _render(console: Any, data: dict) -> None:
    output.table(console, f"Proxies address book: {data['path']}",
                 ["name", "address/delegator", "spawner/delegatee", "proxy type", "delay", "note"],
                 [[e["name"], e["ss58_address"], e["spawner"], e["proxy_type"], e["delay"], e["note"]]
                  for e in data["proxies"]])


def _show(message: str = "") -> None:
    from btcli import proxy_book

    data = {"path": str(proxy_book.path()), "proxies": proxy_book.entries()}
    if message:
        data["message"] = message
    output.emit(data, _render)


def _checked(address: str | None, flag: str) -> str | None:
    from btcli.errors import CliError
    from wallet import ss58

    if address is not None and not ss58.is_valid(address):
        raise CliError(f"{flag} takes an ss58 address, not {address!r}", exit_code=2)
    return address


def _kind(value: str | None) -> str | None:
    from btcli.errors import CliError
    from node.proxy_rules import proxy_type

    try:
        return None if value is None else proxy_type(value)
    except ValueError as exc:
        raise CliError(f"--proxy-type: {exc}", exit_code=2) from None


@app.command("add-proxy")
def add_proxy(name: Name = None, address: Address = None, proxy_type: Kind = None, spawner: Spawner = None,
              delay: Delay = 0, note: Note = "", json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Add a proxy to the address book (the real btcli's ~/.bittensor/bittensor.db, $BTCLI_PROXIES_PATH).

    JSON: {path, proxies: [{name, ss58_address, delay, spawner, proxy_type, note}], message}.

    Example: btcli config add-proxy --name treasury --address 5Pure... --proxy-type Any --spawner 5Me... --delay 0
    """
    from btcli import proxy_book
    from btcli.errors import CliError

    output.configure(json_output, quiet)
    if not name or address is None or proxy_type is None or spawner is None:
        raise CliError("--name, --address, --proxy-type and --spawner are required", exit_code=2)
    if proxy_book.get(name) is not None:
        raise CliError(f"Proxy {name} already exists. Use `btcli config update-proxy` to update it.")
    proxy_book.add({"name": name, "ss58_address": _checked(address, "--address"), "delay": int(delay or 0),
                    "spawner": _checked(spawner, "--spawner"), "proxy_type": _kind(proxy_type), "note": note or ""})
    _show(f"Added {name} to the address book.")


@app.command("proxies")
def proxies(json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Show the proxy address book.

    JSON: {path, proxies: [{name, ss58_address, delay, spawner, proxy_type, note}]}.
    """
    output.configure(json_output, quiet)
    _show()


@app.command("remove-proxy")
def remove_proxy(name: Name = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Remove an entry from the address book (not the proxy on chain: `btcli proxy remove`)."""
    from btcli import proxy_book
    from btcli.errors import CliError

    output.configure(json_output, quiet)
    if not name or proxy_book.get(name) is None:
        raise CliError(f"Proxy {name} not found in address book.")
    proxy_book.remove(name)
    _show(f"Removed {name} from the address book.")


@app.command("update-proxy")
def update_proxy(name: Name = None, address: Address = None, proxy_type: Kind = None, spawner: Spawner = None,
                 delay: Delay = None, note: Note = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Change fields of an address-book entry (not the proxy on chain)."""
    from btcli import proxy_book
    from btcli.errors import CliError

    output.configure(json_output, quiet)
    if not name or proxy_book.get(name) is None:
        raise CliError(f"Proxy of name '{name}' not found in address book.")
    changes = {"ss58_address": _checked(address, "--address"), "spawner": _checked(spawner, "--spawner"),
               "proxy_type": _kind(proxy_type), "delay": delay, "note": note}
    if all(v is None for v in changes.values()):
        raise CliError("nothing to update: give --address, --spawner, --proxy-type, --delay or --note", exit_code=2)
    proxy_book.update(name, changes)
    _show("Proxy updated")


@app.command("clear-proxies")
def clear_proxies(no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Empty the proxy address book (use with caution)."""
    import typer as _typer

    from btcli import proxy_book

    output.configure(json_output, quiet)
    if not output.confirm("This will entirely clear your proxy address book. Are you sure you want to proceed?",
                          no_prompt):
        raise _typer.Abort()
    proxy_book.clear()
    _show("Cleared the proxy address book.")

"""The root command group: command groups load on first use, and the root help page is drawn directly.

Building a group's command tree (Typer inspects every command's signature and type hints) and
importing its module cost ~0.1 s for all groups together, so the root keeps a table of entries
(name, "module:attribute", help) and builds only the group a command line names. `btcli --help` is
drawn from that table with a few Rich parts (Typer's renderer would also import Rich's Markdown stack).
"""
from __future__ import annotations

import copy
import importlib
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

from typer.core import TyperGroup


@dataclass(frozen=True)
class Entry:
    """One root command: `target` is "module:attribute", a Typer sub-app or a command function."""

    target: str
    help: str
    hidden: bool = False
    extra: tuple[str, ...] = ()  # modules that add commands to the sub-app when imported
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, command) pairs inside a group: hidden copies
    real: bool = False  # a group the real btcli has: its commands take the real btcli's shared flags


def load(name: str, entry: Entry) -> Any:
    """Import an entry's module and build its click command, named `name`."""
    import typer
    from typer.main import get_group

    module, attribute = entry.target.split(":")
    target = getattr(importlib.import_module(module), attribute)
    for extra in entry.extra:
        importlib.import_module(extra)
    holder = typer.Typer()
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name, help=entry.help, hidden=entry.hidden)
    else:
        holder.command(name, hidden=entry.hidden)(target)  # its docstring: the help, with an example
    command: Any = get_group(holder).commands[name]  # a click Group for a sub-app (its aliases below)
    if entry.real:
        from btcli.options import add_real_btcli_flags

        add_real_btcli_flags(command)
    for alias, original in entry.aliases:
        copy_ = copy.copy(command.commands[original])
        copy_.name, copy_.hidden = alias, True
        command.commands[alias] = copy_
    return command


class LazyCommands(MutableMapping[str, Any]):
    """The root's name -> command mapping; a command is built when it is first looked up."""

    def __init__(self, entries: dict[str, Entry], built: dict[str, Any] | None = None) -> None:
        self.entries = entries
        self.built: dict[str, Any] = dict(built or {})

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in self.entries:
                raise KeyError(name)
            self.built[name] = load(name, self.entries[name])
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        self.built.pop(name, None)
        self.entries.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self.entries
        yield from (name for name in self.built if name not in self.entries)

    def __len__(self) -> int:
        return len(set(self.entries) | set(self.built))


class RootGroup(TyperGroup):
    """The root command group: `entries` (set by a subclass) are built on demand."""

    entries: dict[str, Entry] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(dict(self.entries), dict(self.commands))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from rich.console import Console
        from rich.padding import Padding
        from rich.panel import Panel
        from rich.table import Table

        console = Console(highlight=False)
        console.print(f"\n [bold]Usage:[/] {ctx.command_path} [OPTIONS] COMMAND [ARGS]...\n")
        if self.help:
            console.print(Padding(self.help, (0, 1, 1, 1)))
        options = Table.grid(padding=(0, 2))
        for param in self.get_params(ctx):
            if getattr(param, "hidden", False) or not param.opts:
                continue
            longs = ",".join(o for o in param.opts if o.startswith("--"))
            shorts = ",".join(o for o in param.opts if not o.startswith("--"))
            options.add_row(f"[bold cyan]{longs}[/]", f"[bold green]{shorts}[/]", getattr(param, "help", None) or "")
        console.print(Panel(options, title="Options", title_align="left", border_style="dim"))
        commands = Table.grid(padding=(0, 2))
        for name, entry in self.entries.items():
            if not entry.hidden:
                commands.add_row(f"[bold cyan]{name}[/]", entry.help)
        console.print(Panel(commands, title="Commands", title_align="left", border_style="dim"))

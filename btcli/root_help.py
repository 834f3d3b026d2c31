"""The root command group: command groups load on first use, and the root help page is drawn directly.

Building a command (Typer inspects its signature and evaluates its type hints) costs about 2 ms, and
importing a group's modules a few more, so the root keeps a table of entries (name, "module:attribute",
help) and builds only the group a command line names; inside that group only the command named is
built (`btcli wallet list` builds `list`, not the wallet group's 30 others), and the group's other
modules are imported only when the command is not in its main one. A group's help page or a
completion lists them all, and builds them then. `btcli --help` is drawn from the table with a few
Rich parts and without importing Typer at all (btcli.main answers it; Typer's renderer would also
import Rich's Markdown stack).
"""
from __future__ import annotations

import copy
import importlib
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from functools import partial
from typing import Any


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
    """Import an entry's module and make its click command, named `name`: a group's commands are
    built when first looked up (`LazyCommands`)."""
    import typer
    from typer.main import get_group

    module, attribute = entry.target.split(":")
    target = getattr(importlib.import_module(module), attribute)
    finish = _real_btcli_flags if entry.real else None
    holder = typer.Typer()
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name, help=entry.help, hidden=entry.hidden)
        command = _lazy_group(holder, holder.registered_groups[0], finish, entry.extra)
    else:
        holder.command(name, hidden=entry.hidden)(target)  # its docstring: the help, with an example
        command = get_group(holder).commands[name]
        if finish is not None:
            finish(command)
    for alias, original in entry.aliases:
        command.commands.alias(alias, original)
    return command


def _real_btcli_flags(command: Any) -> None:
    from btcli.options import add_real_btcli_flags

    add_real_btcli_flags(command)


def _lazy_group(holder: Any, info: Any, finish: Callable[[Any], None] | None, extra: tuple[str, ...] = ()) -> Any:
    """The click group of a Typer sub-app (`info`, as `add_typer` registered it) with no command built
    yet: each command, or sub-group, is built by Typer when first looked up, then given `finish`. The
    `extra` modules that add commands to the sub-app are imported only when a name is not among the
    commands already registered, or when all are listed (a help page, a completion)."""
    from typer.main import get_command_from_info, get_command_name, get_group_from_info

    options = {"pretty_exceptions_short": holder.pretty_exceptions_short, "rich_markup_mode": holder.rich_markup_mode}
    app = info.typer_instance
    shell = copy.copy(app)  # the group itself (callback, options, help) without its commands
    shell.registered_commands, shell.registered_groups = [], []
    shell_info = copy.copy(info)
    shell_info.typer_instance = shell
    group = get_group_from_info(shell_info, suggest_commands=holder.suggest_commands, **options)

    def command(command_info: Any) -> Any:
        built = get_command_from_info(command_info, **options)
        if finish is not None:
            finish(built)
        return built

    def registered() -> dict[str, Callable[[], Any]]:
        makers: dict[str, Callable[[], Any]] = {}
        for command_info in app.registered_commands:
            makers[command_info.name or get_command_name(command_info.callback.__name__)] = partial(command, command_info)
        for group_info in app.registered_groups:
            if isinstance(group_info.name, str):
                makers[group_info.name] = partial(_lazy_group, holder, group_info, finish)
            else:  # a sub-app added without a name: its commands join this group (Typer's rule), built now
                for sub_name, sub in _lazy_group(holder, group_info, finish).commands.items():
                    makers[sub_name] = partial(lambda built: built, sub)
        return makers

    def with_extra() -> dict[str, Callable[[], Any]]:
        for module in extra:
            importlib.import_module(module)
        return registered()

    group.commands = LazyCommands(registered(), more=with_extra if extra else None)
    return group


class LazyCommands(MutableMapping[str, Any]):
    """A group's name -> command mapping; a command is made by its maker when first looked up. `more`
    gives the makers not known yet (a group's other modules), asked once: for a name not found, or
    when every name is listed."""

    def __init__(self, makers: dict[str, Callable[[], Any]], built: dict[str, Any] | None = None,
                 more: Callable[[], dict[str, Callable[[], Any]]] | None = None) -> None:
        self.makers = makers
        self.built: dict[str, Any] = dict(built or {})
        self.more = more

    def _complete(self) -> None:
        if self.more is not None:
            more, self.more = self.more, None
            for name, maker in more().items():
                self.makers.setdefault(name, maker)

    def alias(self, alias: str, original: str) -> None:
        """`alias` is a hidden copy of the command `original`."""
        def make() -> Any:
            copy_ = copy.copy(self[original])
            copy_.name, copy_.hidden = alias, True
            return copy_

        self.makers[alias] = make

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in self.makers:
                self._complete()
            if name not in self.makers:
                raise KeyError(name)
            self.built[name] = self.makers[name]()
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        self.built.pop(name, None)
        self.makers.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        self._complete()
        yield from self.makers
        yield from (name for name in self.built if name not in self.makers)

    def __len__(self) -> int:
        self._complete()
        return len(set(self.makers) | set(self.built))


ROOT_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--version", "-V", "Show the version and exit."),
    ("--install-completion", "", "Install completion for the current shell."),
    ("--show-completion", "", "Show completion for the current shell, to copy it or customize the installation."),
    ("--help", "-h", "Show this message and exit."),
)
"""The root's options as its help page lists them (a test checks them against the Typer app's)."""


def print_help(prog: str, text: str, entries: dict[str, Entry]) -> None:
    """The root's help page: usage, `text`, its options and the visible entries."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table

    console = Console(highlight=False)
    console.print(f"\n [bold]Usage:[/] {prog} [OPTIONS] COMMAND [ARGS]...\n")
    if text:
        console.print(Padding(text, (0, 1, 1, 1)))
    options = Table.grid(padding=(0, 2))
    for longs, shorts, help_ in ROOT_OPTIONS:
        options.add_row(f"[bold cyan]{longs}[/]", f"[bold green]{shorts}[/]", help_)
    console.print(Panel(options, title="Options", title_align="left", border_style="dim"))
    commands = Table.grid(padding=(0, 2))
    for name, entry in entries.items():
        if not entry.hidden:
            commands.add_row(f"[bold cyan]{name}[/]", entry.help)
    console.print(Panel(commands, title="Commands", title_align="left", border_style="dim"))

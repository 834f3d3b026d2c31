"""The root command as a Typer app: its group loads command groups on first use (btcli.root_help).

Imported only when a command line names a command: `btcli`, `btcli --help` and `btcli --version` are
answered by btcli.main from the table of entries, without importing Typer.
"""
from __future__ import annotations

from functools import partial
from typing import Annotated, Any, ClassVar

import typer
from typer.core import TyperGroup

from btcli.main import COMMANDS, HELP, print_version
from btcli.root_help import Entry, LazyCommands, load, print_help


class RootGroup(TyperGroup):
    """The root command group: its entries are built on demand; its help page is drawn from them."""

    entries: ClassVar[dict[str, Entry]] = COMMANDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands({name: partial(load, name, entry) for name, entry in self.entries.items()},
                                     dict(self.commands))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        print_help(ctx.command_path, self.help or "", self.entries)


app = typer.Typer(
    name="btcli",
    cls=RootGroup,
    help=HELP,
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print_version()
        raise typer.Exit(0)


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", "-V", is_eager=True, callback=_version,
                                          help="Show the version and exit.")] = False,
) -> None:
    """The options of `btcli` itself (each command has its own)."""
    from btcli import output

    output.answer_no(False)  # a flag of an earlier command line in this process never carries over
    output.force_quiet(False)
    from btcli import chain

    chain._proxy.clear()  # --proxy too

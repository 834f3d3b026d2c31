"""The root `btcli --help` page, rendered with a few Rich parts only.

Typer's own help renderer imports Rich's Markdown stack (~50 ms); the root page is the one people
run most, and it only lists groups, so it is drawn here directly in the same style.
"""
from __future__ import annotations

from typing import Any

from typer.core import TyperGroup


class RootGroup(TyperGroup):
    """The root command group; only its help rendering differs from Typer's."""

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
        options.add_row("[bold cyan]--help[/]  [bold green]-h[/]", "Show this message and exit.")
        console.print(Panel(options, title="Options", title_align="left", border_style="dim"))
        commands = Table.grid(padding=(0, 2))
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            commands.add_row(f"[bold cyan]{name}[/]", (cmd.get_short_help_str(limit=200) or "").strip())
        console.print(Panel(commands, title="Commands", title_align="left", border_style="dim"))

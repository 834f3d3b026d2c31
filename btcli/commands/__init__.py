"""One module per command group, each a Typer sub-app."""

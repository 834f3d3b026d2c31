"""Help pages: every help text survives Rich's markup (a `[default: …]` used to vanish), defaults are
shown, and the commands a user runs first carry an example."""
from __future__ import annotations

import pytest
from rich.markup import render

FIRST_COMMANDS = [("wallet", "create"), ("wallet", "transfer"), ("stake", "add"), ("stake", "remove"),
                  ("subnets", "create"), ("subnets", "register"), ("localnet", "up"), ("view",)]


def _walk(command, path):
    yield path, command
    for name in getattr(command, "commands", {}) or {}:
        sub = command.commands[name]
        if not sub.hidden:
            yield from _walk(sub, path + [name])


def test_every_help_text_is_shown_as_written():
    """Typer renders help as Rich markup: text in square brackets that is not meant as a style would
    disappear, so every help text must render to itself."""
    from typer.main import get_command

    from btcli.main import app

    lost = []
    for path, command in _walk(get_command(app), ["btcli"]):
        texts = [("", command.help or "")] + [(p.opts[0] if p.opts else p.name, getattr(p, "help", None) or "")
                                              for p in command.params]
        for where, text in texts:
            if render(text).plain != text:
                lost.append(f"{' '.join(path)} {where}: {text!r}")
    assert not lost, "help text that Rich markup would eat:\n" + "\n".join(lost)


def test_defaults_are_shown(btcli):
    page = btcli("wallet", "create", "--help", env={"COLUMNS": "250"}).stdout
    assert "~/.bittensor/wallets" in page  # was "Folder holding the wallets ."
    assert "on for coldkeys, off for hotkeys" in page
    for option in ("--wallet-name", "--hotkey"):
        line = next(line for line in page.splitlines() if line.lstrip("│ ").startswith(option))
        assert "default" in line, line
    stake = btcli("stake", "add", "--help", env={"COLUMNS": "250"}).stdout
    assert "default: local" in next(line for line in stake.splitlines() if line.lstrip("│ ").startswith("--network"))


@pytest.mark.parametrize("words", FIRST_COMMANDS, ids=" ".join)
def test_first_commands_show_an_example(btcli, words):
    page = btcli(*words, "--help", env={"COLUMNS": "250"}).stdout
    example = next(line for line in page.splitlines() if "Example:" in line)
    assert f"btcli {' '.join(words)} --" in example  # a real command line with options

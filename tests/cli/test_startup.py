"""Start-up: the root loads only the command group a command line names, and in it builds only the
command named, so `btcli --help` and `btcli wallet list` do not pay for building every command
(bench/cli_startup.py measures the time; these tests pin the mechanism, which does not depend on the
machine's load)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO


def _loaded_after(argv: list[str]) -> list[str]:
    """The btcli.commands modules a real `btcli ARGV` process imported."""
    probe = (
        "import sys, json\n"
        f"sys.argv = ['btcli'] + {argv!r}\n"
        "try:\n    from btcli.main import run; run()\n"
        "except SystemExit: pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('btcli.commands.'))), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=60,
                          stdin=subprocess.DEVNULL)
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_root_help_loads_no_command_group():
    assert _loaded_after(["--help"]) == []


@pytest.mark.parametrize("argv", [[], ["--help"], ["-h"], ["--version"], ["-V"]])
def test_help_and_version_import_no_typer(argv):
    """`btcli`, `btcli --help` and `--version` are answered from the root's table: importing Typer
    (and its click) is about a third of their time."""
    probe = (
        "import sys, json\n"
        f"sys.argv = ['btcli'] + {argv!r}\n"
        "try:\n    from btcli.main import run; run()\n"
        "except SystemExit as exc: code = exc.code\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click'))]), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], check=False, capture_output=True, text=True, cwd=REPO,
                          timeout=60, stdin=subprocess.DEVNULL)
    code, imported = json.loads(done.stderr.strip().splitlines()[-1])
    assert imported == [] and code == (2 if not argv else 0)
    assert ("Usage: btcli [OPTIONS] COMMAND" in done.stdout) == ("-V" not in argv and "--version" not in argv)


def test_the_root_help_names_the_options_the_app_has():
    """The root's help page is drawn without Typer from root_help.ROOT_OPTIONS: the same options."""
    from typer import Context
    from typer.main import get_command

    from btcli.main import app
    from btcli.root_help import ROOT_OPTIONS

    root = get_command(app)
    real = sorted(tuple(sorted(p.opts)) for p in root.get_params(Context(root, **root.context_settings)) if not getattr(p, "hidden", False))
    drawn = sorted(tuple(sorted(o for o in (longs, shorts) if o)) for longs, shorts, _ in ROOT_OPTIONS)
    assert drawn == real


# the wallet sub-app and the modules that add commands to it (btcli.main's wallet entry)
WALLET_GROUP = ["btcli.commands.wallet", "btcli.commands.wallet_chain", "btcli.commands.wallet_crypto",
                "btcli.commands.wallet_identity", "btcli.commands.wallet_inspect", "btcli.commands.wallet_overview",
                "btcli.commands.wallet_swap"]


SUBNETS_GROUP = ["btcli.commands.subnets", "btcli.commands.subnets_identity", "btcli.commands.subnets_mechanisms"]


@pytest.mark.parametrize("argv, expected", [
    (["wallet", "list", "--help"], ["btcli.commands.wallet"]),  # a command of the group's main module
    (["wallet", "balance", "--help"], WALLET_GROUP),  # one of its other modules: they are imported
    (["w", "--help"], WALLET_GROUP),  # the group's help lists every command
    (["subnets", "list", "--help"], ["btcli.commands.subnets"]),
    (["subnets", "mechanisms", "--help"], SUBNETS_GROUP),
    (["config", "get", "--help"], ["btcli.commands.config"]),
    (["stake", "add", "--help"], ["btcli.commands.stake"]),
    (["st", "claim", "--help"], ["btcli.commands.stake", "btcli.commands.stake_auto", "btcli.commands.stake_child",
                                 "btcli.commands.stake_claim", "btcli.commands.stake_list", "btcli.commands.stake_wizard"]),
    (["config", "add-proxy", "--help"], ["btcli.commands.config", "btcli.commands.config_proxies"]),
])
def test_a_command_loads_only_its_group(argv, expected):
    assert _loaded_after(argv) == expected


def test_every_group_is_still_reachable():
    """Loading on demand keeps every group, alias and the view command, with the same commands."""
    from typer.main import get_command

    from btcli.main import app

    root = get_command(app)
    names = set(root.commands)
    assert {"wallet", "w", "wallets", "stake", "st", "subnets", "s", "subnet", "sudo", "su", "weights", "wt",
            "weight", "config", "c", "node", "consensus", "axon", "localnet", "miner", "validator", "view"} <= names
    assert {"create", "list", "balance", "transfer", "overview"} <= set(root.commands["wallet"].commands)
    assert root.commands["w"].hidden and not root.commands["wallet"].hidden
    assert root.commands["view"].params


def _built_after(argv: list[str]) -> list[str]:
    """The names of the commands Typer built (get_command_from_info) in a real `btcli ARGV` process."""
    probe = (
        "import sys, json\n"
        "import typer.main as tm\n"
        "built, original = [], tm.get_command_from_info\n"
        "def counting(info, **options):\n"
        "    command = original(info, **options)\n"
        "    built.append(command.name)\n"
        "    return command\n"
        "tm.get_command_from_info = counting\n"
        f"sys.argv = ['btcli'] + {argv!r}\n"
        "try:\n    from btcli.main import run; run()\n"
        "except SystemExit: pass\n"
        "print(json.dumps(built), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], check=False, capture_output=True, text=True, cwd=REPO, timeout=60,
                          stdin=subprocess.DEVNULL)
    return json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("argv, expected", [
    (["wallet", "list", "--help"], ["list"]),
    (["w", "new_hotkey", "--help"], ["new-hotkey"]),  # a hidden alias builds its original only
    (["stake", "child", "get", "--help"], ["get"]),  # a sub-group of a group: its one command
    (["stake", "add", "--help"], ["add"]),
])
def test_a_command_builds_only_itself_in_its_group(argv, expected):
    assert _built_after(argv) == expected


def test_a_group_help_still_lists_every_command(btcli):
    page = btcli("wallet", "--help", env={"COLUMNS": "200"}).stdout
    for name in ("create", "list", "balance", "transfer", "overview", "swap-coldkey", "encrypt"):
        assert f"│ {name} " in page, name
    assert "new_hotkey" not in page  # aliases stay hidden

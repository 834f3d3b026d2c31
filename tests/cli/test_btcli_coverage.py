"""The README's "compared with the real btcli" table: generated from both command trees
(scripts/btcli_coverage.py), current in README.md, and its real tree the real btcli 9.23.2's own
(walked in the real tool's venv; skipped where it cannot be installed)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import btcli_coverage  # noqa: E402


def test_readme_table_is_current():
    text = (ROOT / "README.md").read_text()
    assert btcli_coverage.START in text and btcli_coverage.END in text
    body = text.split(btcli_coverage.START)[1].split(btcli_coverage.END)[0]
    assert body.strip() == btcli_coverage.table(btcli_coverage.compare()).strip(), \
        "run: python scripts/btcli_coverage.py --write"


def test_every_real_command_is_present_out_of_scope_or_said_not_yet():
    rows = btcli_coverage.compare()
    assert {r.status for r in rows} <= {"yes", "out of scope", "not yet"}
    assert all(r.why for r in rows if r.status == "out of scope")
    present = {r.path for r in rows if r.status == "yes"}
    # commands taonet has had since the first release stay present
    assert {"wallet transfer", "stake add", "stake remove", "subnets register", "sudo set", "weights commit",
            "view dashboard"} <= present


def test_an_alias_and_a_refused_flag_are_read_from_taonet_s_app():
    rows = {r.path: r for r in btcli_coverage.compare()}
    assert "--mev-protection/--no-mev-protection" in rows["stake add"].refused
    assert rows["wallet list"].missing == []


WALK = r"""
import json, sys, typer
from typer import _click as click
from bittensor_cli.cli import CLIManager
root = typer.main.get_command(CLIManager().app)
out = {}
def walk(cmd, path, ctx):
    out[" ".join(path)] = sorted(o for p in cmd.params for o in (*p.opts, *p.secondary_opts))
    if hasattr(cmd, "list_commands"):
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            walk(sub, path + [name], click.Context(sub, parent=ctx))
walk(root, [], click.Context(root))
print(json.dumps(out))
"""


@pytest.mark.interop
def test_the_real_tree_is_the_real_btcli_s(tmp_path):
    from tests.interop.conftest import real_venv

    python = real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2")
    done = subprocess.run([str(python), "-c", WALK], capture_output=True, text=True, timeout=120,
                          env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    real = json.loads(done.stdout.strip().splitlines()[-1])
    for command in btcli_coverage.real_tree():
        assert command.path in real, command.path
        for alias in command.aliases:
            assert " ".join([*command.path.split()[:-1], alias]) in real, (command.path, alias)
        spellings = set(real[command.path])
        for option in command.options:
            first = option.split("/")[0].split("(")[0]
            assert first in spellings, (command.path, option)
    # and nothing the real tool has is left out of the table: each path, its aliases read as the
    # command they stand for word by word, is a listed command
    tree = btcli_coverage.real_tree()
    for path in real:
        canonical: list[str] = []
        for word in path.split():
            head = " ".join(canonical)
            names = {c.path.split()[-1]: c.path.split()[-1] for c in tree if " ".join(c.path.split()[:-1]) == head}
            names.update({a: c.path.split()[-1] for c in tree if " ".join(c.path.split()[:-1]) == head
                          for a in c.aliases})
            assert word in names, path
            canonical.append(names[word])

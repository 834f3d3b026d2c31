"""House rules that keep the tree honest: lazy imports, downward-only layers, a current man page."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, btcli_exe

HEAVY = ("numpy", "torch", "httpx", "textual", "uvicorn", "starlette", "sqlite_utils", "bip_utils", "pydantic",
         "async_substrate_interface", "scalecodec", "websockets", "xxhash")


@pytest.mark.parametrize("argv", [["--help"], ["wallet", "--help"], ["wallet", "list", "--help"],
                                  ["stake", "add", "--help"], ["subnets", "metagraph", "--help"]])
def test_help_imports_nothing_heavy(argv):
    probe = (
        "import sys, runpy; sys.argv = ['btcli'] + %r\n"
        "try:\n    from btcli.main import run; run()\n"
        "except SystemExit: pass\n"
        "import json; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in %r)), file=sys.stderr)"
    ) % (argv, HEAVY)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO)
    loaded = json.loads(result.stderr.strip().splitlines()[-1])
    assert loaded == [], f"btcli {' '.join(argv)} imported {loaded}"


# Which top-level packages each layer may import (spec: ARCHITECTURE.md).
ALLOWED = {
    "consensus": {"consensus"},
    "wallet": {"wallet"},
    "serving": {"serving"},
    "node": {"node", "consensus", "wallet", "serving"},
    "client": {"client", "node", "wallet", "consensus"},
    "subnets": {"subnets", "client", "wallet", "consensus", "serving"},
    "tui": {"tui", "client", "wallet", "consensus"},
    "btcli": {"btcli", "client", "wallet", "consensus", "tui", "subnets", "node", "serving"},
}
LAYERS = set(ALLOWED)


def _top_level_imports(path: Path) -> set[str]:
    """Every top-level module `path` imports, at module level or inside functions."""
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value).split(".")[0])
    return names


def _imports(path: Path) -> set[str]:
    return _top_level_imports(path) & LAYERS


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layers_import_downward_only(layer):
    folder = REPO / layer
    if not folder.exists():
        pytest.skip(f"{layer}/ not written yet")
    for path in folder.rglob("*.py"):
        bad = _imports(path) - ALLOWED[layer]
        assert not bad, f"{path.relative_to(REPO)} imports {sorted(bad)}, against the layering in ARCHITECTURE.md"


BUILD_OUTPUT = {"build", "dist"}
"""Folders that hold copies, not source: `pip install .` leaves every package again under build/lib."""


def _source_folders(*skip: str) -> list[Path]:
    """The repository's top-level folders of source, less `skip` (never dot folders such as .venv, build
    output or *.egg-info)."""
    return [d for d in sorted(REPO.iterdir()) if d.is_dir() and not d.name.startswith(".") and d.name not in skip
            and d.name not in BUILD_OUTPUT and not d.name.endswith(".egg-info")]


NODE_HTTP = {"httpx", "httpcore"}  # the HTTP stack that speaks to a node


def test_only_the_client_layer_uses_httpx():
    """btcli, tui, subnets (and bench/scripts) reach a node only through client/. Tests may use httpx
    to probe the servers themselves. subnets/protocol's dendrite talks to axons (not nodes) with its
    own small HTTP/1.1 client on h11 (subnets/protocol/http11.py), which this rule leaves alone."""
    offenders = []
    for path in sorted(p for d in _source_folders("client", "tests") for p in d.rglob("*.py")):
        found = _top_level_imports(path) & NODE_HTTP
        if found:
            offenders.append(f"{path.relative_to(REPO)} imports {sorted(found)}")
    assert not offenders, "only client/ may use httpx (go through client.rpc / client.heads): " + "; ".join(offenders)


SUBSTRATE = {"async_substrate_interface", "scalecodec", "websockets", "xxhash", "bt_decode"}
"""The Substrate stack the subtensor backend speaks with."""


def test_only_the_subtensor_backend_speaks_substrate():
    """Two places know SCALE and the Substrate JSON-RPC: client/subtensor/ (speaking to a subtensor
    node) and node/substrate/ (the node answering as one); tests and bench/ may use them to play a node or measure one."""
    offenders = []
    for path in sorted(p for d in _source_folders("tests", "bench") for p in d.rglob("*.py")):
        if path.is_relative_to(REPO / "client" / "subtensor") or path.is_relative_to(REPO / "node" / "substrate"):
            continue
        found = _top_level_imports(path) & SUBSTRATE
        if found:
            offenders.append(f"{path.relative_to(REPO)} imports {sorted(found)}")
    assert not offenders, ("only client/subtensor/ and node/substrate/ may use the Substrate stack: "
                           + "; ".join(offenders))


def test_consensus_is_pure():
    for path in (REPO / "consensus").rglob("*.py"):
        text = path.read_text()
        for forbidden in ("import sqlite3", "sqlite_utils", "open(", "httpx", "import os"):
            assert forbidden not in text, f"{path.name} uses {forbidden!r}: consensus is pure maths"


def test_man_page_is_current():
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "gen_man.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_btcli_help_lists_the_groups():
    result = subprocess.run(btcli_exe() + ["--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "wallet" in result.stdout


def test_every_rpc_method_is_documented_in_readme_and_man():
    from node.rpc_hosting import NAMES as HOSTING
    from node.rpc_registry import METHODS

    readme = (REPO / "README.md").read_text()
    man = (REPO / "man" / "btcli.1").read_text()
    for name in [*METHODS, *HOSTING]:
        assert f"| `{name}(" in readme, f"{name} is missing from README's JSON-RPC table"
        assert name.replace("_", "_") in man, f"{name} is missing from man/btcli.1"


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    line = next(l for l in readme.splitlines() if l.startswith("python3 -m venv") and "pytest" in l)
    install = line.split("&& pip install ", 1)[1].split(" && ")[0]
    test_command = line.rsplit(" && ", 1)[1]
    assert f"pip install -q {install}" in ci, install
    assert ci.rstrip().splitlines()[-1] == test_command

"""Import hygiene: `import node` / `import client` stay light; btcli help pages load no heavy stack."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("numpy", "torch", "httpx", "textual", "uvicorn", "starlette", "sqlite_utils")


def loaded_after(code: str) -> list[str]:
    probe = f"""
import sys, json
try:
    {code}
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_node_and_client_imports_are_light():
    assert loaded_after("import node, node.extrinsic, node.paths, client, client.balance, client.network, client.extrinsics") == []


@pytest.mark.parametrize("argv", [["node", "--help"], ["config", "--help"], ["wallet", "balance", "--help"],
                                  ["wallet", "transfer", "--help"], ["node", "start", "--help"]])
def test_help_pages_import_nothing_heavy(argv):
    assert loaded_after(f"from btcli.main import run; run({argv!r})") == []


def test_layers_import_downward_only():
    """node never imports client or btcli; client never imports btcli."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    for package, forbidden in (("node", ("client", "btcli", "tui", "subnets")), ("client", ("btcli", "tui", "subnets"))):
        for path in (root / package).rglob("*.py"):
            text = path.read_text()
            for name in forbidden:
                assert f"from {name}" not in text and f"import {name}" not in text.replace(f"import {name}_", ""), (path, name)


def test_every_rpc_module_can_be_imported_first():
    """Whichever RPC module is imported first, it loads on its own, and the registry serves every
    method (registration is the registry's explicit list, never an import side effect)."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "node"
    modules = sorted(f"node.{p.stem}" for p in root.glob("rpc*.py"))
    assert "node.rpc_economy" in modules and "node.rpc_registry" in modules
    for module in modules:
        code = (f"import {module}; from node.rpc_registry import METHODS; "
                "assert {'taonet_metagraph', 'taonet_subnets', 'taonet_history', 'system_health'} <= set(METHODS), sorted(METHODS)")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"import {module} first: {done.stderr.strip().splitlines()[-1:]}"


def test_rpc_modules_define_methods_only_in_their_table():
    """Each RPC module's TABLE names the functions it defines, and nothing registers elsewhere:
    the registry is exactly the union of the listed modules' tables."""
    from node import rpc_registry

    union = {}
    for module in rpc_registry.MODULES:
        for name, fn in module.TABLE.items():
            assert fn.__module__ == module.__name__, (name, fn.__module__)
            union[name] = fn
    assert dict(rpc_registry.METHODS).items() >= union.items()
    assert set(rpc_registry.METHODS) - set(union) <= {"taonet_processStart", "taonet_processStop",
                                                      "taonet_processList", "taonet_processLogs"}

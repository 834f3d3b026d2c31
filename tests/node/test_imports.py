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
    """node never imports client or btcli; client never imports btcli (every import statement, nested
    ones too, read with ast: `from node.runtime import subnets` is node's own module, not the package)."""
    import ast
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    for package, forbidden in (("node", ("client", "btcli", "tui", "subnets")), ("client", ("btcli", "tui", "subnets"))):
        for path in (root / package).rglob("*.py"):
            tops = set()
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    tops |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    tops.add(node.module.split(".")[0])
            assert not tops & set(forbidden), (path, sorted(tops & set(forbidden)))


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


def _runtime_nodes(tree):
    """Every ast node of `tree` except the bodies of `if TYPE_CHECKING:` blocks."""
    import ast

    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _node_import_graph() -> dict[str, set[str]]:
    """node's modules -> the node modules each imports, module-level and inside functions alike
    (read with ast, nothing is imported). `from pkg import sub` counts as importing `pkg.sub`
    when that is a module, else `pkg`; a package's own __init__ is not an edge of its submodules;
    imports under `if TYPE_CHECKING:` are left out (annotations only, never run)."""
    import ast
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    modules: dict[str, pathlib.Path] = {}
    for path in (root / "node").rglob("*.py"):
        parts = path.relative_to(root).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in _runtime_nodes(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:  # `import node.a.b` where only node.a is ours, etc.
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges.add(target)
        graph[name] = edges
    return graph


def test_node_has_no_import_cycle():
    """No module of node/ imports (at module level or in a function) one that imports it back,
    directly or through others: registration by import side effect and shared helpers across RPC
    modules once tied them in knots (issue 16)."""
    graph = _node_import_graph()
    assert "node.rpc" in graph and graph["node.rpc"], "the import graph was not read"
    cycles, state, stack = [], {}, []

    def visit(module: str) -> None:
        state[module] = "open"
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert not cycles, "import cycles in node/:\n" + "\n".join(" -> ".join(c) for c in cycles)

"""Subnets by name: the built-in `template`, and any package's through the entry point group
`taonet.subnets` (name = module; the module defines `Miner` and `Validator` classes).

A package registers one in its pyproject.toml:

    [project.entry-points."taonet.subnets"]
    mysubnet = "my_package.my_subnet"

`--subnet` also takes a dotted module name (`my_package.my_subnet`) or the path of a `.py` file.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from subnets.base.neuron import Neuron

GROUP = "taonet.subnets"
BUILTIN = {"template": "subnets.template", "charlm": "subnets.charlm"}


class SubnetNotFound(LookupError):
    """No subnet by that name (the message lists the known ones)."""


@dataclass(frozen=True)
class SubnetDef:
    name: str
    module: ModuleType
    miner: type[Neuron]
    validator: type[Neuron]

    def neuron_class(self, role: str) -> type[Neuron]:
        return self.miner if role == "miner" else self.validator


def _entry_points() -> dict[str, Any]:
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def known() -> list[str]:
    """Every subnet name: the built-in ones and those of installed packages."""
    return sorted(set(BUILTIN) | set(_entry_points()))


def _from_file(path: Path) -> ModuleType:
    name = f"taonet_subnet_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SubnetNotFound(f"cannot load a subnet from {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load(name: str) -> SubnetDef:
    """The subnet called `name` (built-in, entry point, dotted module or .py file)."""
    eps = _entry_points()
    if name in BUILTIN:
        module = importlib.import_module(BUILTIN[name])
    elif name in eps:
        loaded = eps[name].load()
        module = loaded if isinstance(loaded, ModuleType) else _as_module(name, loaded)
    elif name.endswith(".py"):
        path = Path(name).expanduser()
        if not path.is_file():
            raise SubnetNotFound(f"no subnet file at {path}")
        module = _from_file(path)
    elif "." in name:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            raise SubnetNotFound(f"cannot import subnet module {name!r}: {exc}") from None
    else:
        raise SubnetNotFound(f"unknown subnet {name!r}; known subnets: {', '.join(known())} "
                             f"(a package adds one through the {GROUP!r} entry point group)")
    miner, validator = getattr(module, "Miner", None), getattr(module, "Validator", None)
    if not (isinstance(miner, type) and isinstance(validator, type)):
        raise SubnetNotFound(f"subnet {name!r} ({module.__name__}) must define `Miner` and `Validator` classes")
    return SubnetDef(name, module, miner, validator)


def _as_module(name: str, obj: Any) -> ModuleType:
    """An entry point may name an object with `Miner` and `Validator` attributes instead of a module."""
    module = ModuleType(f"taonet_subnet_{name}")
    module.Miner = getattr(obj, "Miner", None)  # type: ignore[attr-defined]
    module.Validator = getattr(obj, "Validator", None)  # type: ignore[attr-defined]
    return module

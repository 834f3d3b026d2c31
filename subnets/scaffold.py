"""`btcli subnets scaffold NAME`: a one-module subnet skeleton that `localnet up --subnet NAME` runs.

It writes `<dir>/<NAME>/pyproject.toml`, which declares the module in the `taonet.subnets` entry point
group, and `<dir>/<NAME>/<NAME>.py`, a complete subnet (a synapse, a miner, a validator) with a
task to replace: the validator sends a word, a miner answers it reversed. After
`pip install -e <dir>/<NAME>` the subnet is found by name; without installing, pass the file:
`--subnet <dir>/<NAME>/<NAME>.py`. Knows nothing of Typer.
"""
from __future__ import annotations

import keyword
import re
from pathlib import Path

PYPROJECT = '''[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{dist}"
version = "0.1.0"
description = "The {name} subnet for taonet"
requires-python = ">=3.10"
dependencies = ["taonet"]

[tool.setuptools]
py-modules = ["{name}"]

[project.entry-points."taonet.subnets"]
{name} = "{name}"
'''

MODULE = '''"""The {name} subnet, in one module (written by `btcli subnets scaffold {name}`).

The task to replace with yours: the validator sends a random word, a miner answers it reversed.
A miner started with `--option bad=true` answers it unchanged, so it scores 0.

    btcli localnet up --subnet {name}                   # after `pip install -e .` in this folder
    btcli localnet up --subnet path/to/{name}.py        # or without installing

Write your task in three places: the synapse's fields (with limits), `Miner.forward` (the answer),
and `Validator.challenge` / `Validator.score` (one number in [0, 1] per answer; a failed or
malformed answer must score 0). See the `charlm` subnet for a learning task.
"""
from __future__ import annotations

import random
import string
from typing import Annotated, ClassVar, Optional, Sequence

from pydantic import Field

from subnets.base import Answer, Miner, Validator
from subnets.protocol.synapse import Synapse

MAX_WORD = 64


class {cls}Synapse(Synapse):
    """The request (`word`) and the miner's answer (`answer`), with their size limits."""

    word: Annotated[str, Field(max_length=MAX_WORD)]
    answer: Optional[Annotated[str, Field(max_length=MAX_WORD)]] = None
    required_hash_fields: ClassVar[tuple[str, ...]] = ("word",)
    max_request_bytes: ClassVar[int] = 4096
    max_response_bytes: ClassVar[int] = 8192


class {cls}Miner(Miner):
    synapse = {cls}Synapse

    def forward(self, synapse: {cls}Synapse) -> {cls}Synapse:
        bad = self.option("bad", False)
        synapse.answer = synapse.word if bad else synapse.word[::-1]
        return synapse


class {cls}Validator(Validator):
    def challenge(self) -> {cls}Synapse:
        rng = random.Random(f"{name}/{{self.netuid}}/{{self.metagraph.block}}")  # validators agree per block
        return {cls}Synapse(word="".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 20))))

    def score(self, challenge: {cls}Synapse, answers: Sequence[Answer]) -> list[float]:
        expected = challenge.word[::-1]
        return [1.0 if a.ok and getattr(a.synapse, "answer", None) == expected else 0.0 for a in answers]


def localnet_miner_options(index: int, count: int) -> dict[str, str]:
    """`btcli localnet up`: the last of several miners is a bad one, to show a score of 0."""
    return {{"bad": "true"}} if count > 1 and index == count - 1 else {{}}


Miner = {cls}Miner  # what the subnet registry looks for: `Miner` and `Validator`
Validator = {cls}Validator
'''

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def check_name(name: str) -> None:
    if not _NAME.match(name) or keyword.iskeyword(name):
        raise ValueError(f"a subnet name is a lowercase Python identifier (letters, digits, _; up to 40), not {name!r}")


def scaffold(name: str, directory: str | Path = ".", force: bool = False) -> dict[str, str]:
    """Write the skeleton of subnet `name` under `directory`; the paths written (ValueError if they exist)."""
    check_name(name)
    root = Path(directory).expanduser() / name
    module, pyproject = root / f"{name}.py", root / "pyproject.toml"
    existing = [str(p) for p in (module, pyproject) if p.exists()]
    if existing and not force:
        raise ValueError(f"the subnet's files exist already ({', '.join(existing)}): choose another --dir or "
                         "name, or pass --force")
    cls = "".join(part.capitalize() for part in name.split("_")) or name
    root.mkdir(parents=True, exist_ok=True)
    pyproject.write_text(PYPROJECT.format(name=name, dist=f"taonet-subnet-{name.replace('_', '-')}"))
    module.write_text(MODULE.format(name=name, cls=cls))
    return {"name": name, "folder": str(root), "module": str(module), "pyproject": str(pyproject),
            "install": f"pip install -e {root}", "run": f"btcli localnet up --subnet {name}",
            "run_without_install": f"btcli localnet up --subnet {module}"}

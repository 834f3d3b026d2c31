"""`import subnets` and `import subnets.protocol` stay light: no HTTP stack, no pydantic."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

HEAVY = ("uvicorn", "starlette", "httpx", "pydantic", "h11", "numpy", "torch")


def test_package_import_is_light():
    probe = ("import sys, json, subnets, subnets.protocol; "
             f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_dendrite_does_not_load_the_server_stack():
    probe = ("import sys, json, subnets.protocol.dendrite; "
             "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('uvicorn', 'starlette', 'httpx'))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO)
    assert json.loads(done.stdout) == []

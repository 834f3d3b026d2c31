"""Shared by the btcli subprocess tests."""
from __future__ import annotations

import json
from typing import Any


def json_of(result: Any, code: int = 0) -> Any:
    """The pure JSON a `btcli … --json-output` run printed, after checking its exit code (and that
    no traceback reached the user); fails if anything else is on stdout."""
    assert result.returncode == code, result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)

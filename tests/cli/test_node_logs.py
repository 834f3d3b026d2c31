"""`btcli node logs`: the tail as text, and as a JSON list with --json-output."""
from __future__ import annotations

import json

from tests.node.fixtures import free_port


def test_node_logs_text_and_json(btcli, tmp_path):
    data, port = str(tmp_path / "node"), str(free_port())
    started = btcli("node", "start", "--dev", "--detach", "--data-dir", data, "--rpc-port", port, "--json-output")
    assert started.returncode == 0, started.stderr
    try:
        text = btcli("node", "logs", "--data-dir", data, "-n", "5")
        assert text.returncode == 0 and "RPC on" in text.stdout
        as_json = json.loads(btcli("node", "logs", "--data-dir", data, "-n", "5", "--json-output").stdout)
        assert as_json["log"].endswith("node.log") and 0 < len(as_json["lines"]) <= 5
        assert all(isinstance(line, str) and "\n" not in line for line in as_json["lines"])
    finally:
        btcli("node", "stop", "--data-dir", data)
    missing = btcli("node", "logs", "--data-dir", str(tmp_path / "none"), "--json-output")
    assert missing.returncode == 1 and json.loads(missing.stdout)["success"] is False

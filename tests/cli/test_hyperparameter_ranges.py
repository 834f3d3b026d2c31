"""`btcli subnets hyperparameters` against a real dev node: every range reads as a range (a boolean's
is "true/false", never `[None, ∞]`)."""

from __future__ import annotations

from tests.tui.devnet import populated_node


def test_boolean_ranges_read_true_false(btcli, tmp_path):
    node, _ = populated_node(tmp_path / "chain", tmp_path / "wallets")
    try:
        out = btcli("subnets", "hyperparameters", "--netuid", "1", "--network", node.url)
    finally:
        node.stop()
    assert out.returncode == 0, out.stderr
    assert "None" not in out.stdout, out.stdout
    row = next(line for line in out.stdout.splitlines() if "yuma3_enabled" in line)
    assert "true/false" in row and "bool" in row, row
    assert "[0, 65535]" in next(line for line in out.stdout.splitlines() if " kappa " in line)

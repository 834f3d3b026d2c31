"""`btcli view` in a real terminal (tmux) against a dev node: open it, switch to the Subnet view,
find the metagraph on screen, open the Stake and Charts forms (their fields must not trap the
view keys), type in a field and leave it with Escape, quit with q."""

from __future__ import annotations

import shlex

from tests.conftest import btcli_exe
from tests.terminal.tmux import Tmux
from tests.tui.devnet import populated_node


def test_btcli_view_shows_the_metagraph_in_a_terminal(tmp_path, isolated_home):
    node, keys = populated_node(tmp_path / "chain", tmp_path / "wallets")
    term = Tmux(120, 40)
    try:
        command = " ".join(shlex.quote(a) for a in btcli_exe() + ["view", "--network", node.url, "--wallet-path",
                                                                   str(tmp_path / "wallets"), "--netuid", "1"])
        term.start(command, env={"TERM": "xterm-256color"})
        term.wait_for("demo", timeout=60)  # the Network view lists subnet 1
        term.send("2")
        screen = term.wait_for("Hotkey", timeout=30)
        term.wait_for(keys["miner2"][:6], timeout=30)
        assert "Subnet 1" in term.screen(), screen
        term.send("4")  # the Stake form: its fields must not take the view keys
        term.wait_for("Edit form", timeout=30)
        term.send("6")
        term.wait_for("Neuron uid", timeout=30)
        term.send("Enter")  # into the uid field: the footer says how to leave it
        term.wait_for("Leave field", timeout=30)
        term.send("7")
        term.send("Escape")
        term.wait_for("Neuron uid", timeout=30)
        term.send("q")
        assert term.exit_code(timeout=30) == 0
    finally:
        term.close()
        node.stop()

"""`--live` on `subnets list` and `stake list` in a real terminal (tmux) against a dev node: the table
is drawn (over the taonet backend and, on the node's Substrate façade, the subtensor backend), redrawn as blocks arrive (the block number in its footer moves on), and Ctrl-C stops it
cleanly (exit 0, no traceback, the last table left on screen)."""
from __future__ import annotations

import os
import re
import shlex

import pytest

from tests.conftest import btcli_exe
from tests.node.fixtures import NodeProcess
from tests.terminal.tmux import Tmux

pytestmark = pytest.mark.slow
ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    n = NodeProcess(tmp_path_factory.mktemp("live") / "chain", block_time=0.2)
    yield n
    n.stop()


@pytest.fixture
def term():
    t = Tmux(width=160, height=50)
    yield t
    t.close()


def _blocks(screen: str, what: str) -> list[int]:
    return [int(b) for b in re.findall(rf"Live {re.escape(what)} at block #(\d+)", screen)]


@pytest.mark.parametrize("args, what, ws", [
    (["subnets", "list", "--live"], "the subnets", False),
    (["stake", "list", "--live", "--ss58", ALICE], f"stake of {ALICE}", False),
    (["subnets", "list", "--live"], "the subnets", True),  # the subtensor backend: chain_subscribeNewHeads
])
def test_live_redraws_each_block_and_stops_on_ctrl_c(node, term, isolated_home, args, what, ws):
    url = node.url.replace("http://", "ws://") if ws else node.url
    cmd = " ".join(map(shlex.quote, btcli_exe() + args + ["--network", url]))
    term.start(cmd, {"HOME": str(isolated_home), "TAONET_CONFIG": str(isolated_home / "config.json"),
                     "PATH": os.environ["PATH"]})
    first = _blocks(term.wait_for(f"Live {what} at block #", timeout=60), what)[-1]
    term.wait_for(f"Live {what} at block #{first + 3}", timeout=60)
    screen = term.screen()
    assert len(_blocks(screen, what)) == 1, "redrawn in place, not printed again"
    term.send("C-c")
    assert term.exit_code() == 0
    screen = term.screen()
    assert f"Stopped following {what}." in screen and "Traceback" not in screen
    assert ("Subnets at block" if args[0] == "subnets" else "Total value") in screen


def test_live_refuses_json(node, isolated_home):
    import subprocess

    done = subprocess.run(btcli_exe() + ["subnets", "list", "--live", "--json-output", "--network", node.url],
                          capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "HOME": str(isolated_home)})
    assert done.returncode == 2 and "--live draws a table" in done.stdout

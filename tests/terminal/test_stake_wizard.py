"""`btcli stake wizard` as a person meets it, in a real terminal (tmux): choose a move, pick the
position and the destination hotkey, take the default subnet, give an amount, see the same preview as
`stake move` and confirm it; the stake lands on the destination. Also: q cancels with nothing signed,
and a swap answered from piped stdin with --no-prompt (the same path as `stake swap`)."""
from __future__ import annotations

import json
import os
import shlex
import subprocess

import pytest

from tests.conftest import btcli_exe
from tests.node.fixtures import NodeProcess
from tests.terminal.tmux import Tmux

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("wizard")
    home = root / "home"
    home.mkdir()
    node = NodeProcess(root / "chain", block_time=0.1)
    environ = {"HOME": str(home), "TAONET_CONFIG": str(home / "config.json"), "PATH": os.environ["PATH"]}
    wallets = str(root / "wallets")
    me = ["--wallet-name", "alice", "-p", wallets]
    net = ["--network", node.url]

    def run(*args: str, stdin: str | None = None, online: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(btcli_exe() + list(args) + (net if online else []), check=False, capture_output=True,
                              text=True, timeout=120, env={**os.environ, **environ}, input=stdin,
                              stdin=None if stdin is not None else subprocess.DEVNULL)

    def ok(*args: str) -> dict:
        done = run(*args, "--json-output")
        assert done.returncode == 0, done.stderr + done.stdout
        return json.loads(done.stdout)

    assert run("wallet", "create", *me, "--uri", "//Alice", "--no-use-password", online=False).returncode == 0
    assert run("wallet", "new-hotkey", *me, "--hotkey", "miner1", "--no-use-password", online=False).returncode == 0
    for n in ("1", "2"):
        ok("subnets", "create", *me, "-y")
        ok("subnets", "start", "--netuid", n, *me, "-y")
        ok("subnets", "register", "--netuid", n, *me, "--hotkey", "miner1", "-y")
    ok("stake", "add", *me, "--hotkey", "miner1", "--netuid", "1", "--amount", "10", "--unsafe", "-y")
    yield type("Env", (), {"node": node, "environ": environ, "me": me, "net": net, "run": run, "ok": ok})
    node.stop()


def _alpha(env, label: str, netuid: int) -> int:
    rows = env.ok("stake", "list", *env.me)["stakes"]
    return sum(r["alpha_rao"] for r in rows if r["hotkey_label"] == label and r["netuid"] == netuid)


def test_move_in_a_real_terminal(env):
    term = Tmux(width=160, height=60)
    try:
        before = _alpha(env, "default", 1)
        term.start(" ".join(map(shlex.quote, btcli_exe() + ["stake", "wizard", *env.me, *env.net, "--unsafe"])),
                   env.environ)
        listed = [(r["hotkey_label"], r["netuid"]) for r in env.ok("stake", "list", *env.me)["stakes"]
                  if r["alpha_rao"] > 0]
        term.wait_for("What would you like to do?")
        term.type("1")
        screen = term.wait_for("Enter the # of the stake")
        assert "Your stake" in screen and "miner1" in screen
        term.type(str(listed.index(("miner1", 1))))
        screen = term.wait_for("destination hotkey")
        index = next(line.split(":")[0].strip() for line in screen.splitlines() if line.strip().endswith(")")
                     and "default (" in line)
        term.type(index)
        term.wait_for("destination netuid")
        term.type("")  # the default: the same subnet
        term.wait_for("amount of alpha to move")
        term.type("2")
        screen = term.wait_for("Submit the 1 item(s)")
        assert "stake move: preview" in screen
        term.type("y")
        assert term.exit_code(timeout=90) == 0
        assert "stake move: results" in term.screen()
    finally:
        term.close()
    assert _alpha(env, "default", 1) > before


def test_q_cancels_and_a_swap_from_stdin(env):
    cancelled = env.run("stake", "wizard", *env.me, stdin="q\n")
    assert cancelled.returncode == 0 and "Wizard cancelled" in cancelled.stderr
    held = _alpha(env, "miner1", 1)
    listed = [(r["hotkey_label"], r["netuid"]) for r in env.ok("stake", "list", *env.me)["stakes"] if r["alpha_rao"] > 0]
    index = listed.index(("miner1", 1))  # the wizard lists the positions in `stake list`'s order
    done = env.run("stake", "wizard", *env.me, "--unsafe", "-y", stdin=f"3\n{index}\n2\nall\n")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert _alpha(env, "miner1", 1) == 0 and _alpha(env, "miner1", 2) > 0 and held > 0
    listed = [(r["hotkey_label"], r["netuid"]) for r in env.ok("stake", "list", *env.me)["stakes"] if r["alpha_rao"] > 0]
    index = listed.index(("miner1", 2))
    again = env.run("stake", "wizard", *env.me, "-y", stdin=f"3\n{index}\n2\n")  # swap to the subnet it is on
    assert again.returncode == 1 and "another subnet" in again.stderr

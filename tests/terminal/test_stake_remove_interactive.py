"""`btcli stake remove --interactive` as a person meets it, in a real terminal (tmux): the hotkeys with
stake are listed, one is picked, then its subnet, "not all", an amount; the same preview as `stake
remove` is confirmed and the stake falls by exactly that amount (the chain's StakeRemoved event) while
the free balance rises. Also: q and --no change nothing, answers piped on stdin with -y, `all` subnets
(one unstake_all), and no terminal with nothing piped (or --json-output) refuses in one line."""
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
    root = tmp_path_factory.mktemp("unstake")
    home = root / "home"
    home.mkdir()
    node = NodeProcess(root / "chain", block_time=0.1)
    environ = {"HOME": str(home), "TAONET_CONFIG": str(home / "config.json"), "PATH": os.environ["PATH"]}
    me = ["--wallet-name", "alice", "-p", str(root / "wallets")]
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
    ok("subnets", "create", *me, "-y")
    ok("subnets", "start", "--netuid", "1", *me, "-y")
    ok("subnets", "register", "--netuid", "1", *me, "--hotkey", "miner1", "-y")
    ok("stake", "add", *me, "--hotkey", "miner1", "--netuid", "1", "--amount", "10", "--unsafe", "-y")
    yield type("Env", (), {"node": node, "environ": environ, "me": me, "net": net, "run": run, "ok": ok})
    node.stop()


def _state(env) -> tuple[int, int, int]:
    """(miner1's alpha on subnet 1, the coldkey's free rao, the head block)."""
    rows = env.ok("stake", "list", *env.me)
    alpha = sum(r["alpha_rao"] for r in rows["stakes"] if r["hotkey_label"] == "miner1" and r["netuid"] == 1)
    rpc = env.node.rpc()
    return alpha, rpc.call("taonet_accountInfo", rows["coldkey"])["free"], rows["head"]


def _removed(env, since: int) -> list[dict]:
    """The data of the StakeRemoved events after block `since`."""
    rpc = env.node.rpc()
    out, block = [], since + 1
    while (events := rpc.call("taonet_events", block)) is not None:
        out += [e["data"] for e in events if e["name"] == "subtensor.StakeRemoved"]
        block += 1
    return out


def _index(screen: str, label: str) -> str:
    """The index the hotkeys table gives `label`."""
    for line in screen.splitlines():
        cells = [c.strip() for c in line.replace("│", "|").replace("┃", "|").split("|") if c.strip()]
        if len(cells) >= 2 and cells[0].isdigit() and cells[1] == label:
            return cells[0]
    raise AssertionError(f"{label} is not listed:\n{screen}")


def test_unstake_part_of_one_position_in_a_real_terminal(env):
    alpha, free, head = _state(env)
    term = Tmux(width=180, height=60)
    try:
        term.start(" ".join(map(shlex.quote, btcli_exe() + ["stake", "remove", "-i", *env.me, *env.net, "--unsafe"])),
                   env.environ)
        screen = term.wait_for("Enter the index of the hotkey")
        assert "Hotkeys with stakes" in screen
        term.type(_index(screen, "miner1"))
        screen = term.wait_for("Enter the netuids")
        assert "Stakes for hotkey miner1" in screen
        term.type("1")
        term.wait_for("Unstake all:")
        term.type("n")
        term.wait_for("Enter the amount of alpha")
        term.type("2")
        screen = term.wait_for("Submit the 1 item(s)")
        assert "stake remove: preview" in screen
        term.type("y")
        assert term.exit_code(timeout=90) == 0, term.screen()
        assert "stake remove: results" in term.screen()
    finally:
        term.close()
    removed = _removed(env, head)
    assert [(e["alpha"], e["netuid"]) for e in removed] == [(2_000_000_000, 1)], removed
    after_alpha, after_free, _ = _state(env)
    assert after_free > free and after_alpha < alpha


def test_q_cancels_and_answers_piped_on_stdin(env):
    _, free, head = _state(env)
    rows = env.ok("stake", "list", *env.me)["stakes"]
    hotkeys = list(dict.fromkeys(r["hotkey"] for r in rows if r["alpha_rao"] > 0 and r["netuid"] == 1))
    index = hotkeys.index(next(r["hotkey"] for r in rows if r["hotkey_label"] == "miner1"))
    cancelled = env.run("stake", "remove", "-i", *env.me, "--netuid", "1", stdin=f"{index}\nq\n")
    assert cancelled.returncode == 0 and "Cancelled" in cancelled.stderr, cancelled.stderr
    declined = env.run("stake", "remove", "-i", *env.me, "--netuid", "1", "--unsafe", "--no", stdin=f"{index}\ny\n")
    assert declined.returncode == 1 and "declined" in declined.stderr.lower(), declined.stderr
    assert _removed(env, head) == [] and _state(env)[1] == free
    done = env.run("stake", "remove", "-i", *env.me, "--netuid", "1", "--unsafe", "-y", stdin=f"{index}\nn\n1.5\n")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert [e["alpha"] for e in _removed(env, head)] == [1_500_000_000]
    assert _state(env)[1] > free


def test_no_terminal_and_json_refuse_in_one_line(env):
    _, free, head = _state(env)
    bare = env.run("stake", "remove", "-i", *env.me)  # stdin is /dev/null: nobody to ask
    assert bare.returncode == 1 and "--netuid" in bare.stderr and len(bare.stderr.strip().splitlines()) == 1, bare.stderr
    as_json = env.run("stake", "remove", "-i", *env.me, "--json-output")
    body = json.loads(as_json.stdout)
    assert as_json.returncode == 2 and "--netuid" in body["error"] and "interactive" in body["error"]
    mixed = env.run("stake", "remove", "-i", "--hotkey", "miner1", *env.me)
    assert mixed.returncode == 2 and "picks the hotkey" in mixed.stderr
    assert _removed(env, head) == [] and _state(env)[1] == free


def test_all_subnets_of_a_hotkey_unstakes_everything(env):
    _, free, head = _state(env)
    rows = env.ok("stake", "list", *env.me)["stakes"]
    hotkeys = list(dict.fromkeys(r["hotkey"] for r in rows if r["alpha_rao"] > 0))
    index = hotkeys.index(next(r["hotkey"] for r in rows if r["hotkey_label"] == "miner1"))
    done = env.run("stake", "remove", "-i", *env.me, "-y", stdin=f"{index}\nall\nn\n")  # n: root too (unstake_all)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert [e["netuid"] for e in _removed(env, head)] == [1]
    alpha, after, _ = _state(env)
    assert alpha == 0 and after > free

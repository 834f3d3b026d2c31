"""Every `--json-output` shape is written once (btcli.json_shapes, shown by `man btcli`) and holds:
each command that takes --json-output has a shape, and the JSON each prints against one real dev
node (a `python -m node` process, real keys, the commands run in one helper process so the module
takes seconds) has exactly the documented keys and types, nested lists and maps included."""
from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from btcli import json_shapes
from tests.node.fixtures import NodeProcess, free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
MNEMONIC = " ".join(["abandon"] * 11 + ["about"])
M1 = "5Ci1FrMhSXMTu9k6Fx2XVuKidcobaF81cGBabup5tLP9x7N5"  # //AliceM1
CHARLIE = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y"
COMMAND_TIMEOUT = 120  # seconds for one command (each takes well under one)

# Documented but not run here, and why (each is run by its own tests).
NOT_RUN = {
    "wallet env-password": "asks for the password on a terminal (tests/cli/test_wallet_cli.py)",
    "localnet up": "starts a node with hosted miners and validators, ~20 s (tests/cli/test_localnet.py)",
    "localnet status": "needs a running localnet (tests/cli/test_localnet.py)",
    "localnet down": "needs a running localnet (tests/cli/test_localnet.py)",
    "miner start": "hosts a subnet process (tests/hosting)",
    "miner stop": "needs a hosted miner (tests/hosting)",
    "miner logs": "needs a hosted miner (tests/hosting)",
    "validator start": "hosts a subnet process (tests/hosting)",
    "validator stop": "needs a hosted validator (tests/hosting)",
    "validator logs": "needs a hosted validator (tests/hosting)",
}

# Runs btcli command lines in one process: one JSON argv per stdin line, one JSON result per stdout line.
DRIVER = r"""
import io, json, os, sys
out, commands = sys.stdout, sys.stdin
sys.stdin = open(os.devnull)  # a command that would ask reads nothing (and there is no terminal)
from btcli.main import run
for line in commands:
    argv, given = json.loads(line)
    sys.stdout, sys.stderr, sys.stdin = io.StringIO(), io.StringIO(), io.StringIO(given)
    code = 0
    try:
        run(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        printed, said = sys.stdout.getvalue(), sys.stderr.getvalue()
        sys.stdout, sys.stderr = out, sys.__stderr__
    out.write(json.dumps({"code": code, "stdout": printed, "stderr": said}) + "\n")
    out.flush()
"""


def json_commands() -> set[str]:
    """Every visible command (aliases left out) that takes --json-output, as "group command"."""
    import typer.main

    from btcli.main import app

    found: set[str] = set()

    def walk(group: Any, path: list[str]) -> None:
        for name, cmd in group.commands.items():
            if getattr(cmd, "hidden", False):
                continue
            if hasattr(cmd, "commands"):
                walk(cmd, [*path, name])
            elif any("--json-output" in p.opts for p in cmd.params):
                found.add(" ".join([*path, name]))

    walk(typer.main.get_command(app), [])
    return found


class Session:
    """The helper process and what each command printed (the first successful run of each)."""

    def __init__(self, root: Path, node: NodeProcess) -> None:
        home = root / "home"
        home.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BT_", "TAONET_", "BTCLI_"))}
        env.update(HOME=str(home), TAONET_CONFIG=str(home / "config.json"), XDG_DATA_HOME=str(home / "share"),
                   BTCLI_CONFIG_PATH=str(home / "btcli-config.yml"))
        self.proc = subprocess.Popen([sys.executable, "-c", DRIVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env, cwd=root, start_new_session=True)
        self.net = ["--network", node.url]
        self.printed: dict[str, Any] = {}
        self.failed: dict[str, str] = {}

    def run(self, name: str, *args: str, net: bool = True, must: bool = True, answer: str = "") -> Any:
        """Run one command line (`answer`: what it reads if it asks); its JSON, recorded under `name`."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps([[*args, *(self.net if net else []), "--json-output"], answer]) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], COMMAND_TIMEOUT)
        if not ready:
            self.proc.kill()
            pytest.fail(f"{name} ({' '.join(args)}) printed nothing within {COMMAND_TIMEOUT} s")
        result = json.loads(self.proc.stdout.readline())
        document = json.loads(result["stdout"]) if result["stdout"].strip() else None
        if result["code"] == 0:
            self.printed.setdefault(name, document)
        elif must:
            self.failed.setdefault(name, result["stderr"].strip())
        return document

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(30)


def scenario(s: Session, root: Path, node: NodeProcess) -> None:
    """One pass over the commands, in an order that gives their lists something to show."""
    w = str(root / "wallets")
    a = ["--wallet-name", "alice", "-p", w]
    b = ["--wallet-name", "bob", "-p", w]
    s.run("wallet create", "wallet", "create", *a, "--uri", "//Alice", "--no-use-password", net=False)
    s.run("wallet create", "wallet", "create", *b, "--uri", "//Bob", "--no-use-password", net=False)
    s.run("wallet new-hotkey", "wallet", "new-hotkey", *a, "--hotkey", "m1", "--uri", "//AliceM1", net=False)
    s.run("wallet new-coldkey", "wallet", "new-coldkey", "--wallet-name", "carol", "-p", w, "--uri", "//Charlie",
          "--no-use-password", net=False)
    s.run("wallet regen-coldkey", "wallet", "regen-coldkey", "--wallet-name", "dave", "-p", w, "--mnemonic", MNEMONIC,
          "--no-use-password", net=False)
    s.run("wallet regen-hotkey", "wallet", "regen-hotkey", "--wallet-name", "dave", "-p", w, "--hotkey", "h",
          "--mnemonic", MNEMONIC, net=False)
    s.run("wallet regen-coldkeypub", "wallet", "regen-coldkeypub", "--wallet-name", "eve", "-p", w, "--ss58", ALICE,
          net=False)
    s.run("wallet regen-hotkeypub", "wallet", "regen-hotkeypub", "--wallet-name", "eve", "-p", w, "--hotkey", "h",
          "--ss58", ALICE, net=False)
    ed = s.run("wallet new-coldkey", "wallet", "new-coldkey", "--wallet-name", "frank", "-p", w, "--uri", "//Frank",
               "--crypto-type", "ed25519", "--no-use-password", net=False)
    sealed = s.run("wallet encrypt", "wallet", "encrypt", "--to", ed["data"]["coldkey_ss58"], "--message", "hi",
                   net=False)
    s.run("wallet decrypt", "wallet", "decrypt", "--wallet-name", "frank", "-p", w, "--ciphertext",
          sealed["data"]["ciphertext_hex"], net=False)
    s.run("wallet list", "wallet", "list", "-p", w, net=False)
    signed = s.run("wallet sign", "wallet", "sign", *a, "--message", "hi", net=False)
    s.run("wallet verify", "wallet", "verify", "--message", "hi", "--signature", signed["signed_message"], "--address",
          signed["signer_address"], net=False)
    ed = ["--wallet-name", "ed", "-p", w]
    made = s.run("wallet create", "wallet", "create", *ed, "--uri", "//Edward", "--coldkey-crypto-type", "ed25519",
                 "--no-use-password", net=False)
    sealed = s.run("wallet encrypt", "wallet", "encrypt", "--to", made["data"]["coldkey_ss58"], "--message", "hi",
                   net=False)
    s.run("wallet decrypt", "wallet", "decrypt", *ed, "--no-use-hotkey", "--ciphertext",
          sealed["data"]["ciphertext_hex"], net=False)
    s.run("config set", "config", "set", "--network", "local", net=False)
    s.run("config get", "config", "get", net=False)
    s.run("config clear", "config", "clear", "--network", net=False)
    s.run("consensus epoch", "consensus", "epoch", str(ROOT / "examples/consensus/test_bonds_epoch3.json"), net=False)
    s.run("consensus simulate", "consensus", "simulate", str(ROOT / "examples/consensus/kappa_moves_first.json"), net=False)
    s.run("subnets scaffold", "subnets", "scaffold", "demo_sn", "--dir", str(root / "scaffold"), net=False)

    s.run("subnets create", "subnets", "create", *a, "--subnet-name", "demo", "-y")
    s.run("subnets check-start", "subnets", "check-start", "--netuid", "1")
    s.run("subnets start", "subnets", "start", *a, "--netuid", "1", "-y")
    for param, value in (("weights_rate_limit", "0"), ("commit_reveal_weights_enabled", "false"),
                         ("serving_rate_limit", "0")):
        s.run("sudo set", "sudo", "set", *a, "--netuid", "1", "--param", param, "--value", value, "-y")
    s.run("subnets register", "subnets", "register", *a, "--hotkey", "m1", "--netuid", "1", "-y")
    s.run("subnets register", "subnets", "register", *b, "--netuid", "1", "-y")
    s.run("axon set", "axon", "set", *a, "--hotkey", "m1", "--netuid", "1", "--ip", "1.2.3.4", "--port", "8091", "-y")
    s.run("subnets list", "subnets", "list")
    s.run("subnets show", "subnets", "show", "--netuid", "1")
    s.run("subnets metagraph", "subnets", "metagraph", "--netuid", "1")
    s.run("subnets price", "subnets", "price", "--netuid", "1")
    s.run("subnets price --interval-hours", "subnets", "price", "--netuid", "1", "--interval-hours", "1")
    s.run("subnets price", "subnets", "price", "--netuid", "1", "--interval-hours", "1")
    s.run("subnets hyperparameters", "subnets", "hyperparameters", "--netuid", "1")
    s.run("subnets burn-cost", "subnets", "burn-cost", "--netuid", "1")
    s.run("sudo get", "sudo", "get", "--netuid", "1")
    s.run("utils convert", "utils", "convert", "--tao", "1.5", "--alpha", "2", "--netuid", "1")
    s.run("subnets set-identity", "subnets", "set-identity", *a, "--netuid", "1", "--subnet-name", "Demo", "-y")
    s.run("subnets get-identity", "subnets", "get-identity", "--netuid", "1")
    s.run("subnets set-symbol", "subnets", "set-symbol", *a, "--netuid", "1", "β", "-y")
    s.run("wallet set-identity", "wallet", "set-identity", *a, "--id-name", "Alice", "-y")
    s.run("wallet get-identity", "wallet", "get-identity", *a)
    s.run("wallet associate-hotkey", "wallet", "associate-hotkey", *a, "--hotkey", "m1", "-y")
    s.run("wallet transfer", "wallet", "transfer", *a, "--destination", BOB, "--amount", "1", "-y")

    s.run("stake add", "stake", "add", *a, "--hotkey", "m1", "--netuid", "1", "--amount", "10", "--unsafe", "-y")
    s.run("stake list", "stake", "list", *a)
    s.run("stake move", "stake", "move", *a, "--hotkey", "m1", "--dest", BOB, "--origin-netuid", "1", "--dest-netuid",
          "1", "--amount", "1", "--unsafe", "-y")
    s.run("stake swap", "stake", "swap", *a, "--hotkey", "m1", "--origin-netuid", "1", "--dest-netuid", "0",
          "--amount", "1", "--unsafe", "-y")
    s.run("stake transfer", "stake", "transfer", *a, "--hotkey", "m1", "--dest-ss58", BOB, "--origin-netuid", "1",
          "--dest-netuid", "1", "--amount", "1", "--unsafe", "-y")
    s.run("stake remove", "stake", "remove", *a, "--hotkey", "m1", "--netuid", "1", "--amount", "1", "--unsafe", "-y")
    s.run("wallet balance", "wallet", "balance", *a)
    s.run("wallet overview", "wallet", "overview", *a)
    s.run("wallet history", "wallet", "history", *a)
    s.run("wallet inspect", "wallet", "inspect", *a)
    s.run("stake claimable", "stake", "claimable", *a)
    s.run("stake set-claim", "stake", "set-claim", *a, "keep", "-y")
    s.run("stake process-claim", "stake", "process-claim", *a, "--netuids", "1", "-y")
    s.run("stake child set", "stake", "child", "set", *a, "--hotkey", "m1", "--netuid", "1", "--children", BOB,
          "--proportions", "0.5", "-y")
    s.run("stake child get", "stake", "child", "get", *a, "--hotkey", "m1", "--netuid", "1")
    s.run("stake child take", "stake", "child", "take", *a, "--hotkey", "m1", "--netuid", "1", "--take", "0.1", "-y")
    s.run("stake child take", "stake", "child", "take", *a, "--hotkey", "m1", "--netuid", "1")
    s.run("stake child revoke", "stake", "child", "revoke", *a, "--hotkey", "default", "--netuid", "1", "-y")
    s.run("sudo get-take", "sudo", "get-take", *a, "--hotkey", "m1")
    s.run("sudo set-take", "sudo", "set-take", *a, "--hotkey", "m1", "--take", "0.1", "-y")
    s.run("weights set", "weights", "set", *a, "--hotkey", "m1", "--netuid", "1", "--uids", "1", "--weights", "1", "-y")
    s.run("axon reset", "axon", "reset", *a, "--hotkey", "m1", "--netuid", "1", "-y")
    for param, value in (("tempo", "5"), ("commit_reveal_weights_enabled", "true")):
        s.run("sudo set", "sudo", "set", *a, "--netuid", "1", "--param", param, "--value", value, "-y")
    weights = ["--hotkey", "m1", "--netuid", "1", "--uids", "1", "--weights", "1", "--salt", "1,2,3", "-y"]
    s.run("weights commit", "weights", "commit", *a, *weights)
    deadline = time.monotonic() + 20  # the reveal epoch comes within a few 0.1 s blocks at tempo 5
    while not (s.run("weights reveal", "weights", "reveal", *a, *weights, must=False) or {}).get("success"):
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)

    s.run("stake set-auto", "stake", "set-auto", *a, "--netuid", "1", "-y", answer=M1 + "\n")  # asks, as the real one
    s.run("stake auto", "stake", "auto", *a)
    s.run("subnets mechanisms count", "subnets", "mechanisms", "count", "--netuid", "1")
    for param, value in (("max_allowed_uids", "128"), ("commit_reveal_weights_enabled", "false"), ("tempo", "360")):
        s.run("sudo set", "sudo", "set", *a, "--netuid", "1", "--param", param, "--value", value, "-y")
    s.run("subnets mechanisms set", "subnets", "mechanisms", "set", *a, "--netuid", "1", "--count", "2", "-y")
    s.run("subnets mechanisms emissions", "subnets", "mechanisms", "emissions", "--netuid", "1")
    s.run("subnets mechanisms split-emissions", "subnets", "mechanisms", "split-emissions", *a, "--netuid", "1",
          "--split", "60,40", "-y")
    deadline = time.monotonic() + 10  # trim and trigger-epoch are refused within 10 blocks of an epoch
    while s.run("subnets show", "subnets", "show", "--netuid", "1")["subnet"]["blocks_until_next_epoch"] < 15:
        assert time.monotonic() < deadline
        time.sleep(0.3)
    s.run("sudo stake-burn", "sudo", "stake-burn", *a, "--netuid", "1", "--hotkey", "m1", "--amount", "1",
          "--unsafe", "-y")
    s.run("sudo trim", "sudo", "trim", *a, "--netuid", "1", "--max", "64", "-y")
    s.run("sudo trigger-epoch", "sudo", "trigger-epoch", *a, "--netuid", "1", "-y")
    s.run("config add-proxy", "config", "add-proxy", "--name", "p1", "--address", BOB, "--proxy-type", "Any",
          "--spawner", ALICE, net=False)
    s.run("config update-proxy", "config", "update-proxy", "--name", "p1", "--note", "bob's", net=False)
    s.run("config proxies", "config", "proxies", net=False)
    s.run("config remove-proxy", "config", "remove-proxy", "--name", "p1", net=False)
    s.run("config clear-proxies", "config", "clear-proxies", "-y", net=False)
    s.run("proxy add", "proxy", "add", *a, "--delegate", BOB, "--proxy-type", "Any", "-y")
    s.run("proxy remove", "proxy", "remove", *a, "--delegate", BOB, "--proxy-type", "Any", "-y")
    s.run("proxy add", "proxy", "add", *a, "--delegate", BOB, "--proxy-type", "Transfer", "--delay", "2", "-y")
    s.run("wallet transfer", "wallet", "transfer", *b, "--proxy", ALICE, "--announce-only", "--destination", CHARLIE,
          "--amount", "1", "-y")
    with node.rpc() as rpc:
        announced = rpc.call("taonet_proxies", BOB)["announcements"][0]
        wait_for(lambda: rpc.call("taonet_proxies", BOB)["head"] >= announced["height"] + 2, what="the proxy's delay")
    s.run("proxy execute", "proxy", "execute", *b, "--proxy", ALICE, "--call-hash", announced["call_hash"], "-y")
    pure = s.run("proxy create", "proxy", "create", *a, "--proxy-type", "Any", "-y")
    if pure and pure.get("data"):
        made = pure["data"]
        s.run("proxy kill", "proxy", "kill", *a, "--height", str(made["height"]), "--ext-index", str(made["ext_index"]),
              "--spawner", made["spawner"], "--proxy-type", "Any", "--proxy", made["pure"], "-y")
    s.run("wallet new-hotkey", "wallet", "new-hotkey", *a, "--hotkey", "m2", "--uri", "//AliceM2", net=False)
    s.run("wallet swap-hotkey", "wallet", "swap-hotkey", "m2", *a, "--hotkey", "m1", "-y")
    s.run("wallet swap-coldkey", "wallet", "swap-coldkey", "announce", *b, "--new-coldkey", CHARLIE, "-y")
    s.run("wallet swap-check", "wallet", "swap-check", "--all")
    s.run("miner list", "miner", "list", "--data-dir", str(root / "chain"))
    s.run("validator list", "validator", "list", "--data-dir", str(root / "chain"))
    s.run("node status", "node", "status", "--data-dir", str(root / "chain"), net=False)
    detached = str(root / "detached")
    s.run("node start", "node", "start", "--dev", "--detach", "--data-dir", detached, "--rpc-port", str(free_port()),
          net=False)
    try:
        s.run("node logs", "node", "logs", "--data-dir", detached, net=False)
    finally:
        s.run("node stop", "node", "stop", "--data-dir", detached, "--force", net=False)
    s.run("node verify", "node", "verify", "--data-dir", detached, net=False)
    s.run("node purge", "node", "purge", "--data-dir", detached, "-y", net=False)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Session:
    root = tmp_path_factory.mktemp("json-shapes")
    node = NodeProcess(root / "chain", block_time=0.1)
    session = Session(root, node)
    try:
        scenario(session, root, node)
        error = session.run("error", "wallet", "balance", "--ss58", "not-an-address", must=False)
        session.printed["error"] = error
    finally:
        session.close()
        node.stop()
    return session


def test_every_command_with_json_output_has_a_documented_shape():
    commands = json_commands()
    assert commands - set(json_shapes.SHAPES) == set(), "document these in btcli/json_shapes/"
    assert set(json_shapes.SHAPES) - commands == set(), "these documented commands do not exist (or lost --json-output)"
    for name in json_shapes.SHAPES:
        assert json_shapes.lines(name), name  # every shape parses and has at least one key


def test_the_check_finds_a_missing_an_extra_and_a_mistyped_key():
    good = {"signed_message": "ab", "signer_address": ALICE, "message": "hi", "signer": ALICE, "signature": "0xab"}
    assert json_shapes.check("wallet sign", good) == []
    assert "missing" in " ".join(json_shapes.check("wallet sign", {k: v for k, v in good.items() if k != "signer"}))
    assert "not documented" in " ".join(json_shapes.check("wallet sign", {**good, "extra": 1}))
    assert "is not str" in " ".join(json_shapes.check("wallet sign", {**good, "message": 3}))
    # inside lists and maps too
    balance = {"network": "x", "totals": {"free": 1.0, "staked": 0.0, "total": 1.0},
               "balances": {"alice": {"coldkey": ALICE, "free": 1.0, "staked": 0, "total": 1.0}}}
    assert json_shapes.check("wallet balance", balance) == []
    balance["balances"]["alice"]["free"] = "1"
    assert json_shapes.check("wallet balance", balance) == ["wallet balance.balances['alice'].free: str '1' is not float"]


def test_every_documented_command_was_run_or_says_why_not(printed):
    assert printed.failed == {}, printed.failed
    ran = set(printed.printed) - {"error"}
    assert set(json_shapes.SHAPES) - ran == set(NOT_RUN)


@pytest.mark.parametrize("command", sorted(set(json_shapes.SHAPES) - set(NOT_RUN)))
def test_printed_json_has_the_documented_shape(printed, command):
    if command not in printed.printed:
        pytest.fail(f"{command} did not print JSON: {printed.failed.get(command)}")
    assert json_shapes.check(command, printed.printed[command]) == []


@pytest.mark.parametrize(("variant", "command"), [("subnets price --interval-hours", "subnets price")])
def test_a_second_form_of_a_command_has_the_documented_shape_too(printed, variant, command):
    assert json_shapes.check(command, printed.printed[variant]) == []


def test_an_error_has_the_error_shape(printed):
    errors: list[str] = []
    shape = json_shapes.parse(json_shapes.ERROR_SHAPE)
    json_shapes.check_value(printed.printed["error"], shape.type, shape.keys, "error", errors)
    assert errors == [] and printed.printed["error"]["success"] is False

"""`btcli miner|validator start | stop | list | logs` as real subprocesses against a real node."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.hosting.conftest import pid_running, wait_for
from wallet.keypair import Keypair
from wallet.wallet import Wallet


@pytest.fixture
def setup(hosting_node, tmp_path, btcli):
    wallets = str(tmp_path / "wallets")
    Wallet("w", "m1", wallets).write_hotkey(Keypair.from_uri("//Bob"), None)
    node = hosting_node()
    common = ["--data-dir", str(node.data_dir)]
    wallet = ["--wallet-name", "w", "--wallet-path", wallets, "--hotkey", "m1"]

    def run(*args: str, ok: bool = True):
        done = btcli(*args, timeout=120)
        if ok:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    return node, common, wallet, run


def test_start_list_logs_stop(setup):
    node, common, wallet, run = setup
    start = ["miner", "start", "--netuid", "7", *wallet, "--option", "bad=true", *common, "--json-output"]
    first = json.loads(run(*start).stdout)
    assert first["name"] == "miner-7-w-m1" and first["state"] == "running" and first["options"] == {"bad": "true"}
    assert json.loads(run(*start).stdout)["already_running"] is True
    listed = json.loads(run("miner", "list", *common, "--json-output").stdout)
    assert [p["name"] for p in listed["processes"]] == ["miner-7-w-m1"]
    assert json.loads(run("validator", "list", *common, "--json-output").stdout)["processes"] == []
    human = run("miner", "list", *common).stdout
    assert "miner-7-w-m1" in human and "running" in human
    wait_for(lambda: any("miner for subnet 7" in line for line in
                         json.loads(run("miner", "logs", "--process-name", "miner-7-w-m1", *common, "--json-output").stdout)["lines"]),
             timeout=60, interval=0.5, what="the miner's first log line")
    stopped = json.loads(run("miner", "stop", "--netuid", "7", "--wallet-name", "w", "--hotkey", "m1", *common,
                             "--json-output").stdout)
    assert stopped["state"] == "stopped" and not pid_running(first["pid"])


def test_errors_are_one_line(setup, tmp_path):
    node, common, wallet, run = setup
    unknown = run("miner", "start", "--netuid", "1", *wallet, "--subnet", "nosuch", *common, ok=False)
    assert unknown.returncode == 1 and "known subnets: charlm, template" in unknown.stderr
    missing = run("miner", "start", "--netuid", "1", "--wallet-name", "w", "--wallet-path", wallet[3], "--hotkey", "nope",
                  *common, ok=False)
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1
    no_node = run("miner", "list", "--data-dir", str(tmp_path / "empty"), "--json-output", ok=False)
    assert no_node.returncode == 1 and json.loads(no_node.stdout)["success"] is False
    assert "admin token" in no_node.stderr


def test_help_is_light():
    heavy = ("numpy", "torch", "httpx", "textual", "uvicorn", "starlette", "pydantic")
    probe = ("import sys, json\ntry:\n    from btcli.main import run; run(['miner', 'start', '--help'])\n"
             "except SystemExit: pass\n"
             f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def test_fund_hotkey_is_checked_before_anything_is_signed_or_started(setup, tmp_path):
    from wallet.mnemonic import generate

    node, common, wallet, run = setup
    Wallet("w", "m1", wallet[3]).write_coldkey(Keypair.from_mnemonic(generate(12)), None)  # a coldkey with τ0
    refused = run("miner", "start", "--netuid", "7", *wallet, "--fund-hotkey", "1", "-y", *common, "--json-output", ok=False)
    assert refused.returncode == 1 and json.loads(refused.stdout)["success"] is False
    assert "cannot send τ1.0" in refused.stderr and "nothing was sent" in refused.stderr, refused.stderr
    assert json.loads(run("miner", "list", *common, "--json-output").stdout)["processes"] == []

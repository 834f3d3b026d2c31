"""btcli node / wallet balance, transfer, overview / config as real subprocesses against real nodes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from node.genesis import DEV_ACCOUNTS, DEV_BALANCE
from tests.node.fixtures import free_port

BOB = DEV_ACCOUNTS["bob"]


@pytest.fixture
def cli(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BT_PW_")}
    env.update(HOME=str(home), TAONET_CONFIG=str(home / "config.json"), COLUMNS="200")
    exe = Path(sys.executable).with_name("btcli")
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "btcli"]

    def run(*args: str, ok: bool = True, timeout: float = 60, extra_env: dict | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run(base + list(args), env={**env, **(extra_env or {})}, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
        if ok:
            assert done.returncode == 0, done.stderr + done.stdout
        return done

    run.home = home  # type: ignore[attr-defined]
    return run


def as_json(done: subprocess.CompletedProcess):
    return json.loads(done.stdout)  # --json-output: the whole stdout is one JSON document


def test_node_lifecycle_detached(cli, tmp_path):
    data, port = str(tmp_path / "node"), str(free_port())
    started = as_json(cli("node", "start", "--dev", "--detach", "--data-dir", data, "--rpc-port", port, "--json-output"))
    try:
        assert started["chain"] == "taonet-dev" and started["rpc_url"].endswith(port)
        again = cli("node", "start", "--dev", "--detach", "--data-dir", data, "--rpc-port", port, ok=False)
        assert again.returncode == 1 and "already running" in again.stderr and again.stderr.count("\n") == 1
        status = as_json(cli("node", "status", "--data-dir", data, "--json-output"))
        assert status["running"] and status["pid"] == started["pid"] and status["best_number"] >= 0
        assert "RPC on" in cli("node", "logs", "--data-dir", data, "-n", "20").stdout
        refused = cli("node", "purge", "--data-dir", data, "-y", ok=False)
        assert "stop it first" in refused.stderr
    finally:
        stopped = as_json(cli("node", "stop", "--data-dir", data, "--json-output"))
    assert stopped == {"stopped": True, "pid": started["pid"], "killed": False, "data_dir": data}
    down = cli("node", "status", "--data-dir", data, "--json-output", ok=False)
    assert down.returncode == 1 and as_json(down)["running"] is False
    assert as_json(down)["chain"] == "taonet-dev" and as_json(down)["best_number"] >= status["best_number"]
    report = as_json(cli("node", "verify", "--data-dir", data, "--json-output"))
    assert report["ok"] and report["blocks"] >= 1
    no_tty = cli("node", "purge", "--data-dir", data, ok=False)
    assert "--no-prompt" in no_tty.stderr and Path(data).exists()
    assert as_json(cli("node", "purge", "--data-dir", data, "-y", "--json-output"))["purged"]
    assert not Path(data).exists()
    nothing = cli("node", "stop", "--data-dir", data, ok=False)
    assert nothing.returncode == 1 and nothing.stderr.startswith("Error: No node is running")


def test_wallet_balance_transfer_overview(cli, live_node, tmp_path):
    wallets = str(tmp_path / "wallets")
    net = ["--network", live_node.url]
    cli("wallet", "create", "--uri", "//Alice", "--no-use-password", "--name", "alice", "--wallet-path", wallets, "--json-output")
    balance = as_json(cli("wallet", "balance", "--name", "alice", "--wallet-path", wallets, *net, "--json-output"))
    assert balance["balances"]["alice"] == {"coldkey": DEV_ACCOUNTS["alice"], "free": DEV_BALANCE / 1e9,
                                            "staked": 0.0, "total": DEV_BALANCE / 1e9}
    no_prompt = cli("wallet", "transfer", "--dest", BOB, "--amount", "1.5", "--name", "alice", "--wallet-path", wallets, *net, ok=False)
    assert "no terminal to confirm" in no_prompt.stderr.lower()
    sent = as_json(cli("wallet", "transfer", "--dest", BOB, "--amount", "1.5", "--name", "alice", "--wallet-path", wallets,
                       *net, "--no-prompt", "--json-output"))
    assert sent["success"] and sent["amount_rao"] == 1_500_000_000 and sent["fee_rao"] > 0
    assert sent["balance_after_rao"] == DEV_BALANCE - 1_500_000_000 - sent["fee_rao"]
    bob = as_json(cli("wallet", "balance", "--ss58", BOB, *net, "--json-output"))
    assert bob["balances"][BOB]["free"] == (DEV_BALANCE + 1_500_000_000) / 1e9
    assert bob["totals"]["total"] == bob["balances"][BOB]["total"]
    everyone = as_json(cli("wallet", "balance", "--all", "--wallet-path", wallets, *net, "--json-output"))
    assert set(everyone["balances"]) == {"alice"}
    overview = as_json(cli("wallet", "overview", "--name", "alice", "--wallet-path", wallets, *net, "--json-output"))
    assert overview["coldkey"] == DEV_ACCOUNTS["alice"] and overview["hotkeys"][0]["name"] == "default"
    human = cli("wallet", "transfer", "--dest", BOB, "--amount", "2", "--name", "alice", "--wallet-path", wallets, *net, "-y")
    assert "Transferred" in human.stdout and "fee" in human.stderr
    too_much = cli("wallet", "transfer", "--dest", BOB, "--amount", "9999999", "--name", "alice", "--wallet-path", wallets,
                   *net, "-y", ok=False)
    assert too_much.stderr.startswith("Error: Balance too low to send τ9999999")
    bad = cli("wallet", "transfer", "--dest", "5Nope", "--amount", "1", "--name", "alice", "--wallet-path", wallets, *net, "-y",
              "--json-output", ok=False)
    assert bad.returncode == 1 and as_json(bad)["success"] is False and "invalid --destination" in as_json(bad)["error"].lower()
    negative = cli("wallet", "transfer", "--dest", BOB, "--amount", "-1", "--name", "alice", "--wallet-path", wallets, *net, "-y", ok=False)
    assert "negative" in negative.stderr


def test_no_node_is_one_line_with_the_fix(cli, tmp_path):
    done = cli("wallet", "balance", "--ss58", BOB, "--network", f"http://127.0.0.1:{free_port()}", ok=False)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "btcli node start --dev" in done.stderr


def test_config_set_get_clear_and_network_default(cli, live_node):
    assert as_json(cli("config", "get", "network", "--json-output"))["settings"]["network"] == {"value": "local", "source": "default"}
    cli("config", "set", "network", live_node.url)
    assert as_json(cli("config", "get", "--json-output"))["settings"]["network"]["value"] == live_node.url
    assert as_json(cli("wallet", "balance", "--ss58", BOB, "--json-output"))["balances"][BOB]["free"] == DEV_BALANCE / 1e9
    cli("config", "set", "--wallet-name", "w2", "--network", "local")
    settings = as_json(cli("config", "get", "--json-output"))["settings"]
    assert settings["wallet_name"]["value"] == "w2" and settings["network"]["value"] == "local"
    bad = cli("config", "set", "network", "nowhere", ok=False)
    assert "unknown network" in bad.stderr.lower()
    cli("config", "clear", "network")
    assert as_json(cli("config", "get", "network", "--json-output"))["settings"]["network"]["source"] == "default"
    cli("config", "clear", "-y")
    assert as_json(cli("config", "get", "wallet_name", "--json-output"))["settings"]["wallet_name"]["source"] == "default"


def test_node_start_in_the_foreground_stops_cleanly_on_ctrl_c(tmp_path):
    import signal

    from client.taonet import TaonetBackend
    from tests.node.fixtures import wait_for

    data, port = tmp_path / "fg", free_port()
    exe = Path(sys.executable).with_name("btcli")
    env = dict(os.environ, HOME=str(tmp_path), TAONET_CONFIG=str(tmp_path / "config.json"))
    proc = subprocess.Popen([str(exe), "node", "start", "--dev", "--data-dir", str(data), "--rpc-port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with TaonetBackend(f"http://127.0.0.1:{port}", timeout=2) as rpc:
            wait_for(lambda: (data / "node.json").exists(), what="node.json")
            rpc.wait_ready()
            wait_for(lambda: rpc.call("chain_getHeader")["number"] >= 2, what="two blocks")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopped at block" in err and not (data / "node.pid").exists()


@pytest.mark.slow
def test_transfer_from_an_encrypted_coldkey_with_the_bt_pw_variable(cli, live_node, tmp_path):
    """The coldkey password comes from password_source(): here the BT_PW_ variable (argon2i: ~3 s each way)."""
    from wallet import password
    from wallet.keypair import Keypair
    from wallet.wallet import Wallet

    wallets = tmp_path / "enc"
    w = Wallet("enc", "default", str(wallets))
    w.write_coldkey(Keypair.from_uri("//Dave"), password="Correct-Horse-9")
    path = str(w.coldkey_file.path)
    secret = {password.env_var_name(path): password.encode_env_value(path, "Correct-Horse-9")}
    sent = as_json(cli("wallet", "transfer", "--dest", BOB, "--amount", "0.25", "--name", "enc", "--wallet-path", str(wallets),
                       "--network", live_node.url, "-y", "--json-output", timeout=120, extra_env=secret))
    assert sent["success"] and sent["from"] == DEV_ACCOUNTS["dave"] and sent["amount_rao"] == 250_000_000

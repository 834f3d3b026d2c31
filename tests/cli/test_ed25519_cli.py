"""An ed25519 coldkey (`--crypto-type ed25519`) against one real dev node: it signs on the node's
Substrate façade (ws://, MultiSignature::Ed25519, as on subtensor) and is refused in one line, before
signing, on the taonet node's own JSON-RPC (whose extrinsics are sr25519-signed); bad values and a
JSON backup with ed25519 are usage errors."""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.cli.helpers import json_of
from tests.conftest import btcli_exe
from tests.node.fixtures import NodeProcess

BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("ed25519-cli")
    node = NodeProcess(root / "chain", block_time=0.2)
    environ = {**os.environ, "HOME": str(root), "TAONET_CONFIG": str(root / "config.json")}

    def btcli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(btcli_exe() + list(args), env=environ, capture_output=True, text=True, timeout=90,
                              stdin=subprocess.DEVNULL)

    wallets = str(root / "wallets")
    alice, edward = ("--name", "alice", "-p", wallets), ("--name", "ed", "-p", wallets)
    json_of(btcli("wallet", "create", *alice, "--uri", "//Alice", "--no-use-password", "--json-output"))
    made = json_of(btcli("wallet", "create", *edward, "--uri", "//Edward", "--coldkey-crypto-type", "ed25519",
                         "--no-use-password", "--json-output"))
    yield type("Env", (), {"node": node, "btcli": btcli, "alice": alice, "ed": edward,
                           "ed_ss58": made["keys"][0]["ss58_address"], "ws": node.url.replace("http://", "ws://")})
    node.stop()


def test_an_ed25519_coldkey_signs_on_the_facade_and_is_refused_on_taonet(env):
    json_of(env.btcli("wallet", "transfer", *env.alice, "--dest", env.ed_ss58, "--amount", "5", "-y",
                      "--network", env.node.url, "--json-output"))
    sent = json_of(env.btcli("wallet", "transfer", *env.ed, "--dest", BOB, "--amount", "1", "-y",
                             "--network", env.ws, "--json-output"))
    assert sent["success"] is True
    with env.node.rpc() as rpc:
        nonce = rpc.account(env.ed_ss58).nonce
    refused = env.btcli("wallet", "transfer", *env.ed, "--dest", BOB, "--amount", "1", "-y", "--network",
                        env.node.url, "--json-output")
    error = json_of(refused, 1)["error"]
    assert "ed25519" in error and "ws://" in error and "\n" not in error and "Traceback" not in refused.stderr
    with env.node.rpc() as rpc:
        assert rpc.account(env.ed_ss58).nonce == nonce  # nothing signed


def test_bad_values_are_usage_errors(env, tmp_path):
    bad = env.btcli("wallet", "new-coldkey", "-p", str(tmp_path), "--name", "x", "--crypto-type", "ecdsa",
                    "--no-use-password")
    assert bad.returncode == 2 and "sr25519 or ed25519" in bad.stderr and "Traceback" not in bad.stderr
    backup = tmp_path / "backup.json"
    backup.write_text("{}")
    refused = env.btcli("wallet", "regen-coldkey", "-p", str(tmp_path), "--name", "x", "--json", str(backup),
                        "--json-password", "x", "--crypto-type", "ed25519", "--no-use-password", "--json-output")
    assert refused.returncode != 0 and "sr25519 key" in refused.stdout and "Traceback" not in refused.stderr
    soft = env.btcli("wallet", "new-coldkey", "-p", str(tmp_path), "--name", "y", "--uri", "//Alice/soft",
                     "--crypto-type", "ed25519", "--no-use-password", "--json-output")
    assert soft.returncode != 0 and "hard derivation only" in soft.stdout
